import { buildResponse, compileConfig } from '../../../../shared/core/claims/build-response';
import { RULE_FEATURES } from '../../../../shared/core/claims/rule-features';
import type { TokenRequest, V1Response, V2Response } from '../../../../shared/core/claims/types';
import { parseConfig } from '../../../../shared/core/config/parse-config';

const baseRequest: TokenRequest = {
  version: '2',
  triggerSource: 'TokenGeneration_Authentication',
  clientId: 'web-client',
  userAttributes: {
    sub: 'b2c3d4e5-6789-01bc-def0-EXAMPLE22222',
    'custom:extra_groups': '["web-extra", "ops"]',
  },
  groupConfiguration: {
    groupsToOverride: ['web-orders', 'app-billing', 'admins', 'readers', 'ops-oncall'],
    iamRolesToOverride: ['arn:aws:iam::123456789012:role/admins'],
    preferredRole: 'arn:aws:iam::123456789012:role/admins',
  },
};

const request = (patch: Partial<TokenRequest> = {}): TokenRequest => ({
  ...structuredClone(baseRequest),
  ...patch,
});

const sharedPool = {
  claims: [
    { claim: 'group_list', from: 'cognito:groups', type: 'string[]', tokens: ['id', 'access'] },
    { claim: 'is_admin', value: true, when: { groups: ['admins'] } },
    { claim: 'is_ops', value: true, when: { groups: ['ops-oncall'] } },
  ],
  groups: {
    keep: [
      { clients: ['web-client'], prefixes: ['web-'], names: ['admins'] },
      { prefixes: ['app-'], names: ['admins', 'readers'] },
    ],
  },
};

const build = (config: unknown, tokenRequest: TokenRequest) =>
  buildResponse(compileConfig(parseConfig(config), RULE_FEATURES), tokenRequest);
const v2 = (response: V1Response | V2Response) =>
  (response as V2Response).claimsAndScopeOverrideDetails;
const v1 = (response: V1Response | V2Response) => (response as V1Response).claimsOverrideDetails;

describe('groups.keep', () => {
  it('keeps only the web client groups by prefix and name, in both tokens, and clears the roles', () => {
    // Act
    const result = build(sharedPool, request());
    // Assess
    const details = v2(result.response);
    expect(details.groupOverrideDetails).toEqual({
      groupsToOverride: ['web-orders', 'admins'],
      iamRolesToOverride: [],
      preferredRole: null,
    });
    expect(details.idTokenGeneration?.claimsToAddOrOverride).toEqual({
      group_list: ['web-orders', 'admins'],
      is_admin: true,
    });
    expect(details.accessTokenGeneration.claimsToAddOrOverride.group_list).toEqual([
      'web-orders',
      'admins',
    ]);
  });

  it('applies the first entry whose clients match, and an entry without clients to every other client', () => {
    // Prepare
    const mobile = request({ clientId: 'mobile-client' });
    // Act
    const result = build(sharedPool, mobile);
    // Assess
    expect(v2(result.response).groupOverrideDetails?.groupsToOverride).toEqual([
      'app-billing',
      'admins',
      'readers',
    ]);
  });

  it('leaves the groups alone for a client no entry names', () => {
    // Prepare
    const config = {
      claims: [],
      groups: { keep: { clients: ['web-client'], prefixes: ['web-'] } },
    };
    // Act
    const result = build(config, request({ clientId: 'other-client' }));
    // Assess
    expect(v2(result.response).groupOverrideDetails).toBeUndefined();
  });

  it('writes no groupOverrideDetails when keep removes nothing', () => {
    // Prepare
    const config = { claims: [], groups: { keep: { prefixes: ['w', 'a', 'r', 'o'] } } };
    // Act
    const result = build(config, request());
    // Assess
    expect(v2(result.response).groupOverrideDetails).toBeUndefined();
    expect(result.failures).toEqual([]);
  });

  it('filters the V1 answer the same way', () => {
    // Prepare
    const v1Request = request({ version: '1' });
    // Act
    const result = build(sharedPool, v1Request);
    // Assess
    expect(v1(result.response).groupOverrideDetails).toEqual({
      groupsToOverride: ['web-orders', 'admins'],
      iamRolesToOverride: [],
      preferredRole: null,
    });
    expect(v1(result.response).claimsToAddOrOverride.group_list).toBe('["web-orders","admins"]');
  });

  it('filters the groups the rewrite from an attribute gives', () => {
    // Prepare
    const config = {
      claims: [],
      groups: { from: 'custom:extra_groups', mode: 'replace', keep: { prefixes: ['web-'] } },
    };
    // Act
    const result = build(config, request());
    // Assess
    expect(v2(result.response).groupOverrideDetails).toEqual({
      groupsToOverride: ['web-extra'],
      iamRolesToOverride: [],
      preferredRole: null,
    });
  });

  it('writes an empty group list when keep removes every group: that is what was asked', () => {
    // Prepare
    const config = { claims: [], groups: { keep: { names: ['nobody-has-this'] } } };
    // Act
    const result = build(config, request());
    // Assess
    expect(v2(result.response).groupOverrideDetails?.groupsToOverride).toEqual([]);
  });

  it('never writes groups into a client-credentials token', () => {
    // Prepare
    const m2m = request({
      triggerSource: 'TokenGeneration_ClientCredentials',
      version: '3',
      userAttributes: {},
    });
    // Act
    const result = build(sharedPool, m2m);
    // Assess
    expect(v2(result.response).groupOverrideDetails).toBeUndefined();
  });
});
