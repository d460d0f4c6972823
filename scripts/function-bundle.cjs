// How one function is bundled: the artifact serverless.yml deploys. Shared by scripts/build.mjs,
// npm run bench and the tests that bundle a function themselves, so all three build the same thing.
const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const { minify } = require('@swc/core');
const { build } = require('esbuild');

const root = join(__dirname, '..');
/** Loaded by load-config.ts only when CLAIMS_CONFIG is set at run time. */
const VALIDATOR_FILE = 'config-validator.js';

const bundleOptions = {
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  // The Lambda runtime provides the AWS SDK v3; the trigger bundles never import it.
  external: ['@aws-sdk/*'],
  legalComments: 'none',
  logLevel: 'warning',
};

/**
 * Puts the config the build has already validated in place of shared/config/bundled-config.ts,
 * and leaves the validator (zod and our rules) to its own file: a cold start with the bundled
 * config never loads it.
 */
const validatedConfigPlugin = (config) => ({
  name: 'validated-claims-config',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]shared[\\/]config[\\/]bundled-config\.ts$/ }, () => ({
      contents: [
        "import { deepFreeze } from './deep-freeze';",
        "export const BUNDLED_CONFIG_SOURCE = 'bundled claims.config.json';",
        `const config = deepFreeze(${JSON.stringify(config)});`,
        'export const bundledConfig = () => config;',
      ].join('\n'),
      loader: 'ts',
      resolveDir: join(root, 'shared', 'config'),
    }));
    pluginBuild.onResolve({ filter: /^\.\/parse-config$/ }, (args) =>
      /[\\/]load-config\.ts$/.test(args.importer)
        ? { path: `./${VALIDATOR_FILE}`, external: true }
        : undefined,
    );
  },
});

/**
 * esbuild bundles and minifies; swc's compressor then takes ~5% more off (dead branches, inlined
 * constants, shorter top-level names), which is what keeps the trigger bundles under 40 KB.
 */
const compile = async ({ readable, ...options }) => {
  const result = await build({
    ...bundleOptions,
    ...options,
    ...(readable ? { minify: false } : {}),
    write: false,
    metafile: true,
  });
  const [output] = result.outputFiles;
  const code = readable
    ? output.text
    : await minify(output.text, {
        compress: { passes: 2, ecma: 2022, toplevel: true },
        mangle: { toplevel: true },
        ecma: 2022,
        module: false,
        format: { comments: false },
      }).then((minified) => minified.code);
  return { code, metafile: result.metafile };
};

const write = (file, code) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, code);
  return Buffer.byteLength(code);
};

/** The validator is the same file for every function: compiled once per process (and form). */
const validators = new Map();
const validatorCode = (readable, logLevel) => {
  if (!validators.has(readable)) {
    validators.set(
      readable,
      compile({
        readable,
        ...(logLevel ? { logLevel } : {}),
        entryPoints: [join(root, 'shared', 'config', 'parse-config.ts')],
        outfile: VALIDATOR_FILE,
      }).then(({ code }) => code),
    );
  }
  return validators.get(readable);
};

/**
 * Builds `<outdir>/index.js` (exporting `handler`) from `entry`, with `config` (a config already
 * validated by parseConfig) inside it, and `<outdir>/config-validator.js` beside it.
 * `readable` skips minification, for a CPU profile that names functions and lines.
 * @returns the bytes of each file, and esbuild's metafile of index.js (before swc) when asked for
 */
exports.buildFunctionBundle = async ({
  entry,
  outdir,
  config,
  metafile = false,
  logLevel,
  readable = false,
}) => {
  const main = await compile({
    readable,
    ...(logLevel ? { logLevel } : {}),
    entryPoints: [entry],
    outfile: join(outdir, 'index.js'),
    plugins: [validatedConfigPlugin(config)],
  });
  return {
    index: write(join(outdir, 'index.js'), main.code),
    validator: write(join(outdir, VALIDATOR_FILE), await validatorCode(readable, logLevel)),
    ...(metafile ? { metafile: main.metafile } : {}),
  };
};

/** The validator the functions ship, loaded here: what the build validates the config with. */
exports.loadValidator = async () => {
  const code = await validatorCode(false);
  const dir = mkdtempSync(join(tmpdir(), 'cognito-claims-validator-'));
  const file = join(dir, VALIDATOR_FILE);
  try {
    write(file, code);
    return require(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

exports.VALIDATOR_FILE = VALIDATOR_FILE;
exports.bundleOptions = bundleOptions;
