/**
 * The size of what ships: every function bundle in dist/ (what `npm run build`, the default deploy
 * path, makes), its gzip size and whether the AWS SDK got into it; the operator tools may use it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly awsSdk: boolean;
  /** config-validator.js beside index.js, loaded only when CLAIMS_CONFIG is set at run time. */
  readonly validatorBytes?: number;
}

export interface Sizes {
  /** The folders of dist/ that hold a function's index.js (functions/<name>/handler.ts). */
  readonly functions: readonly string[];
  /** The floor and every function, by name. */
  readonly sizes: Record<string, BundleSize>;
  /** `cli/<file>.js` → whether it uses the AWS SDK. */
  readonly tooling: Record<string, boolean>;
}

function usesAwsSdk(path: string): boolean {
  return /@aws-sdk\//.test(readFileSync(path, 'utf8'));
}

function sizeOf(path: string): BundleSize {
  const text = readFileSync(path);
  return {
    bytes: text.length,
    gzipBytes: gzipSync(text, { level: 9 }).length,
    awsSdk: usesAwsSdk(path),
  };
}

/** @param functionsDir functions/: a dist/ folder is a function's only if its source is there */
export function measureSizes(dist: string, functionsDir: string, floor: string): Sizes {
  // dist/ also holds the CLI and the library entries (dist/lib): they are not functions.
  const functions = readdirSync(dist).filter(
    (name) =>
      existsSync(join(dist, name, 'index.js')) &&
      existsSync(join(functionsDir, name, 'handler.ts')),
  );
  const sizes: Record<string, BundleSize> = { floor: sizeOf(floor) };
  for (const name of functions) {
    const index = sizeOf(join(dist, name, 'index.js'));
    const validator = join(dist, name, 'config-validator.js');
    sizes[name] = existsSync(validator)
      ? {
          ...index,
          validatorBytes: sizeOf(validator).bytes,
          awsSdk: index.awsSdk || usesAwsSdk(validator),
        }
      : index;
  }
  const tools = existsSync(join(dist, 'cli'))
    ? readdirSync(join(dist, 'cli')).filter((file) => file.endsWith('.js'))
    : [];
  const tooling = Object.fromEntries(
    tools.map((file) => [`cli/${file}`, usesAwsSdk(join(dist, 'cli', file))]),
  );
  return { functions, sizes, tooling };
}
