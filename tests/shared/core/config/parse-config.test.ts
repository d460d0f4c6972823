import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseConfig,
  parseConfigText,
  toJsonPath,
} from '../../../../shared/core/config/parse-config';
import { ConfigError } from '../../../../shared/core/errors';

const issuesOf = (input: unknown): { path: string; message: string }[] => {
  try {
    parseConfig(input, 'test');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  throw new Error('expected the config to be rejected');
};

const claim = (entry: Record<string, unknown>) => ({ claims: [entry] });

describe('parseConfig', () => {
  it('accepts the bundled example config', () => {
    // Prepare
    const text = readFileSync(
      join(__dirname, '..', '..', '..', '..', 'claims.config.json'),
      'utf8',
    );
    // Act
    const config = parseConfigText(text);
    // Assess
    expect(config.claims.map((c) => c.claim)).toEqual([
      'tenant_id',
      'roles',
      'employee_number',
      'plan',
      'role',
      'role',
      'permissions',
    ]);
    expect(config.scopes.addWhen).toEqual([{ scope: 'items/write', when: { groups: ['admins'] } }]);
  });

  it('fills in the documented defaults', () => {
    // Act
    const config = parseConfig({ claims: [{ from: 'custom:tenant_id' }] });
    // Assess
    expect(config.claims[0]).toEqual({
      claim: 'custom:tenant_id',
      from: 'custom:tenant_id',
      tokens: ['id', 'access'],
      type: 'string',
      required: false,
      sensitive: false,
    });
    expect(config.budget).toEqual({ id: 2048, access: 2048 });
    expect(config.suppress).toEqual({ id: [], access: [] });
    expect(config.scopes).toEqual({ add: [], suppress: [] });
    expect(config.federation).toEqual({ maxLength: 2048, onOverLimit: 'truncate' });
    expect(config.authorizer).toEqual({ tokenUse: 'access', routes: {} });
  });

  it('fills in the IdP token defaults', () => {
    // Act
    const config = parseConfig({ claims: [], idpTokens: [{ attribute: 'custom:id_token' }] });
    // Assess
    expect(config.idpTokens[0]).toEqual({
      attribute: 'custom:id_token',
      format: 'opaque',
      maxLength: 2048,
      warnRatio: 0.9,
      onOverLimit: 'drop',
      maxAgeSeconds: 600,
    });
  });

  it('returns a frozen config', () => {
    // Act
    const config = parseConfig({ claims: [{ from: 'email' }] });
    // Assess
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.claims[0])).toBe(true);
  });

  it('infers the type of a static value', () => {
    // Act
    const config = parseConfig({
      claims: [
        { claim: 'n', value: 3 },
        { claim: 'b', value: true },
        { claim: 'l', value: ['a', 'b'] },
        { claim: 'o', value: { a: 1 } },
      ],
    });
    // Assess
    expect(config.claims.map((c) => c.type)).toEqual(['number', 'boolean', 'string[]', 'json']);
  });

  it('allows the same claim for disjoint app clients', () => {
    // Act
    const config = parseConfig({
      claims: [
        { claim: 'plan', value: 'pro', clients: ['a'] },
        { claim: 'plan', value: 'free', clients: ['b'] },
      ],
    });
    // Assess
    expect(config.claims).toHaveLength(2);
  });

  it('allows suppressing cognito:groups and dev: attributes', () => {
    // Act
    const config = parseConfig({
      claims: [],
      suppress: { id: ['cognito:groups', 'dev:custom:x'], access: ['cognito:groups'] },
    });
    // Assess
    expect(config.suppress.id).toEqual(['cognito:groups', 'dev:custom:x']);
  });

  it('allows aud as a static access-token value', () => {
    // Act
    const config = parseConfig(
      claim({ claim: 'aud', value: 'client-1', tokens: ['access'], clients: ['client-1'] }),
    );
    // Assess
    expect(config.claims[0]?.claim).toBe('aud');
  });

  it('reports every problem at once, each with its path', () => {
    // Act
    const issues = issuesOf({
      claims: [
        { claim: 'sub', from: 'custom:x' },
        { from: 'custom:y', type: 'float' },
      ],
      scopes: { add: ['a b'] },
    });
    // Assess
    expect(issues.map((i) => i.path)).toEqual([
      '$.claims[0].claim',
      '$.claims[0].claim',
      '$.claims[1].type',
      '$.scopes.add[0]',
    ]);
  });

  it('puts every problem in the error message', () => {
    // Act
    const error = (() => {
      try {
        parseConfig({ claims: [{ from: 'custom:x', tokenz: ['id'] }] }, 'claims.config.json');
      } catch (e) {
        return e as ConfigError;
      }
    })();
    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.code).toBe('CONFIG_INVALID');
    expect(error?.message).toContain('claims.config.json');
    expect(error?.message).toContain('$.claims[0].tokenz: unknown key');
  });

  it('rejects text that is not JSON at the root path', () => {
    // Act
    const run = () => parseConfigText('{"claims": [', 'CLAIMS_CONFIG');
    // Assess
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/\$: is not valid JSON/);
  });

  describe('rejects, naming the path,', () => {
    const cases: [string, unknown, string, RegExp][] = [
      ['a document that is not an object', [], '$', /expected a JSON object/],
      ['a missing claims list', {}, '$.claims', /is required/],
      ['claims that are not a list', { claims: {} }, '$.claims', /expected an array/],
      ['an unknown top-level key', { claims: [], claimz: [] }, '$.claimz', /unknown key/],
      [
        'an unknown key in a claim',
        claim({ from: 'a', form: 'b' }),
        '$.claims[0].form',
        /unknown key/,
      ],
      [
        'an unknown key in suppress',
        { claims: [], suppress: { ids: [] } },
        '$.suppress.ids',
        /unknown key/,
      ],
      ['neither from nor value', claim({ claim: 'x' }), '$.claims[0]', /exactly one of "from"/],
      [
        'both from and value',
        claim({ claim: 'x', from: 'a', value: 'b' }),
        '$.claims[0]',
        /exactly one of/,
      ],
      ['a value without a claim name', claim({ value: 'x' }), '$.claims[0].claim', /required/],
      ['an empty claim name', claim({ claim: '', from: 'a' }), '$.claims[0].claim', /empty/],
      [
        'a claim name with a space',
        claim({ claim: 'my claim', from: 'a' }),
        '$.claims[0].claim',
        /spaces/,
      ],
      ['a reserved claim (sub)', claim({ claim: 'sub', from: 'a' }), '$.claims[0].claim', /sub/],
      [
        'a reserved claim named by from',
        claim({ from: 'identities' }),
        '$.claims[0].from',
        /identities/,
      ],
      [
        'exp in the access token',
        claim({ claim: 'exp', value: 1, tokens: ['access'] }),
        '$.claims[0].claim',
        /computed by Cognito/,
      ],
      [
        'username in the access token',
        claim({ claim: 'username', from: 'email', tokens: ['access'] }),
        '$.claims[0].claim',
        /access token/,
      ],
      [
        'client_id in the access token',
        claim({ claim: 'client_id', value: 'x', tokens: ['access'] }),
        '$.claims[0].claim',
        /client_id/,
      ],
      [
        'aud for the ID token',
        claim({ claim: 'aud', value: 'x', tokens: ['id'] }),
        '$.claims[0].claim',
        /aud/,
      ],
      [
        'aud from an attribute',
        claim({ claim: 'aud', from: 'custom:aud', tokens: ['access'] }),
        '$.claims[0].from',
        /static "value"/,
      ],
      [
        'a cognito: claim',
        claim({ claim: 'cognito:groups', from: 'custom:g' }),
        '$.claims[0].claim',
        /cognito:/,
      ],
      ['a dev: claim', claim({ claim: 'dev:x', value: 'y' }), '$.claims[0].claim', /dev:/],
      ['an unknown type', claim({ from: 'a', type: 'float' }), '$.claims[0].type', /"string"/],
      [
        'an unknown token',
        claim({ from: 'a', tokens: ['refresh'] }),
        '$.claims[0].tokens[0]',
        /"id"/,
      ],
      [
        'an empty token list',
        claim({ from: 'a', tokens: [] }),
        '$.claims[0].tokens',
        /at least one/,
      ],
      [
        'an empty client list',
        claim({ from: 'a', clients: [] }),
        '$.claims[0].clients',
        /at least one/,
      ],
      [
        'a non-boolean required',
        claim({ from: 'a', required: 'yes' }),
        '$.claims[0].required',
        /true or false/,
      ],
      [
        'a non-boolean sensitive',
        claim({ from: 'a', sensitive: 1 }),
        '$.claims[0].sensitive',
        /true or false/,
      ],
      [
        'a value that does not match its type',
        claim({ claim: 'n', value: 'x', type: 'number' }),
        '$.claims[0].value',
        /"number"/,
      ],
      [
        'a null value',
        claim({ claim: 'n', value: null }),
        '$.claims[0].value',
        /Cognito accepts nothing else/,
      ],
      [
        'a default that does not match its type',
        claim({ from: 'a', type: 'boolean', default: 'no' }),
        '$.claims[0].default',
        /"boolean"/,
      ],
      [
        'a default next to a value',
        claim({ claim: 'x', value: 'a', default: 'b' }),
        '$.claims[0].default',
        /only applies to "from"/,
      ],
      [
        'an object type for email_verified in the ID token',
        claim({ claim: 'email_verified', from: 'custom:v', type: 'json' }),
        '$.claims[0].type',
        /cannot hold an object/,
      ],
      [
        'a claim both added and suppressed',
        { claims: [{ claim: 'x', from: 'a', tokens: ['id'] }], suppress: { id: ['x'] } },
        '$.claims[0].claim',
        /both added to and suppressed/,
      ],
      [
        'a rule never tried after one that always gives the claim a value',
        {
          claims: [
            { claim: 'x', value: 'a' },
            { claim: 'x', from: 'b', tokens: ['access'] },
          ],
        },
        '$.claims[1]',
        /never tried for the access token: \$\.claims\[0\] always gives "x" a value first/,
      ],
      [
        'a suppressed reserved claim',
        { claims: [], suppress: { id: ['sub'] } },
        '$.suppress.id[0]',
        /sub/,
      ],
      [
        'a suppressed aud',
        { claims: [], suppress: { access: ['aud'] } },
        '$.suppress.access[0]',
        /aud/,
      ],
      [
        'a scope with a space',
        { claims: [], scopes: { add: ['a b'] } },
        '$.scopes.add[0]',
        /spaces/,
      ],
      [
        'an empty scope',
        { claims: [], scopes: { suppress: [''] } },
        '$.scopes.suppress[0]',
        /empty/,
      ],
      [
        'a scope both added and suppressed',
        { claims: [], scopes: { add: ['x'], suppress: ['x'] } },
        '$.scopes.add[0]',
        /both added and suppressed/,
      ],
      ['a tiny budget', { claims: [], budget: { id: 1 } }, '$.budget.id', /at least 2/],
      [
        'a fractional budget',
        { claims: [], budget: { access: 10.5 } },
        '$.budget.access',
        /whole number/,
      ],
      [
        'a truncated JWT',
        {
          claims: [],
          idpTokens: [{ attribute: 'custom:t', format: 'jwt', onOverLimit: 'truncate' }],
        },
        '$.idpTokens[0].onOverLimit',
        /truncated JWT/,
      ],
      [
        'an IdP token attribute listed twice',
        { claims: [], idpTokens: [{ attribute: 'custom:t' }, { attribute: 'custom:t' }] },
        '$.idpTokens[1].attribute',
        /already configured at \$\.idpTokens\[0\]/,
      ],
      [
        'a max length over Cognito’s limit',
        { claims: [], idpTokens: [{ attribute: 'custom:t', maxLength: 4096 }] },
        '$.idpTokens[0].maxLength',
        /at most 2048/,
      ],
      [
        'a warn ratio of zero',
        { claims: [], idpTokens: [{ attribute: 'custom:t', warnRatio: 0 }] },
        '$.idpTokens[0].warnRatio',
        /greater than 0/,
      ],
      [
        'an unknown IdP token format',
        { claims: [], idpTokens: [{ attribute: 'custom:t', format: 'saml' }] },
        '$.idpTokens[0].format',
        /"jwt" or "opaque"/,
      ],
      [
        'a provider without expected attributes',
        { claims: [], providers: { Acme: {} } },
        '$.providers.Acme.expectedAttributes',
        /required/,
      ],
      [
        'an unknown groups mode',
        { claims: [], groups: { from: 'custom:g', mode: 'append' } },
        '$.groups.mode',
        /"merge" or "replace"/,
      ],
      [
        'an unknown federation policy',
        { claims: [], federation: { onOverLimit: 'fail' } },
        '$.federation.onOverLimit',
        /"drop" or "truncate"/,
      ],
      [
        'a provider name with a space',
        { claims: [], providers: { 'Acme IdP': { expectedAttributes: [] } } },
        '$.providers["Acme IdP"]',
        /bad key: a provider name must not contain spaces/,
      ],
      [
        'a route key with a lower-case method',
        { claims: [], authorizer: { routes: { 'get /me': {} } } },
        '$.authorizer.routes["get /me"]',
        /bad key: a route key is "\*", "\$default", or "<METHOD> \/path"/,
      ],
      [
        'an unknown key in an authorizer route',
        { claims: [], authorizer: { routes: { 'GET /me': { claim: [] } } } },
        '$.authorizer.routes["GET /me"].claim',
        /unknown key/,
      ],
    ];

    it.each(cases)('%s', (_name, input, path, message) => {
      // Act
      const issues = issuesOf(input);
      // Assess
      const issue = issues.find((i) => i.path === path);
      expect(issues.map((i) => i.path)).toContain(path);
      expect(issue?.message).toMatch(message);
    });
  });
});

describe('toJsonPath', () => {
  it('writes identifiers with dots and other keys in brackets', () => {
    // Act
    const path = toJsonPath(['providers', 'Acme IdP', 'expectedAttributes', 0]);
    // Assess
    expect(path).toBe('$.providers["Acme IdP"].expectedAttributes[0]');
  });
});

describe('parseConfig in one pass', () => {
  it('reports shape errors and rule errors of the well-formed parts together', () => {
    // Prepare: a type error, an unknown key, a reserved claim, a claim both added and
    // suppressed, and a scope both added and suppressed, in one document.
    const input = {
      claims: [
        { claim: 'tenant', from: 'custom:tenant', type: 'text' },
        { claim: 'sub', from: 'custom:sub' },
        { claim: 'plan', value: 'pro' },
      ],
      suppress: { id: ['plan'] },
      scopes: { add: ['api/read'], suppress: ['api/read'] },
      budgett: { id: 1000 },
    };
    // Act
    const paths = issuesOf(input).map((issue) => issue.path);
    // Assess
    // "sub" is reserved in both tokens: one problem each.
    expect(paths).toEqual([
      '$.budgett',
      '$.claims[0].type',
      '$.claims[1].claim',
      '$.claims[1].claim',
      '$.claims[2].claim',
      '$.scopes.add[0]',
    ]);
  });

  it('finds nothing new once the reported problems are fixed', () => {
    // Prepare
    const broken = {
      claims: [
        { claim: 'tenant', from: 'custom:tenant', type: 'text' },
        { claim: 'sub', from: 'x' },
      ],
      idpTokens: [{ attribute: 'custom:id_token', format: 'jwt', onOverLimit: 'truncate' }],
      federation: { maxLength: 5000 },
    };
    const reported = issuesOf(broken).map((issue) => issue.path);
    const fixed = {
      claims: [{ claim: 'tenant', from: 'custom:tenant', type: 'string' }],
      idpTokens: [{ attribute: 'custom:id_token', format: 'jwt', onOverLimit: 'drop' }],
      federation: { maxLength: 2048 },
    };
    // Act
    const config = parseConfig(fixed);
    // Assess
    expect(reported).toEqual([
      '$.claims[0].type',
      '$.claims[1].claim',
      '$.claims[1].claim',
      '$.federation.maxLength',
      '$.idpTokens[0].onOverLimit',
    ]);
    expect(config.claims).toHaveLength(1);
  });

  it('accepts the "$schema" key editors use', () => {
    // Act
    const config = parseConfig({ $schema: './claims.config.schema.json', claims: [] });
    // Assess
    expect(config.claims).toEqual([]);
  });
});

describe('parseConfigText', () => {
  it.each([
    ['{\n  "claims": [\n    { "from": "email", }\n  ]\n}', 'line 3, column 24'],
    ['{\n  "claims": [', 'line 2, column 14'],
    ['{"claims" []}', 'line 1, column 11'],
  ])('names the line and column of a JSON syntax error in %j', (text, place) => {
    // Act
    const run = () => parseConfigText(text, 'claims.config.json');
    // Assess
    expect(run).toThrow(`$: is not valid JSON at ${place}`);
  });
});
