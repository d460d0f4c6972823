import {
  buildResponse,
  claimsBytes,
  compileConfig,
} from '../../../../shared/core/claims/build-response';
import { RULE_FEATURES } from '../../../../shared/core/claims/rule-features';
import type {
  ClaimsConfig,
  TokenRequest,
  V1Response,
  V2Response,
} from '../../../../shared/core/claims/types';
import { parseConfig } from '../../../../shared/core/config/parse-config';

/** The core as the trigger runs it: compiled once, then built per request. */
const build = (config: ClaimsConfig, tokenRequest: TokenRequest) =>
  buildResponse(compileConfig(config, RULE_FEATURES), tokenRequest);

const baseRequest: TokenRequest = {
  version: '2',
  triggerSource: 'TokenGeneration_Authentication',
  clientId: 'web-client',
  userAttributes: {
    sub: 'b2c3d4e5-6789-01bc-def0-EXAMPLE22222',
    'custom:tenant_id': 'globex',
    'custom:roles': '[admin, editor]',
    'custom:employee_no': '1001',
  },
  groupConfiguration: {
    groupsToOverride: ['admins'],
    iamRolesToOverride: ['arn:aws:iam::123456789012:role/admins'],
    preferredRole: 'arn:aws:iam::123456789012:role/admins',
  },
};

const request = (patch: Partial<TokenRequest> = {}): TokenRequest => ({
  ...structuredClone(baseRequest),
  ...patch,
});

const exampleConfig = parseConfig({
  claims: [
    { claim: 'tenant_id', from: 'custom:tenant_id', required: true },
    { claim: 'roles', from: 'custom:roles', tokens: ['access'], type: 'string[]' },
    { claim: 'employee_number', from: 'custom:employee_no', type: 'number' },
    { claim: 'plan', value: 'pro', tokens: ['access'], clients: ['web-client'] },
  ],
  suppress: { id: ['custom:idp_access_token'], access: [] },
  scopes: { add: ['orders/read'], suppress: ['aws.cognito.signin.user.admin'] },
});

const v2 = (response: V1Response | V2Response) =>
  (response as V2Response).claimsAndScopeOverrideDetails;
const v1 = (response: V1Response | V2Response) => (response as V1Response).claimsOverrideDetails;

describe('buildResponse', () => {
  it('writes typed claims to both tokens for a V2 event', () => {
    // Act
    const result = build(exampleConfig, request());
    // Assess
    expect(result.failures).toEqual([]);
    expect(result.deniedClaim).toBeUndefined();
    expect(result.response).toEqual({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: {
          claimsToAddOrOverride: { tenant_id: 'globex', employee_number: 1001 },
          claimsToSuppress: ['custom:idp_access_token'],
        },
        accessTokenGeneration: {
          claimsToAddOrOverride: {
            tenant_id: 'globex',
            roles: ['admin', 'editor'],
            employee_number: 1001,
            plan: 'pro',
          },
          claimsToSuppress: [],
          scopesToAdd: ['orders/read'],
          scopesToSuppress: ['aws.cognito.signin.user.admin'],
        },
      },
    });
  });

  it('answers a V3 event like a V2 one', () => {
    // Act
    const result = build(exampleConfig, request({ version: '3' }));
    // Assess
    expect(result.response).toEqual(build(exampleConfig, request()).response);
  });

  it('writes only ID-token claims, as strings, for a V1 event', () => {
    // Act
    const result = build(exampleConfig, request({ version: '1' }));
    // Assess
    expect(result.response).toEqual({
      claimsOverrideDetails: {
        claimsToAddOrOverride: { tenant_id: 'globex', employee_number: '1001' },
        claimsToSuppress: ['custom:idp_access_token'],
      },
    });
  });

  it('JSON-encodes lists and objects for the V1 "0" events of local emulators', () => {
    // Prepare
    const config = parseConfig({
      claims: [
        { claim: 'roles', from: 'custom:roles', type: 'string[]' },
        { claim: 'meta', value: { level: 2 } },
        { claim: 'active', value: true },
      ],
    });
    // Act
    const result = build(config, request({ version: '0' }));
    // Assess
    expect(v1(result.response).claimsToAddOrOverride).toEqual({
      roles: '["admin","editor"]',
      meta: '{"level":2}',
      active: 'true',
    });
  });

  it('skips attribute mappings silently for client credentials and keeps static claims', () => {
    // Prepare
    const m2m = request({
      version: '3',
      triggerSource: 'TokenGeneration_ClientCredentials',
      clientId: 'web-client',
      userAttributes: {},
    });
    // Act
    const result = build(exampleConfig, m2m);
    // Assess
    expect(result.failures).toEqual([]);
    expect(result.deniedClaim).toBeUndefined();
    expect(v2(result.response)).toEqual({
      accessTokenGeneration: {
        claimsToAddOrOverride: { plan: 'pro' },
        claimsToSuppress: [],
        scopesToAdd: ['orders/read'],
        scopesToSuppress: ['aws.cognito.signin.user.admin'],
      },
    });
  });

  it('applies client-scoped entries only to the listed app clients', () => {
    // Act
    const result = build(exampleConfig, request({ clientId: 'mobile-client' }));
    // Assess
    expect(v2(result.response).accessTokenGeneration.claimsToAddOrOverride).not.toHaveProperty(
      'plan',
    );
  });

  it('treats an unknown trigger source like a user sign-in', () => {
    // Act
    const result = build(exampleConfig, request({ triggerSource: 'TokenGeneration_SomethingNew' }));
    // Assess
    expect(v2(result.response).idTokenGeneration?.claimsToAddOrOverride).toEqual({
      tenant_id: 'globex',
      employee_number: 1001,
    });
  });

  it('denies when a required attribute is missing, naming the claim', () => {
    // Prepare
    const attributes = { ...baseRequest.userAttributes };
    delete attributes['custom:tenant_id'];
    // Act
    const result = build(exampleConfig, request({ userAttributes: attributes }));
    // Assess
    expect(result.deniedClaim).toBe('tenant_id');
    expect(result.failures).toEqual([
      expect.objectContaining({
        code: 'ATTRIBUTE_MISSING',
        level: 'ERROR',
        claim: 'tenant_id',
        attribute: 'custom:tenant_id',
        required: true,
      }),
    ]);
  });

  it('denies when a required attribute does not convert', () => {
    // Prepare
    const config = parseConfig({
      claims: [{ claim: 'level', from: 'custom:level', type: 'number', required: true }],
    });
    // Act
    const result = build(config, request({ userAttributes: { sub: 's', 'custom:level': 'high' } }));
    // Assess
    expect(result.deniedClaim).toBe('level');
    expect(result.failures[0]).toMatchObject({ code: 'TYPE_MISMATCH', level: 'ERROR' });
  });

  it('leaves out an absent optional attribute and records it at INFO', () => {
    // Prepare
    const attributes = { ...baseRequest.userAttributes };
    delete attributes['custom:employee_no'];
    // Act
    const result = build(exampleConfig, request({ userAttributes: attributes }));
    // Assess
    expect(result.deniedClaim).toBeUndefined();
    expect(v2(result.response).idTokenGeneration?.claimsToAddOrOverride).toEqual({
      tenant_id: 'globex',
    });
    expect(result.failures).toEqual([
      expect.objectContaining({ code: 'ATTRIBUTE_MISSING', level: 'INFO', required: false }),
    ]);
  });

  it('leaves out an unconvertible optional value and records it at WARN without the value', () => {
    // Prepare
    const attributes = { ...baseRequest.userAttributes, 'custom:employee_no': 'E-77' };
    // Act
    const result = build(exampleConfig, request({ userAttributes: attributes }));
    // Assess
    expect(v2(result.response).accessTokenGeneration.claimsToAddOrOverride).not.toHaveProperty(
      'employee_number',
    );
    expect(result.failures).toEqual([
      expect.objectContaining({
        code: 'TYPE_MISMATCH',
        level: 'WARN',
        claim: 'employee_number',
        attribute: 'custom:employee_no',
        length: 4,
      }),
    ]);
    expect(JSON.stringify(result.failures)).not.toContain('E-77');
  });

  it('uses the default when the attribute is absent', () => {
    // Prepare
    const config = parseConfig({
      claims: [{ claim: 'tier', from: 'custom:tier', default: 'free' }],
    });
    // Act
    const result = build(config, request());
    // Assess
    expect(result.failures).toEqual([]);
    expect(v2(result.response).idTokenGeneration?.claimsToAddOrOverride).toEqual({ tier: 'free' });
  });

  it('keeps claims in config order and leaves out what does not fit the budget', () => {
    // Prepare
    const config = parseConfig({
      claims: [
        { claim: 'a', value: 'x'.repeat(20), tokens: ['access'] },
        { claim: 'b', value: 'y'.repeat(40), tokens: ['access'] },
        { claim: 'c', value: 'z', tokens: ['access'] },
      ],
      budget: { access: 40 },
    });
    // Act
    const result = build(config, request());
    // Assess
    const claims = v2(result.response).accessTokenGeneration.claimsToAddOrOverride;
    expect(Object.keys(claims)).toEqual(['a', 'c']);
    expect(claimsBytes(claims)).toBeLessThanOrEqual(40);
    expect(result.failures).toEqual([
      expect.objectContaining({
        code: 'TOKEN_BUDGET_EXCEEDED',
        level: 'WARN',
        claim: 'b',
        token: 'access',
        budget: 40,
      }),
    ]);
  });

  it('denies when a required claim does not fit the budget', () => {
    // Prepare
    const config = parseConfig({
      claims: [{ claim: 'big', from: 'custom:roles', required: true, tokens: ['id'] }],
      budget: { id: 10 },
    });
    // Act
    const result = build(config, request());
    // Assess
    expect(result.deniedClaim).toBe('big');
    expect(result.failures[0]).toMatchObject({ code: 'TOKEN_BUDGET_EXCEEDED', level: 'ERROR' });
  });

  it('writes aud to the access token only when it equals the app client id', () => {
    // Prepare
    const config = parseConfig({
      claims: [{ claim: 'aud', value: 'web-client', tokens: ['access'] }],
    });
    // Act
    const mine = build(config, request());
    const other = build(config, request({ clientId: 'other-client' }));
    // Assess
    expect(v2(mine.response).accessTokenGeneration.claimsToAddOrOverride).toEqual({
      aud: 'web-client',
    });
    expect(v2(other.response).accessTokenGeneration.claimsToAddOrOverride).toEqual({});
    expect(other.failures[0]).toMatchObject({ code: 'RESERVED_CLAIM_DROPPED', claim: 'aud' });
  });

  it('never writes groupOverrideDetails unless the config has a groups rule', () => {
    // Act
    const result = build(exampleConfig, request());
    const legacy = build(exampleConfig, request({ version: '1' }));
    // Assess
    expect(v2(result.response)).not.toHaveProperty('groupOverrideDetails');
    expect(v1(legacy.response)).not.toHaveProperty('groupOverrideDetails');
  });

  it('merges IdP groups into cognito:groups, dropping only the provider group and its roles', () => {
    // Prepare
    const config = parseConfig({
      claims: [],
      groups: { from: 'custom:idp_groups', mode: 'merge', dropProviderGroups: true },
    });
    const federated = request({
      userPoolId: 'eu-west-1_EXAMPLE',
      userAttributes: {
        sub: 's',
        identities: '[{"providerName":"AcmeOIDC","providerType":"OIDC"}]',
        'custom:idp_groups': '[Finance, Admins]',
      },
      groupConfiguration: {
        groupsToOverride: ['eu-west-1_EXAMPLE_AcmeOIDC', 'eng_AcmeOIDC', 'admins'],
        iamRolesToOverride: ['arn:aws:iam::123456789012:role/admins'],
        preferredRole: 'arn:aws:iam::123456789012:role/admins',
      },
    });
    // Act
    const result = build(config, federated);
    // Assess
    expect(v2(result.response).groupOverrideDetails).toEqual({
      groupsToOverride: ['eng_AcmeOIDC', 'admins', 'Finance', 'Admins'],
      iamRolesToOverride: [],
      preferredRole: null,
    });
  });

  it('keeps the IAM roles when merging removes no group', () => {
    // Prepare
    const config = parseConfig({ claims: [], groups: { from: 'custom:idp_groups' } });
    const user = request({
      userAttributes: { sub: 's', 'custom:idp_groups': 'Finance' },
    });
    // Act
    const result = build(config, user);
    // Assess
    expect(v2(result.response).groupOverrideDetails).toEqual({
      groupsToOverride: ['admins', 'Finance'],
      iamRolesToOverride: ['arn:aws:iam::123456789012:role/admins'],
      preferredRole: 'arn:aws:iam::123456789012:role/admins',
    });
  });

  it('clears the IAM roles of the groups a replace removes', () => {
    // Prepare
    const config = parseConfig({
      claims: [],
      groups: { from: 'custom:idp_groups', mode: 'replace' },
    });
    const user = request({ userAttributes: { sub: 's', 'custom:idp_groups': '["readers"]' } });
    // Act
    const result = build(config, user);
    // Assess
    expect(v2(result.response).groupOverrideDetails).toEqual({
      groupsToOverride: ['readers'],
      iamRolesToOverride: [],
      preferredRole: null,
    });
  });

  it('recognises provider groups by the pool-id shape when the event has no pool id', () => {
    // Prepare
    const config = parseConfig({
      claims: [],
      groups: { from: 'custom:idp_groups', dropProviderGroups: true },
    });
    const user = request({
      userAttributes: {
        sub: 's',
        identities: '[{"providerName":"Google"}]',
        'custom:idp_groups': 'Finance',
      },
      groupConfiguration: {
        groupsToOverride: ['us-east-1_AbC123_Google', 'team_Google'],
        iamRolesToOverride: [],
        preferredRole: null,
      },
    });
    // Act
    const result = build(config, user);
    // Assess
    expect(v2(result.response).groupOverrideDetails?.groupsToOverride).toEqual([
      'team_Google',
      'Finance',
    ]);
  });

  it('gives required claims their room first, so an optional claim never causes a denial', () => {
    // Prepare
    const config = parseConfig({
      claims: [
        { claim: 'roles', from: 'custom:roles', tokens: ['access'], type: 'string[]' },
        { claim: 'tenant_id', from: 'custom:tenant_id', tokens: ['access'], required: true },
      ],
      budget: { access: 40 },
    });
    const user = request({
      userAttributes: {
        sub: 's',
        'custom:tenant_id': 'globex',
        'custom:roles': '[admin, editor, viewer]',
      },
    });
    // Act
    const result = build(config, user);
    // Assess
    expect(result.deniedClaim).toBeUndefined();
    expect(v2(result.response).accessTokenGeneration.claimsToAddOrOverride).toEqual({
      tenant_id: 'globex',
    });
    expect(result.failures).toEqual([
      expect.objectContaining({ code: 'TOKEN_BUDGET_EXCEEDED', claim: 'roles', level: 'WARN' }),
    ]);
  });

  it('lists the claims that fit in config order whatever order the budget took them in', () => {
    // Prepare
    const config = parseConfig({
      claims: [
        { claim: 'first', value: 'a', tokens: ['access'] },
        { claim: 'second', from: 'custom:tenant_id', tokens: ['access'], required: true },
      ],
    });
    // Act
    const result = build(config, request());
    // Assess
    expect(Object.keys(v2(result.response).accessTokenGeneration.claimsToAddOrOverride)).toEqual([
      'first',
      'second',
    ]);
  });

  it.each([
    ['an empty string', '   '],
    ['an empty list', ' , '],
  ])('denies when a required attribute holds %s', (_name, raw) => {
    // Prepare
    const config = parseConfig({
      claims: [{ claim: 'roles', from: 'custom:roles', type: 'string[]', required: true }],
    });
    const user = request({ userAttributes: { sub: 's', 'custom:roles': raw } });
    // Act
    const result = build(config, user);
    // Assess
    expect(result.deniedClaim).toBe('roles');
    expect(result.failures[0]).toMatchObject({ code: 'ATTRIBUTE_MISSING', level: 'ERROR' });
  });

  it('records every access-token rule a V1 event cannot apply, at ERROR when required', () => {
    // Act
    const result = build(exampleConfig, request({ version: '1' }));
    // Assess
    expect(result.deniedClaim).toBeUndefined();
    expect(result.failures.map((f) => [f.code, f.claim ?? '(scopes)', f.level, f.token])).toEqual([
      ['ACCESS_TOKEN_NOT_CUSTOMISED', 'tenant_id', 'ERROR', 'access'],
      ['ACCESS_TOKEN_NOT_CUSTOMISED', 'roles', 'WARN', 'access'],
      ['ACCESS_TOKEN_NOT_CUSTOMISED', 'employee_number', 'WARN', 'access'],
      ['ACCESS_TOKEN_NOT_CUSTOMISED', 'plan', 'WARN', 'access'],
      ['ACCESS_TOKEN_NOT_CUSTOMISED', '(scopes)', 'WARN', 'access'],
    ]);
  });

  it('leaves groups alone when the groups attribute is absent', () => {
    // Prepare
    const config = parseConfig({ claims: [], groups: { from: 'custom:idp_groups' } });
    // Act
    const result = build(config, request());
    // Assess
    expect(v2(result.response)).not.toHaveProperty('groupOverrideDetails');
    expect(result.failures[0]).toMatchObject({ code: 'ATTRIBUTE_MISSING', level: 'INFO' });
  });

  it('is deterministic', () => {
    // Act / Assess
    expect(build(exampleConfig, request())).toEqual(build(exampleConfig, request()));
  });

  it('takes every claim when their exact size fits, though its quick upper bound does not', () => {
    // Prepare: ten 12-byte entries; the bound counts each character as 6 bytes.
    const names = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const attributes = Object.fromEntries(names.map((name) => [`custom:${name}`, 'abcd']));
    const config = parseConfig({
      claims: names.map((name) => ({ claim: name, from: `custom:${name}`, tokens: ['id'] })),
      budget: { id: 2 + 10 * 12 - 1 },
    });
    // Act
    const result = build(config, request({ userAttributes: attributes }));
    // Assess
    const claims = v2(result.response).idTokenGeneration?.claimsToAddOrOverride ?? {};
    expect(Object.keys(claims)).toEqual(names);
    expect(claimsBytes(claims)).toBe(config.budget.id);
    expect(result.failures).toEqual([]);
  });

  it('records each failure once when the exact accounting runs', () => {
    // Prepare: one absent attribute (INFO) and claims too big for the budget.
    const config = parseConfig({
      claims: [
        { claim: 'missing', from: 'custom:missing' },
        { claim: 'tenant_id', from: 'custom:tenant_id' },
        { claim: 'roles', from: 'custom:roles', type: 'string[]' },
      ],
      budget: { id: 25, access: 25 },
    });
    // Act
    const result = build(config, request());
    // Assess
    expect(result.failures.map((failure) => [failure.code, failure.claim])).toEqual([
      ['ATTRIBUTE_MISSING', 'missing'],
      ['TOKEN_BUDGET_EXCEEDED', 'roles'],
      ['TOKEN_BUDGET_EXCEEDED', 'roles'],
    ]);
  });

  it('reads only attributes the user has, never what every object inherits', () => {
    // Prepare
    const config = parseConfig({
      claims: [
        { claim: 'ctor', from: 'constructor' },
        { claim: 'text', from: 'toString', default: 'none' },
      ],
    });
    // Act
    const result = build(config, request());
    // Assess
    expect(v2(result.response).accessTokenGeneration.claimsToAddOrOverride).toEqual({
      text: 'none',
    });
    expect(result.failures).toEqual([
      expect.objectContaining({ code: 'ATTRIBUTE_MISSING', attribute: 'constructor' }),
    ]);
  });

  it('ignores attribute values that are not strings', () => {
    // Prepare
    const config = parseConfig({ claims: [{ claim: 'tenant_id', from: 'custom:tenant_id' }] });
    // Act
    const result = build(
      config,
      request({ userAttributes: { 'custom:tenant_id': { forged: true } } }),
    );
    // Assess
    expect(v2(result.response).accessTokenGeneration.claimsToAddOrOverride).toEqual({});
    expect(result.failures[0]).toMatchObject({ code: 'ATTRIBUTE_MISSING', level: 'INFO' });
  });

  it('writes a claim named __proto__ as a claim, not as the prototype', () => {
    // Prepare
    const config = parseConfig({ claims: [{ claim: '__proto__', value: 'x', tokens: ['id'] }] });
    // Act
    const result = build(config, request());
    // Assess
    const claims = v2(result.response).idTokenGeneration?.claimsToAddOrOverride ?? {};
    expect(Object.getPrototypeOf(claims)).toBe(Object.prototype);
    expect(JSON.stringify(claims)).toBe('{"__proto__":"x"}');
  });

  it('keeps to the budget when values are empty lists, which the quick bound must not undercount', () => {
    // Prepare: {"a":[],"b":[],"c":[]} is 22 bytes; the budget is one byte short.
    const names = ['a', 'b', 'c'];
    const config = parseConfig({
      claims: names.map((name) => ({
        claim: name,
        from: `custom:${name}`,
        type: 'string[]',
        tokens: ['id'],
      })),
      budget: { id: 21 },
    });
    const attributes = Object.fromEntries(names.map((name) => [`custom:${name}`, '[]']));
    // Act
    const result = build(config, request({ userAttributes: attributes }));
    // Assess
    const claims = v2(result.response).idTokenGeneration?.claimsToAddOrOverride ?? {};
    expect(claims).toEqual({ a: [], b: [] });
    expect(claimsBytes(claims)).toBeLessThanOrEqual(21);
    expect(result.failures).toEqual([
      expect.objectContaining({ code: 'TOKEN_BUDGET_EXCEEDED', claim: 'c' }),
    ]);
  });
});
