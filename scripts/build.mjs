// Builds one minified CommonJS bundle per function (dist/<function>/index.js, exporting `handler`),
// the artifact serverless.yml deploys, after validating the bundled claims.config.json.
// An invalid config fails the build, so it never reaches a deploy.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const { functionBundleOptions } = require('./bundle-options.cjs');

async function validateConfig() {
  const dir = mkdtempSync(join(tmpdir(), 'cognito-claims-build-'));
  const outfile = join(dir, 'parse-config.cjs');
  try {
    await build({
      entryPoints: [join(root, 'shared/config/parse-config.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile,
      logLevel: 'silent',
    });
    const { parseConfigText } = require(outfile);
    const path = process.env.CLAIMS_CONFIG_FILE ?? join(root, 'claims.config.json');
    const config = parseConfigText(readFileSync(path, 'utf8'), path);
    console.log(
      `config ok: ${path} (${config.claims.length} claims, ${config.idpTokens.length} IdP tokens)`,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return true;
}

async function buildFunctions() {
  const functionsDir = join(root, 'functions');
  const names = readdirSync(functionsDir).filter((name) =>
    existsSync(join(functionsDir, name, 'handler.ts')),
  );
  for (const name of names) {
    const outfile = join(root, 'dist', name, 'index.js');
    await build(functionBundleOptions(join(functionsDir, name, 'handler.ts'), outfile));
    console.log(
      `built dist/${name}/index.js (${statSync(outfile).size.toLocaleString('en')} bytes)`,
    );
  }
}

async function buildCli() {
  const cliDir = join(root, 'cli');
  if (!existsSync(cliDir)) return;
  const entries = readdirSync(cliDir).filter((file) => file.endsWith('.ts'));
  for (const file of entries) {
    const outfile = join(root, 'dist', 'cli', file.replace(/\.ts$/, '.js'));
    await build({
      entryPoints: [join(cliDir, file)],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      outfile,
      logLevel: 'warning',
    });
    console.log(`built dist/cli/${file.replace(/\.ts$/, '.js')}`);
  }
}

if (await validateConfig()) {
  await buildFunctions();
  await buildCli();
}
