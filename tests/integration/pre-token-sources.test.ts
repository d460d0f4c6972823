/**
 * Claims from a DynamoDB table through the real pre token generation handler, against dynalite
 * on loopback (started and stopped by pid), and through the built bundle in a fresh process:
 * the reader is a file of its own, loaded only for a config with sources.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGED_CONFIG_FILE } from '../../scripts/function-bundle.cjs';
import { parseConfig } from '../../shared/core/config/parse-config';
import { RequiredClaimError } from '../../shared/core/errors';
import { packagedConfigJson } from '../../shared/runtime/config/packaged-config-json';
import { type Dynalite, startDynalite } from '../helpers/dynalite';
import { getTestEvent } from '../helpers/events';
import { lambdaContext } from '../helpers/lambda-context';
import { loadHandler } from '../helpers/load-handler';
import { clearLogs, failureRecords, registerSecret } from '../helpers/log-capture';
import { startLoopbackProxy } from '../helpers/loopback-proxy';

type Handler = (event: unknown, context: unknown) => Promise<Record<string, unknown>>;
const HANDLER = '../../functions/pre-token-generation/handler';
const DIST = join(__dirname, '..', '..', 'dist', 'pre-token-generation');

/** The example config, and the user of the V2 fixture events (tenant acme). */
const CONFIG = {
  sources: {
    account: {
      dynamodb: { table: 'Accounts', key: { pk: 'TENANT#{custom:tenant_id}', sk: 'USER#{sub}' } },
      // Generous: a loaded shared machine must not turn a found item into a timeout.
      timeoutMs: 1500,
      cacheSeconds: 60,
    },
    client: {
      dynamodb: { table: 'Clients', key: { pk: 'CLIENT#{clientId}' } },
      timeoutMs: 1500,
    },
  },
  claims: [
    { claim: 'plan', source: 'account', from: 'plan', tokens: ['access'] },
    {
      claim: 'entitlements',
      source: 'account',
      from: 'entitlements',
      type: 'string[]',
      tokens: ['access'],
      required: true,
    },
    { claim: 'seat_limit', source: 'account', from: 'limits.seats', type: 'number' },
    {
      claim: 'client_entitlements',
      source: 'client',
      from: 'entitlements',
      type: 'string[]',
      tokens: ['access'],
    },
  ],
};
const SUB = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
const PLAN = registerSecret('enterprise-plan-value');
const ITEM = {
  pk: { S: 'TENANT#acme' },
  sk: { S: `USER#${SUB}` },
  plan: { S: PLAN },
  entitlements: { SS: ['reports', 'export'] },
  limits: { M: { seats: { N: '25' } } },
};

const invoke = (handler: Handler, event: unknown) => handler(event, lambdaContext());

describe('pre token generation with sources (dynalite on loopback)', () => {
  let dynalite: Dynalite;
  const saved = process.env.AWS_ENDPOINT_URL_DYNAMODB;

  const handlerAt = (endpoint: string, config: unknown = CONFIG) => {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
    return loadHandler<Handler>(HANDLER, config);
  };

  beforeAll(async () => {
    dynalite = await startDynalite();
    await dynalite.createTable('Accounts', ['pk', 'sk']);
    await dynalite.createTable('Clients', ['pk']);
    await dynalite.putItem('Accounts', ITEM);
    await dynalite.putItem('Clients', {
      pk: { S: 'CLIENT#7m2mclientexample0123456789' },
      entitlements: { SS: ['orders:write'] },
    });
  });

  afterAll(async () => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    else process.env.AWS_ENDPOINT_URL_DYNAMODB = saved;
    await dynalite.stop();
  });

  beforeEach(() => clearLogs());

  it("puts the tenant's plan, entitlements and seat limit into the tokens", async () => {
    // Prepare
    const handler = handlerAt(dynalite.endpoint);
    const event = getTestEvent('pre-token-generation/v2-hosted-auth-federated');
    // Act
    const result = await invoke(handler, event);
    // Assess
    const details = (result.response as Record<string, Record<string, Record<string, unknown>>>)
      .claimsAndScopeOverrideDetails;
    expect(details?.accessTokenGeneration?.claimsToAddOrOverride).toEqual({
      plan: PLAN,
      entitlements: ['reports', 'export'],
      seat_limit: 25,
    });
    expect(details?.idTokenGeneration?.claimsToAddOrOverride).toEqual({ seat_limit: 25 });
    expect(failureRecords()).toEqual([]);
  });

  it('gives a client-credentials token its app client entitlements by {clientId}', async () => {
    // Prepare
    const handler = handlerAt(dynalite.endpoint);
    const event = getTestEvent('pre-token-generation/v3-client-credentials');
    // Act
    const result = await invoke(handler, event);
    // Assess
    const details = (result.response as Record<string, Record<string, Record<string, unknown>>>)
      .claimsAndScopeOverrideDetails;
    expect(details?.accessTokenGeneration?.claimsToAddOrOverride).toEqual({
      client_entitlements: ['orders:write'],
    });
    expect(failureRecords()).toEqual([]);
  });

  it('denies the sign-in when the item a required claim reads is missing, and records why', async () => {
    // Prepare
    const handler = handlerAt(dynalite.endpoint);
    const event = getTestEvent<{ request: { userAttributes: Record<string, string> } }>(
      'pre-token-generation/v2-hosted-auth-federated',
    );
    event.request.userAttributes['custom:tenant_id'] = 'globex';
    // Act
    const run = invoke(handler, event);
    // Assess
    await expect(run).rejects.toMatchObject({
      name: RequiredClaimError.name,
      code: 'REQUIRED_CLAIM_MISSING',
    });
    expect(failureRecords().map((record) => record.failure)).toContainEqual(
      expect.objectContaining({
        code: 'SOURCE_ITEM_MISSING',
        source: 'account',
        claim: 'entitlements',
        required: true,
        sub: SUB,
      }),
    );
  });

  it('lets the sign-in proceed without the claims when the table throttles', async () => {
    // Prepare
    const proxy = await startLoopbackProxy({
      kind: 'error',
      status: 400,
      type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
      message: 'The level of configured provisioned throughput for the table was exceeded.',
    });
    const handler = handlerAt(proxy.endpoint, {
      ...CONFIG,
      claims: CONFIG.claims.map(({ required: _required, ...rule }) => rule),
    });
    const event = getTestEvent('pre-token-generation/v2-hosted-auth-federated');
    // Act
    const result = await invoke(handler, event);
    await proxy.close();
    // Assess
    const details = (result.response as Record<string, Record<string, Record<string, unknown>>>)
      .claimsAndScopeOverrideDetails;
    expect(details?.accessTokenGeneration?.claimsToAddOrOverride).toEqual({});
    expect(failureRecords()[0]).toMatchObject({
      level: 'ERROR',
      failure: {
        code: 'SOURCE_UNAVAILABLE',
        source: 'account',
        table: 'Accounts',
        errorName: 'ProvisionedThroughputExceededException',
        sub: SUB,
      },
    });
  });

  it('answers before a table that holds its answer ten times its timeoutMs, and aborts the read', async () => {
    // Prepare
    const events: string[] = [];
    const proxy = await startLoopbackProxy(
      { kind: 'hold', ms: 4000, target: dynalite.endpoint },
      events,
    );
    const handler = handlerAt(proxy.endpoint, {
      ...CONFIG,
      sources: {
        account: { ...CONFIG.sources.account, timeoutMs: 400 },
        client: { ...CONFIG.sources.client, timeoutMs: 400 },
      },
      claims: CONFIG.claims.map(({ required: _required, ...rule }) => rule),
    });
    const event = getTestEvent('pre-token-generation/v2-hosted-auth-federated');
    // Act
    const result = await invoke(handler, event);
    events.push('trigger answered');
    await proxy.settled();
    await proxy.close();
    // Assess
    expect(result.response).toBeDefined();
    expect(events.slice(0, 2)).toEqual(['request', 'request']);
    expect(events).toContain('trigger answered');
    expect(events).toContain('aborted');
    expect(events).not.toContain('answered');
    expect(failureRecords().map((record) => record.failure.code)).toContain('SOURCE_TIMEOUT');
  });
});

describe('the built bundle with and without sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pre-token-sources-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs dist/pre-token-generation with a config in a fresh process; reports what it loaded. */
  const run = (config: unknown, env: Record<string, string> = {}) => {
    const functionDir = mkdtempSync(join(dir, 'fn-'));
    cpSync(DIST, functionDir, { recursive: true });
    // What a packager writes beside the bundle (the Serverless plugin writes the same).
    writeFileSync(join(functionDir, PACKAGED_CONFIG_FILE), packagedConfigJson(parseConfig(config)));
    const eventFile = join(functionDir, 'event.json');
    writeFileSync(
      eventFile,
      JSON.stringify(getTestEvent('pre-token-generation/v2-refresh-tokens')),
    );
    const script = `
      const { handler } = require(${JSON.stringify(join(functionDir, 'index.js'))});
      const event = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(eventFile)}, 'utf8'));
      handler(event, { functionName: 'f', awsRequestId: 'r', getRemainingTimeInMillis: () => 5000 }).then(() => {
        const loaded = Object.keys(require.cache).map((file) => require('node:path').basename(file));
        process.stdout.write('LOADED ' + JSON.stringify(loaded) + '\\n');
      });`;
    const child = spawnSync(process.execPath, ['-e', script], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        ...env,
      },
      encoding: 'utf8',
    });
    const line = child.stdout.split('\n').find((text) => text.startsWith('LOADED '));
    if (!line) throw new Error(`no answer:\n${child.stdout}\n${child.stderr}`);
    return JSON.parse(line.slice('LOADED '.length)) as string[];
  };

  it('loads the table reader only for a config with sources', () => {
    // Act
    const without = run({ claims: [{ claim: 'tenant', from: 'custom:tenant_id' }] });
    const withSources = run(CONFIG, { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9/' });
    // Assess
    expect(without).not.toContain('dynamodb-reader.js');
    expect(withSources).toContain('dynamodb-reader.js');
  });
});
