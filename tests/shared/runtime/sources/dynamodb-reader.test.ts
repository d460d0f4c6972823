/**
 * The table reader against the real DynamoDB API on loopback (dynalite, started and stopped by
 * pid), with loopback proxies for a slow table and DynamoDB's error answers.
 */
import { type CompiledConfig, compileConfig } from '../../../../shared/core/claims/compile';
import { RULE_FEATURES } from '../../../../shared/core/claims/rule-features';
import type { TokenRequest } from '../../../../shared/core/claims/types';
import { parseConfig } from '../../../../shared/core/config/parse-config';
import { FailureCode } from '../../../../shared/core/failure-codes';
import { SourceOutcome } from '../../../../shared/core/sources/types';
import {
  createSourceReader,
  endpointOf,
  type SourceReaderOptions,
} from '../../../../shared/runtime/sources/dynamodb-reader';
import { MAX_ENTRIES } from '../../../../shared/runtime/sources/source-cache';
import { type Dynalite, startDynalite } from '../../../helpers/dynalite';
import { startLoopbackProxy } from '../../../helpers/loopback-proxy';

const TABLE = 'Accounts';
const CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'eu-west-1',
};

const accountConfig = (extra: Record<string, unknown> = {}, table = TABLE) =>
  compileConfig(
    parseConfig({
      sources: {
        account: {
          dynamodb: { table, key: { pk: 'TENANT#{custom:tenant_id}', sk: 'USER#{sub}' } },
          // Generous: a loaded shared machine must not turn a found item into a timeout.
          timeoutMs: 1500,
          cacheSeconds: 60,
          ...extra,
        },
      },
      claims: [{ claim: 'plan', source: 'account', from: 'plan', tokens: ['access'] }],
    }),
    RULE_FEATURES,
  );

const request = (attributes: Record<string, string> = {}): TokenRequest => ({
  version: '2',
  triggerSource: 'TokenGeneration_Authentication',
  userName: 'jane',
  clientId: 'web-client',
  userAttributes: { sub: 'u-1', 'custom:tenant_id': 'acme', ...attributes },
});

const ITEM = {
  pk: { S: 'TENANT#acme' },
  sk: { S: 'USER#u-1' },
  plan: { S: 'pro' },
  seats: { N: '25' },
  active: { BOOL: true },
  gone: { NULL: true },
  entitlements: { L: [{ S: 'reports' }, { S: 'export' }] },
  tags: { SS: ['a', 'b'] },
  sizes: { NS: ['1', '2.5'] },
  limits: { M: { seats: { N: '10' }, storage: { M: { gb: { N: '100' } } } } },
  avatar: { B: 'AAEC' },
};

describe('DynamoDB table reader', () => {
  let dynalite: Dynalite;

  beforeAll(async () => {
    dynalite = await startDynalite();
    await dynalite.createTable(TABLE, ['pk', 'sk']);
    await dynalite.createTable('Clients', ['pk']);
    await dynalite.putItem(TABLE, ITEM);
    await dynalite.putItem('Clients', {
      pk: { S: 'CLIENT#m2m-1' },
      entitlements: { SS: ['orders:write'] },
    });
  });

  afterAll(async () => {
    await dynalite.stop();
  });

  const readerFor = (
    compiled: CompiledConfig,
    endpoint: string,
    options: Partial<SourceReaderOptions> = {},
  ) =>
    createSourceReader(compiled, {
      env: { ...CREDENTIALS, AWS_ENDPOINT_URL_DYNAMODB: endpoint },
      ...options,
    });

  it('reads the item the key templates name', async () => {
    // Prepare
    const reader = readerFor(accountConfig(), dynalite.endpoint);
    // Act
    const read = await reader.read(request());
    // Assess
    expect(read.failures).toEqual([]);
    expect(read.results).toEqual([{ item: ITEM }]);
    expect(read.sourced).toEqual(['pro']);
  });

  it('gives a missing item as missing, with the claims absent', async () => {
    // Prepare
    const reader = readerFor(accountConfig(), dynalite.endpoint);
    // Act
    const read = await reader.read(request({ sub: 'nobody' }));
    // Assess
    expect(read.failures).toEqual([]);
    expect(read.results).toEqual([SourceOutcome.MISSING]);
    expect(read.sourced[0]).toMatchObject({ code: FailureCode.SOURCE_ITEM_MISSING });
  });

  it('reads nothing when a key placeholder has no value', async () => {
    // Prepare
    const proxyEvents: string[] = [];
    const proxy = await startLoopbackProxy(
      { kind: 'hold', ms: 0, target: dynalite.endpoint },
      proxyEvents,
    );
    const reader = readerFor(accountConfig(), proxy.endpoint);
    const user = request();
    delete (user.userAttributes as Record<string, unknown>)['custom:tenant_id'];
    // Act
    const read = await reader.read(user);
    await proxy.close();
    // Assess
    expect(read.results).toEqual([SourceOutcome.UNKEYED]);
    expect(read.sourced[0]).toMatchObject({ code: FailureCode.ATTRIBUTE_MISSING });
    expect(proxyEvents).toEqual([]);
  });

  it('keys a client-credentials token by its app client', async () => {
    // Prepare
    const compiled = compileConfig(
      parseConfig({
        sources: { client: { dynamodb: { table: 'Clients', key: { pk: 'CLIENT#{clientId}' } } } },
        claims: [{ claim: 'entitlements', source: 'client', type: 'string[]', tokens: ['access'] }],
      }),
      RULE_FEATURES,
    );
    const reader = readerFor(compiled, dynalite.endpoint);
    // Act
    const read = await reader.read({
      version: '3',
      triggerSource: 'TokenGeneration_ClientCredentials',
      clientId: 'm2m-1',
      userAttributes: {},
    });
    // Assess
    expect(read.failures).toEqual([]);
    expect(read.sourced).toEqual([['orders:write']]);
  });

  it('reads two sources in parallel, once each', async () => {
    // Prepare
    const order: string[] = [];
    const slowA = await startLoopbackProxy(
      { kind: 'hold', ms: 150, target: dynalite.endpoint },
      order,
      'a:',
    );
    const slowB = await startLoopbackProxy(
      { kind: 'hold', ms: 150, target: dynalite.endpoint },
      order,
      'b:',
    );
    const compiled = compileConfig(
      parseConfig({
        sources: {
          a: {
            dynamodb: { table: TABLE, key: { pk: 'TENANT#{custom:tenant_id}', sk: 'USER#{sub}' } },
            timeoutMs: 1500,
          },
          b: { dynamodb: { table: 'Clients', key: { pk: 'CLIENT#{clientId}' } }, timeoutMs: 1500 },
        },
        claims: [
          { claim: 'plan', source: 'a', from: 'plan', tokens: ['access'] },
          { claim: 'seats', source: 'a', from: 'limits.seats', tokens: ['access'] },
          { claim: 'entitlements', source: 'b', type: 'string[]', tokens: ['access'] },
        ],
      }),
      RULE_FEATURES,
    );
    // One endpoint per environment: the fetch routes each table to its own slow proxy.
    const reader = readerFor(compiled, 'http://unused.invalid/', {
      fetch: (_url, init) =>
        fetch(String(init?.body).includes('"Clients"') ? slowB.endpoint : slowA.endpoint, init),
    });
    // Act
    const read = await reader.read({ ...request(), clientId: 'm2m-1' });
    await slowA.close();
    await slowB.close();
    // Assess
    expect(read.failures).toEqual([]);
    expect(read.sourced).toEqual(['pro', 10, ['orders:write']]);
    expect(order.slice(0, 2).sort()).toEqual(['a:request', 'b:request']);
    expect(order.filter((event) => event.endsWith('request'))).toHaveLength(2);
  });

  it('keeps an item for cacheSeconds, then reads it again', async () => {
    // Prepare
    const events: string[] = [];
    const proxy = await startLoopbackProxy(
      { kind: 'hold', ms: 0, target: dynalite.endpoint },
      events,
    );
    let now = 1_000_000;
    const reader = readerFor(accountConfig(), proxy.endpoint, { now: () => now });
    // Act
    const first = await reader.read(request());
    now += 59_000;
    const cached = await reader.read(request());
    const requestsWhileCached = events.filter((event) => event === 'request').length;
    now += 2_000;
    const expired = await reader.read(request());
    await proxy.close();
    // Assess
    expect(first.sourced).toEqual(['pro']);
    expect(cached.sourced).toEqual(['pro']);
    expect(expired.sourced).toEqual(['pro']);
    expect(requestsWhileCached).toBe(1);
    expect(events.filter((event) => event === 'request')).toHaveLength(2);
  });

  it('keeps a missing item for a shorter time', async () => {
    // Prepare
    const events: string[] = [];
    const proxy = await startLoopbackProxy(
      { kind: 'hold', ms: 0, target: dynalite.endpoint },
      events,
    );
    let now = 1_000_000;
    const reader = readerFor(accountConfig(), proxy.endpoint, { now: () => now });
    const nobody = request({ sub: 'nobody' });
    // Act
    await reader.read(nobody);
    now += 9_000;
    await reader.read(nobody);
    const whileCached = events.filter((event) => event === 'request').length;
    now += 2_000;
    await reader.read(nobody);
    await proxy.close();
    // Assess
    expect(whileCached).toBe(1);
    expect(events.filter((event) => event === 'request')).toHaveLength(2);
  });

  it('caches nothing with cacheSeconds 0', async () => {
    // Prepare
    const events: string[] = [];
    const proxy = await startLoopbackProxy(
      { kind: 'hold', ms: 0, target: dynalite.endpoint },
      events,
    );
    const reader = readerFor(accountConfig({ cacheSeconds: 0 }), proxy.endpoint);
    // Act
    await reader.read(request());
    await reader.read(request());
    await proxy.close();
    // Assess
    expect(events.filter((event) => event === 'request')).toHaveLength(2);
  });

  it('abandons a slow table at timeoutMs: its answer comes first, the request is aborted', async () => {
    // Prepare
    const events: string[] = [];
    // Ten times longer than the source's timeoutMs.
    const proxy = await startLoopbackProxy(
      { kind: 'hold', ms: 4000, target: dynalite.endpoint },
      events,
    );
    const reader = readerFor(accountConfig({ timeoutMs: 400 }), proxy.endpoint);
    // Act
    const read = await reader.read(request());
    events.push('reader answered');
    await proxy.settled();
    await proxy.close();
    // Assess
    expect(read.results).toEqual([{ failed: FailureCode.SOURCE_TIMEOUT }]);
    expect(read.failures).toEqual([
      expect.objectContaining({
        code: FailureCode.SOURCE_TIMEOUT,
        level: 'ERROR',
        source: 'account',
        table: TABLE,
        errorName: 'TimeoutError',
      }),
    ]);
    expect(events).toContain('aborted');
    expect(events).not.toContain('answered');
    expect(events.indexOf('reader answered')).toBeGreaterThan(events.indexOf('request'));
  });

  it.each([
    [
      'throttling',
      400,
      'com.amazonaws.dynamodb.v20120810#ThrottlingException',
      'ThrottlingException',
    ],
    [
      'exceeded throughput',
      400,
      'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
      'ProvisionedThroughputExceededException',
    ],
    [
      'access denied',
      400,
      'com.amazon.coral.service#AccessDeniedException',
      'AccessDeniedException',
    ],
    [
      'an internal error',
      500,
      'com.amazonaws.dynamodb.v20120810#InternalServerError',
      'InternalServerError',
    ],
  ])(
    'records %s as SOURCE_UNAVAILABLE with the error name',
    async (_what, status, type, errorName) => {
      // Prepare
      const proxy = await startLoopbackProxy({ kind: 'error', status, type, message: 'no' });
      const reader = readerFor(accountConfig(), proxy.endpoint);
      // Act
      const read = await reader.read(request());
      await proxy.close();
      // Assess
      expect(read.results).toEqual([{ failed: FailureCode.SOURCE_UNAVAILABLE }]);
      expect(read.failures).toEqual([
        expect.objectContaining({
          code: FailureCode.SOURCE_UNAVAILABLE,
          source: 'account',
          errorName,
        }),
      ]);
      expect(read.sourced[0]).toMatchObject({ code: FailureCode.ATTRIBUTE_MISSING });
    },
  );

  it('records a missing table as SOURCE_UNAVAILABLE (ResourceNotFoundException)', async () => {
    // Prepare
    const reader = readerFor(accountConfig({}, 'NoSuchTable'), dynalite.endpoint);
    // Act
    const read = await reader.read(request());
    // Assess
    expect(read.failures).toEqual([
      expect.objectContaining({
        code: FailureCode.SOURCE_UNAVAILABLE,
        table: 'NoSuchTable',
        errorName: 'ResourceNotFoundException',
      }),
    ]);
  });

  it('records a table that answers nothing at all (connection refused)', async () => {
    // Prepare
    const proxy = await startLoopbackProxy({ kind: 'hold', ms: 0, target: dynalite.endpoint });
    const closed = proxy.endpoint;
    await proxy.close();
    const reader = readerFor(accountConfig(), closed);
    // Act
    const read = await reader.read(request());
    // Assess
    expect(read.failures).toEqual([
      expect.objectContaining({ code: FailureCode.SOURCE_UNAVAILABLE, errorName: 'ECONNREFUSED' }),
    ]);
  });

  it('reads nothing without credentials, and says so', async () => {
    // Prepare
    const reader = createSourceReader(accountConfig(), {
      env: { AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint },
    });
    // Act
    const read = await reader.read(request());
    // Assess
    expect(read.failures).toEqual([
      expect.objectContaining({
        code: FailureCode.SOURCE_UNAVAILABLE,
        errorName: 'CredentialsMissing',
      }),
    ]);
  });

  it('keeps at most MAX_ENTRIES items', async () => {
    // Prepare
    let calls = 0;
    const reader = readerFor(accountConfig(), dynalite.endpoint, {
      fetch: async () => {
        calls += 1;
        return new Response('{}', { status: 200 });
      },
    });
    // Act
    for (let i = 0; i <= MAX_ENTRIES; i += 1) await reader.read(request({ sub: `u${i}` }));
    await reader.read(request({ sub: 'u0' }));
    await reader.read(request({ sub: `u${MAX_ENTRIES}` }));
    // Assess: the oldest went to make room; the newest is still kept.
    expect(calls).toBe(MAX_ENTRIES + 2);
  });
});

describe('the endpoint a source reads', () => {
  const source = accountConfig().sources[0] ?? (undefined as never);

  it('follows AWS_ENDPOINT_URL_DYNAMODB, then AWS_ENDPOINT_URL, then the regional endpoint', () => {
    // Assess
    expect(
      endpointOf(source, { AWS_ENDPOINT_URL_DYNAMODB: 'http://a/', AWS_ENDPOINT_URL: 'http://b/' })
        .url,
    ).toBe('http://a/');
    expect(endpointOf(source, { AWS_ENDPOINT_URL: 'http://b/' }).url).toBe('http://b/');
    expect(endpointOf(source, { AWS_REGION: 'eu-central-1' })).toEqual({
      url: 'https://dynamodb.eu-central-1.amazonaws.com/',
      region: 'eu-central-1',
    });
  });

  it("prefers the source's own region", () => {
    // Prepare
    const regional = accountConfig({}).sources[0] as typeof source;
    const withRegion = {
      ...regional,
      config: {
        ...regional.config,
        dynamodb: { ...regional.config.dynamodb, region: 'us-west-2' },
      },
    };
    // Assess
    expect(endpointOf(withRegion, { AWS_REGION: 'eu-west-1' }).region).toBe('us-west-2');
  });
});
