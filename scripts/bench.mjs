// npm run bench: cold-start load time and warm invocation cost of the deployed bundles.
// These machines are shared and noisy, so every figure is a median over many samples, and the
// headline numbers are ratios against a baseline measured in the same run.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const dist = join(root, 'dist');
const COLD_SAMPLES = Number(process.env.BENCH_COLD_SAMPLES ?? 15);
const WARM_SAMPLES = Number(process.env.BENCH_WARM_SAMPLES ?? 20_000);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const fmt = (n, digits = 2) => n.toFixed(digits);

/** Time of require() alone, in a fresh process each sample (what a cold start pays to load). */
const coldLoad = (modulePath) => {
  const code = `const t=process.hrtime.bigint();require(${JSON.stringify(modulePath)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));`;
  const samples = [];
  for (let i = 0; i < COLD_SAMPLES; i += 1) {
    const out = execFileSync(process.execPath, ['-e', code], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      // Quiet loggers: a misconfigured-at-load function (e.g. the authorizer) logs at ERROR.
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
    });
    samples.push(Number(out.trim().split('\n').pop()));
  }
  return median(samples);
};

const context = {
  functionName: 'bench',
  awsRequestId: 'bench',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:bench',
  getRemainingTimeInMillis: () => 5000,
};

const loadEvent = (path) =>
  JSON.parse(readFileSync(join(root, 'tests', 'events', `${path}.json`), 'utf8'));

/** Warm invocations of a bundled handler: microseconds per call. */
const warm = async (handler, path) => {
  const template = loadEvent(path);
  for (let i = 0; i < 500; i += 1) await handler(structuredClone(template), context);
  const samples = [];
  for (let i = 0; i < WARM_SAMPLES; i += 1) {
    const event = structuredClone(template);
    const start = performance.now();
    await handler(event, context);
    samples.push((performance.now() - start) * 1000);
  }
  return { median: median(samples), p99: percentile(samples, 99) };
};

/** A fresh copy of the deployed bundle, loaded with `config` as CLAIMS_CONFIG (or the bundled one). */
const loadPreTokenHandler = (config) => {
  const file = join(dist, 'pre-token-generation', 'index.js');
  delete require.cache[require.resolve(file)];
  if (config) process.env.CLAIMS_CONFIG = JSON.stringify(config);
  try {
    return require(file).handler;
  } finally {
    delete process.env.CLAIMS_CONFIG;
  }
};

/** The baseline a hand-written trigger would cost: copy two attributes, no validation, no logs. */
const handWritten = async (event) => {
  const a = event.request.userAttributes;
  event.response = {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration: { claimsToAddOrOverride: { tenant_id: a['custom:tenant_id'] } },
      accessTokenGeneration: { claimsToAddOrOverride: { tenant_id: a['custom:tenant_id'] } },
    },
  };
  return event;
};

const main = async () => {
  if (!existsSync(dist)) throw new Error('dist/ is missing: run npm run build first');
  console.log(
    `cognito-claims benchmark (node ${process.version}, ${COLD_SAMPLES} cold samples, ${WARM_SAMPLES.toLocaleString('en')} warm samples)\n`,
  );

  const baseline = coldLoad('node:crypto');
  console.log('Cold start: time to require() the bundle in a fresh process (median)');
  console.log(`  baseline require('node:crypto')           ${fmt(baseline)} ms`);
  const functions = readdirSync(dist).filter((name) => existsSync(join(dist, name, 'index.js')));
  for (const name of functions) {
    const file = join(dist, name, 'index.js');
    const ms = coldLoad(file);
    const size = statSync(file).size;
    console.log(
      `  ${name.padEnd(24)} ${String(size.toLocaleString('en')).padStart(8)} B  ${fmt(ms).padStart(6)} ms  (${fmt(ms / baseline, 1)}x baseline)`,
    );
  }
  try {
    const sdk = coldLoad(
      require.resolve('@aws-sdk/client-cognito-identity-provider', { paths: [root] }),
    );
    console.log(
      `  for scale: the Cognito SDK client alone   ${fmt(sdk)} ms (kept out of every trigger bundle)`,
    );
  } catch {
    // The SDK is a dependency of the CLI only; skip the comparison if it is absent.
  }

  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  const handler = loadPreTokenHandler();
  // A V1 pool customises the ID token only, so it runs a config whose claims go there: the
  // bundled one would record every access-token rule it skips on each call.
  const bundled = JSON.parse(readFileSync(join(root, 'claims.config.json'), 'utf8'));
  const v1Handler = loadPreTokenHandler({
    ...bundled,
    claims: bundled.claims.map((claim) => ({ ...claim, tokens: ['id'] })),
    scopes: { add: [], suppress: [] },
    suppress: { ...bundled.suppress, access: [] },
  });
  console.log('\nWarm invocation of dist/pre-token-generation (microseconds per call)');
  const rows = [
    ['V2 hosted-UI federated user', 'pre-token-generation/v2-hosted-auth-federated', handler],
    ['V2 refresh', 'pre-token-generation/v2-refresh-tokens', handler],
    ['V3 client credentials', 'pre-token-generation/v3-client-credentials', handler],
    ['V1 authentication (ID-token config)', 'pre-token-generation/v1-authentication', v1Handler],
  ];
  const template = loadEvent('pre-token-generation/v2-refresh-tokens');
  const manual = [];
  for (let i = 0; i < WARM_SAMPLES; i += 1) {
    const event = structuredClone(template);
    const start = performance.now();
    await handWritten(event);
    manual.push((performance.now() - start) * 1000);
  }
  const manualMedian = median(manual);
  console.log(`  hand-written 1-claim trigger (baseline)   median ${fmt(manualMedian)} µs`);
  for (const [label, path, run] of rows) {
    const result = await warm(run, path);
    console.log(
      `  ${label.padEnd(40)} median ${fmt(result.median)} µs  p99 ${fmt(result.p99)} µs  (${fmt(result.median / manualMedian, 1)}x baseline)`,
    );
  }
  console.log(
    '\nCognito allows a trigger 5 s; these are the figures of this machine, not of Lambda.',
  );
};

await main();
