/**
 * The bundles the warm loops run: the functions, the floor and the hand-written comparison, built
 * into the run's work folder with the benchmark's config, exactly as `npm run build` would build
 * them, so the floor pays for the same setup and bundling as the functions it is set against.
 */
import { join } from 'node:path';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { buildFunctionBundle } from '../function-bundle.cjs';
import { ROOT } from './settings';

export interface BenchBundles {
  /** An empty handler with the same Powertools logger and middy setup (bench/floor-handler.ts). */
  readonly floor: string;
  readonly preToken: string;
  /** The same 15 claims written by hand, no checks (bench/hand-written-handler.ts). */
  readonly handWritten: string;
  readonly postAuthentication: string;
  readonly authorizer: string;
}

/** Bundles one entry and returns the path of its index.js. */
export async function bundle(entry: string, outdir: string, config: ClaimsConfig): Promise<string> {
  await buildFunctionBundle({ entry, outdir, config, logLevel: 'error' });
  return join(outdir, 'index.js');
}

export async function buildBenchBundles(work: string, config: ClaimsConfig): Promise<BenchBundles> {
  const functionBundle = (name: string) =>
    bundle(join(ROOT, 'functions', name, 'handler.ts'), join(work, name), config);
  const floor = await bundle(join(ROOT, 'bench', 'floor-handler.ts'), join(work, 'floor'), config);
  const preToken = await functionBundle('pre-token-generation');
  const handWritten = await bundle(
    join(ROOT, 'bench', 'hand-written-handler.ts'),
    join(work, 'hand-written'),
    config,
  );
  const postAuthentication = await functionBundle('post-authentication');
  const authorizer = await functionBundle('authorizer');
  return { floor, preToken, handWritten, postAuthentication, authorizer };
}
