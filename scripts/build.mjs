// Builds one minified CommonJS bundle per function (dist/<function>/index.js, exporting `handler`),
// the artifact serverless.yml deploys, after validating claims.config.json (or CLAIMS_CONFIG_FILE).
// An invalid config fails the build, so it never reaches a deploy; a valid one goes into every
// bundle already validated, with its defaults filled in.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const { buildFunctionBundle, loadValidator } = require('./function-bundle.cjs');

async function validateConfig() {
  try {
    const { parseConfigText } = await loadValidator();
    const path = process.env.CLAIMS_CONFIG_FILE ?? join(root, 'claims.config.json');
    const config = parseConfigText(readFileSync(path, 'utf8'), path);
    console.log(
      `config ok: ${path} (${config.claims.length} claims, ${config.idpTokens.length} IdP tokens)`,
    );
    return config;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
    return undefined;
  }
}

async function buildFunctions(config) {
  const functionsDir = join(root, 'functions');
  const names = readdirSync(functionsDir).filter((name) =>
    existsSync(join(functionsDir, name, 'handler.ts')),
  );
  for (const name of names) {
    const outdir = join(root, 'dist', name);
    rmSync(outdir, { recursive: true, force: true });
    const bytes = await buildFunctionBundle({
      entry: join(functionsDir, name, 'handler.ts'),
      outdir,
      config,
    });
    console.log(
      `built dist/${name}/index.js (${bytes.index.toLocaleString('en')} bytes; validated-config.json ${bytes.config.toLocaleString('en')} bytes; config-validator.js ${bytes.validator.toLocaleString('en')} bytes, loaded only for CLAIMS_CONFIG)`,
    );
  }
}

/** The operator tools' entry points (bin): every other file under cli/ is bundled into them. */
const CLI_ENTRIES = ['cognito-claims.ts', 'attach.ts', 'serverless.ts'];

async function buildCli() {
  const cliDir = join(root, 'cli');
  for (const file of CLI_ENTRIES) {
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

/** The library the package's entry points name: CommonJS and .d.ts under dist/lib. */
function buildLibrary() {
  rmSync(join(root, 'dist', 'lib'), { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.lib.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  console.log(
    'built dist/lib (the library entries: cognito-claims, /triggers, /authorizer, /config)',
  );
}

const config = await validateConfig();
if (config) {
  await buildFunctions(config);
  await buildCli();
  buildLibrary();
}
