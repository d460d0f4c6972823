// How one function is bundled: the artifact serverless.yml deploys. Shared by scripts/build.mjs,
// npm run bench and the tests that bundle a function themselves, so all three build the same thing.
const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const { minify } = require('@swc/core');
const { build } = require('esbuild');

const root = join(__dirname, '..');
/** The seam (shared/runtime/config/packaged-config.ts): files the packager writes beside index.js. */
const PACKAGED_CONFIG_FILE = 'validated-config.json';
/** Loaded by load-config.ts only when CLAIMS_CONFIG is set at run time. */
const VALIDATOR_FILE = 'config-validator.js';
const VALIDATOR_ENTRY = join(root, 'shared', 'runtime', 'config', 'config-validator.ts');
/** Loaded by shared/runtime/sources/load-reader.ts only when the config has `sources`. */
const READER_FILE = 'dynamodb-reader.js';
const READER_ENTRY = join(root, 'shared', 'runtime', 'sources', 'dynamodb-reader.ts');
/** Loaded by shared/runtime/claims/load-rule-features.ts only for a config with `transform` or `groups`. */
const FEATURES_FILE = 'rule-features.js';
const FEATURES_ENTRY = join(root, 'shared', 'runtime', 'claims', 'rule-features.ts');

const bundleOptions = {
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  // The Lambda runtime provides the AWS SDK v3; the trigger bundles never import it. The packaged
  // config and the validator are sibling files, required at run time, never bundled in.
  external: [
    '@aws-sdk/*',
    `./${PACKAGED_CONFIG_FILE}`,
    './config-validator',
    './dynamodb-reader',
    './rule-features',
  ],
  legalComments: 'none',
  logLevel: 'warning',
};

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

/**
 * A sibling file of index.js (the validator, the table reader, the rule features): the same file
 * for every function, compiled once per process and form.
 */
const siblings = new Map();
const siblingCode = (entry, file, readable, logLevel) => {
  const key = `${file}:${readable}`;
  if (!siblings.has(key)) {
    siblings.set(
      key,
      compile({
        readable,
        ...(logLevel ? { logLevel } : {}),
        entryPoints: [entry],
        outfile: file,
      }).then(({ code }) => code),
    );
  }
  return siblings.get(key);
};

const validatorCode = (readable, logLevel) =>
  siblingCode(VALIDATOR_ENTRY, VALIDATOR_FILE, readable, logLevel);

/**
 * Builds `<outdir>/index.js` (exporting `handler`) from `entry`, with `<outdir>/config-validator.js`
 * and `config` (a config already validated by parseConfig) as `<outdir>/validated-config.json`
 * beside it.
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
  });
  return {
    index: write(join(outdir, 'index.js'), main.code),
    config: await writePackagedConfig(outdir, config),
    validator: write(join(outdir, VALIDATOR_FILE), await validatorCode(readable, logLevel)),
    // Only the pre token generation function reads sources and compiles claim rules.
    ...(main.code.includes('./dynamodb-reader')
      ? {
          reader: write(
            join(outdir, READER_FILE),
            await siblingCode(READER_ENTRY, READER_FILE, readable, logLevel),
          ),
        }
      : {}),
    ...(main.code.includes('./rule-features')
      ? {
          features: write(
            join(outdir, FEATURES_FILE),
            await siblingCode(FEATURES_ENTRY, FEATURES_FILE, readable, logLevel),
          ),
        }
      : {}),
    ...(metafile ? { metafile: main.metafile } : {}),
  };
};

/**
 * Writes the seam's config file, the config with its version (packagedConfigJson, from the
 * validator the functions ship): what the Serverless plugin does in a user's service too.
 */
const writePackagedConfig = async (outdir, config) => {
  const { packagedConfigJson } = await exports.loadValidator();
  return write(join(outdir, PACKAGED_CONFIG_FILE), packagedConfigJson(config));
};

/** The validator the functions ship, loaded here (once per process): what the build validates the config with. */
let loadedValidator;
exports.loadValidator = () => {
  loadedValidator ??= validatorCode(false).then((code) => {
    const dir = mkdtempSync(join(tmpdir(), 'cognito-claims-validator-'));
    const file = join(dir, VALIDATOR_FILE);
    try {
      write(file, code);
      return require(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return loadedValidator;
};

exports.VALIDATOR_FILE = VALIDATOR_FILE;
exports.READER_FILE = READER_FILE;
exports.FEATURES_FILE = FEATURES_FILE;
exports.PACKAGED_CONFIG_FILE = PACKAGED_CONFIG_FILE;
exports.writePackagedConfig = writePackagedConfig;
exports.bundleOptions = bundleOptions;
