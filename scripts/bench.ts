/**
 * npm run bench: what each function costs to load, what a sign-in costs in the trigger, and what
 * the downstream saving is, beside a floor measured in the same run: an empty handler with the
 * same Powertools logger and middy setup, bundled the same way (bench/floor-handler.ts).
 * These machines are shared and noisy: figures are medians of many samples, the floor and the
 * function take turns so noise falls on both, and the targets are read as ratios where they can be.
 *
 *   npm run bench                      build, measure, print the tables, write bench/results.json
 *   BENCH_COLD_RUNS=40 npm run bench   more fresh processes per bundle (default 21)
 *   BENCH_ROUNDS, BENCH_WARM_SAMPLES, BENCH_AUTHORIZER_SAMPLES, BENCH_GET_USER_CALLS,
 *   BENCH_RESULTS (where the JSON goes) change the rest; the defaults are the published run.
 *
 * Each step is one file in scripts/bench/; this file runs them in order. Exits 1 when a target
 * (scripts/bench/targets.ts) is missed, so a regression cannot pass unnoticed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ClaimsConfig } from '../shared/core/claims/types';
import { parseConfig } from '../shared/core/config/parse-config';
import { authorizerCacheFigures, DEFAULT_MIX } from './bench/authorizer-cache';
import { measureAuthorizerFirstSight } from './bench/authorizer-first-sight';
import { measureAuthorizerWarm } from './bench/authorizer-warm';
import { buildBenchBundles } from './bench/bench-bundles';
import { bytes, fixed } from './bench/format';
import { measureGetUser } from './bench/get-user';
import { measureModuleLoads } from './bench/module-load';
import { measurePostAuthenticationWarm } from './bench/post-authentication-warm';
import { measurePreTokenRulesWarm } from './bench/pre-token-rules-warm';
import { measurePreTokenSources, printPreTokenSources } from './bench/pre-token-sources';
import { measurePreTokenWarm } from './bench/pre-token-warm';
import { readJson } from './bench/read-json';
import { authorizerTargets, printAuthorizerRows } from './bench/report-authorizer';
import { printBundles, SDK_MODULE } from './bench/report-bundles';
import { printWarm } from './bench/report-warm';
import { writeResults } from './bench/results';
import { benchSettings, DIST, FIXTURES, ROOT } from './bench/settings';
import { measureSizes } from './bench/sizes';
import { evaluateTargets, printTargets } from './bench/targets';

async function main(): Promise<void> {
  const settings = benchSettings();
  const { rounds } = settings;
  if (!existsSync(join(DIST, 'pre-token-generation', 'index.js'))) {
    throw new Error('dist/ is missing: run npm run build first (npm run bench does)');
  }
  const started = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'cognito-claims-bench-'));
  try {
    const config: ClaimsConfig = parseConfig(
      readJson(join(FIXTURES, 'claims.config.json')),
      'bench/fixtures/claims.config.json',
    );
    const bundles = await buildBenchBundles(work, config);
    console.log(
      `cognito-claims benchmark: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'})\n`,
    );

    // 1. Sizes, 2. cold start.
    const sizes = measureSizes(DIST, join(ROOT, 'functions'), bundles.floor);
    console.log(
      `Measuring module load: ${settings.coldRuns} fresh processes per bundle, taking turns...`,
    );
    const loads = measureModuleLoads(
      {
        floor: bundles.floor,
        ...Object.fromEntries(sizes.functions.map((name) => [name, join(DIST, name, 'index.js')])),
        [SDK_MODULE]: require.resolve('@aws-sdk/client-cognito-identity-provider'),
      },
      settings.coldRuns,
    );
    printBundles(sizes, loads);

    // 3. Warm invocations.
    console.log(
      `\nMeasuring warm invocations: ${rounds} rounds of ${bytes(settings.warmSamples)} calls per function, taking turns with the floor...`,
    );
    const preTokenWarm = await measurePreTokenWarm(bundles, config, settings.warmSamples, rounds);
    const preTokenRules = await measurePreTokenRulesWarm(
      work,
      bundles.floor,
      settings.warmSamples,
      rounds,
    );
    const now = Math.floor(Date.now() / 1000);
    const postAuthentication = await measurePostAuthenticationWarm(
      bundles,
      work,
      now,
      settings.warmSamples,
      rounds,
    );

    // 4. The authorizer, with the claims the trigger just produced, against GetUser.
    console.log(
      `Measuring the authorizer: ${rounds} rounds of ${bytes(settings.authorizerSamples)} requests, JWKS cached after the first...`,
    );
    const authorizer = await measureAuthorizerWarm(
      bundles,
      work,
      now,
      preTokenWarm.details?.accessTokenGeneration?.claimsToAddOrOverride,
      settings.authorizerSamples,
      rounds,
    );
    console.log('Measuring the authorizer on first sight of a token: a new token every call...');
    const firstSight = await measureAuthorizerFirstSight(
      bundles.authorizer,
      work,
      config,
      now,
      preTokenWarm.details?.accessTokenGeneration?.claimsToAddOrOverride,
      settings.authorizerSamples,
      rounds,
    );
    const authorizerCache = authorizerCacheFigures(DEFAULT_MIX);
    console.log(
      `Measuring GetUser against cognito-local: ${bytes(settings.getUserCalls)} calls...`,
    );
    const attributes = readJson<{ request: { userAttributes: Record<string, string> } }>(
      preTokenWarm.event,
    ).request.userAttributes;
    const getUser = await measureGetUser(work, attributes, settings.getUserCalls);
    const warm = {
      claims: config.claims.length,
      rounds,
      preToken: preTokenWarm.preToken,
      handWritten: preTokenWarm.handWritten,
      preTokenRules,
      postAuthentication,
      authorizer,
      getUser,
    };
    printWarm(warm);
    printAuthorizerRows(firstSight, authorizerCache, DEFAULT_MIX);
    // Claims from a DynamoDB table (dynalite on loopback): printed, not held as targets.
    const sources = await measurePreTokenSources(work, bundles.floor, {
      rounds,
      perRound: 200,
      loads: settings.coldRuns,
    });
    console.log(`\n${printPreTokenSources(sources).join('\n')}`);

    // 5. Targets, and the figures as JSON.
    const targets = [
      ...evaluateTargets({ sizes, loads, preToken: warm.preToken, authorizer }),
      ...authorizerTargets(firstSight),
    ];
    printTargets(targets);
    const seconds = (performance.now() - started) / 1000;
    writeResults(settings.results, {
      seconds,
      settings,
      sizes,
      loads,
      preTokenWarm,
      warm,
      targets,
      authorizerFirstSight: firstSight,
      authorizerCache,
    });
    console.log(
      `\nWrote ${relative(ROOT, settings.results)} in ${fixed(seconds, 0)} s. Figures are this machine's, not Lambda's.`,
    );
    if (targets.some((t) => !t.met)) process.exitCode = 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
