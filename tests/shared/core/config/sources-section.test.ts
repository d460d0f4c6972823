import { parseConfig } from '../../../../shared/core/config/parse-config';
import { ConfigError } from '../../../../shared/core/errors';

const issuesOf = (input: unknown): { path: string; message: string }[] => {
  try {
    parseConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  return [];
};

/** The issue's example: a tenant's plan, entitlements and seat limit from one item. */
const EXAMPLE = {
  sources: {
    account: {
      dynamodb: { table: 'Accounts', key: { pk: 'TENANT#{custom:tenant_id}', sk: 'USER#{sub}' } },
      timeoutMs: 300,
      cacheSeconds: 60,
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
  ],
};

const withSource = (source: Record<string, unknown>, claims: unknown[] = []) => ({
  sources: { account: source },
  claims,
});

describe('config sources', () => {
  it('accepts the example and fills in the defaults', () => {
    // Act
    const config = parseConfig({
      ...EXAMPLE,
      sources: { account: { dynamodb: EXAMPLE.sources.account.dynamodb } },
    });
    // Assess
    expect(config.sources).toEqual({
      account: {
        dynamodb: { table: 'Accounts', key: { pk: 'TENANT#{custom:tenant_id}', sk: 'USER#{sub}' } },
        timeoutMs: 300,
        cacheSeconds: 60,
      },
    });
    expect(config.claims.map((rule) => [rule.claim, rule.source, rule.from, rule.type])).toEqual([
      ['plan', 'account', 'plan', 'json'],
      ['entitlements', 'account', 'entitlements', 'string[]'],
      ['seat_limit', 'account', 'limits.seats', 'number'],
    ]);
  });

  it('writes no sources key for a config without sources', () => {
    // Act
    const config = parseConfig({ claims: [{ claim: 'tenant', from: 'custom:tenant_id' }] });
    // Assess
    expect('sources' in config).toBe(false);
  });

  it('reads a sourced claim at its own name when it has no from', () => {
    // Act
    const config = parseConfig({ ...EXAMPLE, claims: [{ claim: 'plan', source: 'account' }] });
    // Assess
    expect(config.claims[0]).toMatchObject({ claim: 'plan', source: 'account' });
  });

  it('refuses a claim naming an unknown source, naming the configured ones', () => {
    // Act
    const issues = issuesOf({ ...EXAMPLE, claims: [{ claim: 'plan', source: 'acount' }] });
    // Assess
    expect(issues).toEqual([
      { path: '$.claims[0].source', message: 'names no source: configured are "account"' },
    ]);
  });

  it('refuses a sourced claim with a static value', () => {
    // Act
    const issues = issuesOf({
      ...EXAMPLE,
      claims: [{ claim: 'plan', source: 'account', value: 'x' }],
    });
    // Assess
    expect(issues.map((issue) => issue.path)).toEqual(['$.claims[0]']);
  });

  it.each([
    [{ pk: 'T#{Tenant}' }, '$.sources.account.dynamodb.key.pk', 'can never have a value'],
    [{ pk: 'T#{sub' }, '$.sources.account.dynamodb.key.pk', 'never closed'],
    [{}, '$.sources.account.dynamodb.key', '1 or 2 attributes'],
    [{ a: '{sub}', b: '{sub}', c: '{sub}' }, '$.sources.account.dynamodb.key', '1 or 2 attributes'],
  ])('refuses the key %j', (key, path, message) => {
    // Act
    const issues = issuesOf(withSource({ dynamodb: { table: 'Accounts', key } }));
    // Assess
    expect(issues).toEqual([{ path, message: expect.stringContaining(message) }]);
  });

  it('refuses a timeoutMs above 1,500 and sources whose timeouts add up to more than 3,000', () => {
    // Prepare
    const source = (timeoutMs: number) => ({
      dynamodb: { table: 'Accounts', key: { pk: '{sub}' } },
      timeoutMs,
    });
    // Act
    const one = issuesOf(withSource(source(1501)));
    const many = issuesOf({
      sources: { a: source(1500), b: source(1500), c: source(1) },
      claims: [],
    });
    // Assess
    expect(one).toEqual([
      { path: '$.sources.account.timeoutMs', message: expect.stringContaining('at most 1500 ms') },
    ]);
    expect(many).toEqual([
      { path: '$.sources', message: expect.stringContaining('add up to 3001 ms, more than 3000') },
    ]);
  });

  it('reports every problem of a source in one pass, unknown keys by path', () => {
    // Act
    const issues = issuesOf({
      sources: {
        account: { dynamodb: { table: 'x', key: { pk: '{sub}' }, rgion: 'eu-west-1' }, cache: 1 },
        '1bad': { dynamodb: { table: 'Accounts', key: { pk: '{sub}' } } },
      },
      claims: [{ claim: 'plan', source: 'other' }],
    });
    // Assess
    expect(issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([
        '$.sources.account.cache',
        '$.sources.account.dynamodb.rgion',
        '$.sources.account.dynamodb.table',
        '$.sources["1bad"]',
        '$.claims[0].source',
      ]),
    );
  });
});
