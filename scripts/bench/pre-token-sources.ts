/**
 * Claims from a DynamoDB table (issue 18), on loopback against dynalite: a sourced sign-in with a
 * warm cache beside the same claims from attributes; an uncached sign-in's time beyond the
 * table's own GetItem round trip (a signed request straight to dynalite, in the same process);
 * and cold start with one source (index.js requires dynamodb-reader.js at load) against the
 * floor and the same function without sources. Figures are this machine's and loopback's.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { parseConfig } from '../../shared/core/config/parse-config';
import { createTable, putItem, startDynaliteProcess } from '../local/dynamodb-api';
import { bundle } from './bench-bundles';
import { LOAD_ENV } from './load-env';
import { loadOnce } from './module-load';
import { ROOT } from './settings';
import { type Timing, timing } from './stats';

export interface PreTokenSources {
  /** µs per sign-in, medians over the rounds. */
  readonly unsourcedUs: number;
  readonly warmCacheUs: number;
  readonly uncachedUs: number;
  /** The table's own answer: one signed GetItem straight to dynalite, µs. */
  readonly tableUs: number;
  /** uncached - unsourced - table. */
  readonly addedUs: number;
  /** ms to require() in a fresh process. */
  readonly load: { readonly floor: Timing; readonly noSources: Timing; readonly oneSource: Timing };
}

const SUB = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
const source = (cacheSeconds: number) => ({
  dynamodb: { table: 'Accounts', key: { pk: 'TENANT#{custom:tenant_id}', sk: 'USER#{sub}' } },
  timeoutMs: 300,
  cacheSeconds,
});
const sourced = (cacheSeconds: number): ClaimsConfig =>
  parseConfig({
    sources: { account: source(cacheSeconds) },
    claims: [
      { claim: 'plan', source: 'account', from: 'plan', tokens: ['access'] },
      { claim: 'entitlements', source: 'account', type: 'string[]', tokens: ['access'] },
      { claim: 'seat_limit', source: 'account', from: 'limits.seats', type: 'number' },
    ],
  });
/** The same three claims from user attributes: what the sourced sign-in is compared with. */
const UNSOURCED = parseConfig({
  claims: [
    { claim: 'plan', from: 'custom:plan', tokens: ['access'] },
    { claim: 'entitlements', from: 'custom:entitlements', type: 'string[]', tokens: ['access'] },
    { claim: 'seat_limit', from: 'custom:seats', type: 'number' },
  ],
});

const EVENT = {
  version: '2',
  triggerSource: 'TokenGeneration_Authentication',
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_EXAMPLE',
  userName: 'jane',
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: '1example23456789' },
  request: {
    userAttributes: {
      sub: SUB,
      'custom:tenant_id': 'acme',
      'custom:plan': 'pro',
      'custom:entitlements': '["reports","export"]',
      'custom:seats': '25',
    },
    groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
    scopes: ['openid'],
  },
  response: {},
};

/** Runs in a child process: every handler and the direct GetItem take turns, round by round. */
const LOOP = `
const { AwsClient } = require('aws4fetch');
const [endpoint, rounds, perRound, ...paths] = JSON.parse(process.argv[1]);
const event = JSON.parse(process.argv[2]);
const context = { functionName: 'f', awsRequestId: 'r', getRemainingTimeInMillis: () => 5000 };
const handlers = paths.map((path) => require(path).handler);
const client = new AwsClient({ accessKeyId: 'test', secretAccessKey: 'test', service: 'dynamodb', region: 'eu-west-1', retries: 0 });
const direct = async () => {
  const r = await client.fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' },
    body: JSON.stringify({ TableName: 'Accounts', Key: { pk: { S: 'TENANT#acme' }, sk: { S: 'USER#${SUB}' } } }) });
  await r.text();
};
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
(async () => {
  const runs = [...handlers.map((h) => () => h(structuredClone(event), context)), direct];
  for (const run of runs) for (let i = 0; i < 200; i += 1) await run();
  const medians = runs.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    for (const [i, run] of runs.entries()) {
      const times = [];
      for (let n = 0; n < perRound; n += 1) {
        const t = process.hrtime.bigint();
        await run();
        times.push(Number(process.hrtime.bigint() - t) / 1000);
      }
      medians[i].push(median(times));
    }
  }
  process.stdout.write('\\nRESULT ' + JSON.stringify(medians.map(median)) + '\\n');
})();
`;

/** The item the sourced sign-ins read. */
const seed = async (endpoint: string): Promise<void> => {
  await createTable(endpoint, 'Accounts', ['pk', 'sk']);
  await putItem(endpoint, 'Accounts', {
    pk: { S: 'TENANT#acme' },
    sk: { S: `USER#${SUB}` },
    plan: { S: 'pro' },
    entitlements: { SS: ['reports', 'export'] },
    limits: { M: { seats: { N: '25' } } },
  });
};

export async function measurePreTokenSources(
  work: string,
  floor: string,
  options: { readonly rounds: number; readonly perRound: number; readonly loads: number },
): Promise<PreTokenSources> {
  const entry = join(ROOT, 'functions', 'pre-token-generation', 'handler.ts');
  const unsourced = await bundle(entry, join(work, 'ptg-unsourced'), UNSOURCED);
  const warm = await bundle(entry, join(work, 'ptg-sourced'), sourced(60));
  const uncached = await bundle(entry, join(work, 'ptg-sourced-uncached'), sourced(0));
  const dynalite = await startDynaliteProcess();
  try {
    await seed(dynalite.endpoint);
    const env = {
      ...LOAD_ENV,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    };
    const child = spawnSync(
      process.execPath,
      [
        '-e',
        LOOP,
        JSON.stringify([
          dynalite.endpoint,
          options.rounds,
          options.perRound,
          unsourced,
          warm,
          uncached,
        ]),
        JSON.stringify(EVENT),
      ],
      { cwd: ROOT, env, encoding: 'utf8' },
    );
    const line = child.stdout.split('\n').find((text) => text.startsWith('RESULT '));
    if (!line)
      throw new Error(`the sources loop gave no result:\n${child.stdout}\n${child.stderr}`);
    const [unsourcedUs, warmCacheUs, uncachedUs, tableUs] = JSON.parse(
      line.slice('RESULT '.length),
    ) as number[];
    const samples = { floor: [] as number[], noSources: [] as number[], oneSource: [] as number[] };
    for (let run = 0; run < options.loads; run += 1) {
      samples.floor.push(loadOnce(floor));
      samples.noSources.push(loadOnce(unsourced));
      samples.oneSource.push(loadOnce(warm));
    }
    return {
      unsourcedUs: unsourcedUs as number,
      warmCacheUs: warmCacheUs as number,
      uncachedUs: uncachedUs as number,
      tableUs: tableUs as number,
      addedUs: (uncachedUs as number) - (unsourcedUs as number) - (tableUs as number),
      load: {
        floor: timing(samples.floor),
        noSources: timing(samples.noSources),
        oneSource: timing(samples.oneSource),
      },
    };
  } finally {
    await dynalite.stop();
  }
}

/** The rows `npm run bench` prints, with the targets. */
export function printPreTokenSources(result: PreTokenSources): string[] {
  const ratio = result.warmCacheUs / result.unsourcedUs;
  const loadRatio = result.load.oneSource.median / result.load.floor.median;
  return [
    'pre token generation with a DynamoDB source (dynalite on loopback; this machine):',
    `  warm cache   ${result.warmCacheUs.toFixed(1)} µs vs ${result.unsourcedUs.toFixed(1)} µs from attributes: ${ratio.toFixed(2)}x (target <= 1.3x) ${ratio <= 1.3 ? 'ok' : 'MISSED'}`,
    `  uncached     ${result.uncachedUs.toFixed(1)} µs = table ${result.tableUs.toFixed(1)} µs + unsourced + ${result.addedUs.toFixed(1)} µs added (target <= 1000 µs) ${result.addedUs <= 1000 ? 'ok' : 'MISSED'}`,
    `  module load  one source ${result.load.oneSource.median.toFixed(1)} ms, no sources ${result.load.noSources.median.toFixed(1)} ms, floor ${result.load.floor.median.toFixed(1)} ms: ${loadRatio.toFixed(2)}x the floor (target <= 1.5x) ${loadRatio <= 1.5 ? 'ok' : 'MISSED'}`,
  ];
}
