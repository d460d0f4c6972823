// esbuild options for one function bundle, the artifact serverless.yml deploys. Shared by
// scripts/build.mjs and the tests that bundle a function themselves, so both build the same thing.
/** @param {string} entry @param {string} outfile */
exports.functionBundleOptions = (entry, outfile) => ({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  // The Lambda runtime provides the AWS SDK v3; the trigger bundles never import it.
  external: ['@aws-sdk/*'],
  legalComments: 'none',
  outfile,
  logLevel: 'warning',
});
