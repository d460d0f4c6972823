import {
  buildResponse,
  claimsBytes,
  compileConfig,
} from '../../../../shared/core/claims/build-response';
import { RULE_FEATURES } from '../../../../shared/core/claims/rule-features';
import type { TokenRequest, V1Response, V2Response } from '../../../../shared/core/claims/types';
import { parseConfig } from '../../../../shared/core/config/parse-config';

const baseRequest: TokenRequest = {
  version: '2',
  triggerSource: 'TokenGeneration_Authentication',
  clientId: 'web-client',
  userAttributes: {
    sub: 'b2c3d4e5-6789-01bc-def0-EXAMPLE22222',
    'custom:tenant_id': 'globex',
    'custom:profile': 'p'.repeat(300),
    'custom:notes': 'n'.repeat(300),
  },
};

const request = (patch: Partial<TokenRequest> = {}): TokenRequest => ({
  ...structuredClone(baseRequest),
  ...patch,
});

const build = (config: unknown, tokenRequest: TokenRequest) =>
  buildResponse(compileConfig(parseConfig(config), RULE_FEATURES), tokenRequest);
const v2 = (response: V1Response | V2Response) =>
  (response as V2Response).claimsAndScopeOverrideDetails;
const v1 = (response: V1Response | V2Response) => (response as V1Response).claimsOverrideDetails;

const bothTokens = ['id', 'access'];

describe('budget.total', () => {
  it('keeps both tokens together within the total, admitting a later required claim first', () => {
    // Prepare
    const config = {
      claims: [
        { claim: 'profile', from: 'custom:profile', tokens: bothTokens },
        { claim: 'tenant', from: 'custom:tenant_id', tokens: bothTokens, required: true },
      ],
      budget: { total: 400 },
    };
    // Act
    const result = build(config, request());
    // Assess
    const details = v2(result.response);
    const id = details.idTokenGeneration?.claimsToAddOrOverride ?? {};
    const access = details.accessTokenGeneration.claimsToAddOrOverride;
    expect(result.deniedClaim).toBeUndefined();
    expect(id).toEqual({ profile: 'p'.repeat(300), tenant: 'globex' });
    expect(access).toEqual({ tenant: 'globex' });
    expect(claimsBytes(id) + claimsBytes(access)).toBeLessThanOrEqual(400);
    expect(result.failures).toEqual([
      expect.objectContaining({
        code: 'TOKEN_BUDGET_EXCEEDED',
        claim: 'profile',
        token: 'access',
        budget: 400,
        bytes: 312,
        message: expect.stringContaining('total budget of both tokens'),
      }),
    ]);
  });

  it('denies the sign-in when a required claim does not fit the total', () => {
    // Prepare
    const config = {
      claims: [{ claim: 'profile', from: 'custom:profile', tokens: bothTokens, required: true }],
      budget: { total: 400 },
    };
    // Act
    const result = build(config, request());
    // Assess
    expect(result.deniedClaim).toBe('profile');
  });
});

describe('budget.overageClaim', () => {
  const config = {
    claims: [
      { claim: 'tenant', from: 'custom:tenant_id', tokens: bothTokens },
      { claim: 'profile', from: 'custom:profile', tokens: bothTokens },
      { claim: 'notes', from: 'custom:notes', tokens: ['id'] },
    ],
    budget: { id: 380, access: 2048, overageClaim: 'claims_overage' },
  };

  it('names in each token exactly the claims left out of it, and never a value', () => {
    // Act
    const result = build(config, request());
    // Assess
    const details = v2(result.response);
    const id = details.idTokenGeneration?.claimsToAddOrOverride ?? {};
    expect(id).toEqual({ tenant: 'globex', profile: 'p'.repeat(300), claims_overage: ['notes'] });
    expect(claimsBytes(id)).toBeLessThanOrEqual(380);
    expect(details.accessTokenGeneration.claimsToAddOrOverride).toEqual({
      tenant: 'globex',
      profile: 'p'.repeat(300),
    });
  });

  it('keeps room for the overage claim even when the claims alone would fill the token', () => {
    // Prepare: tenant and profile fit exactly without the overage claim, not with it.
    const tight = { ...config, budget: { id: 345, overageClaim: 'claims_overage' } };
    // Act
    const result = build(tight, request());
    // Assess
    const id = v2(result.response).idTokenGeneration?.claimsToAddOrOverride ?? {};
    expect(id.claims_overage).toEqual(expect.arrayContaining(['notes']));
    expect(claimsBytes(id)).toBeLessThanOrEqual(345);
    expect(Object.keys(id).filter((claim) => claim !== 'claims_overage')).toEqual(
      expect.not.arrayContaining((id.claims_overage as string[]) ?? []),
    );
  });

  it('writes the list as a JSON string in a V1 answer', () => {
    // Prepare: the escaped quotes of a JSON string take more room.
    const v1Config = { ...config, budget: { id: 400, overageClaim: 'claims_overage' } };
    // Act
    const result = build(v1Config, request({ version: '1' }));
    // Assess
    const claims = v1(result.response).claimsToAddOrOverride;
    expect(claims.claims_overage).toBe('["notes"]');
    expect(claimsBytes(claims)).toBeLessThanOrEqual(400);
  });

  it('adds no overage claim when everything fits', () => {
    // Prepare
    const roomy = { ...config, budget: { overageClaim: 'claims_overage' } };
    // Act
    const result = build(roomy, request());
    // Assess
    expect(v2(result.response).idTokenGeneration?.claimsToAddOrOverride).not.toHaveProperty(
      'claims_overage',
    );
  });

  it('is left out with a warning when required claims took the room kept for it', () => {
    // Prepare
    const full = {
      claims: [
        { claim: 'profile', from: 'custom:profile', tokens: ['id'], required: true },
        { claim: 'notes', from: 'custom:notes', tokens: ['id'] },
      ],
      budget: { id: 315, overageClaim: 'claims_overage' },
    };
    // Act
    const result = build(full, request());
    // Assess
    expect(result.deniedClaim).toBeUndefined();
    expect(v2(result.response).idTokenGeneration?.claimsToAddOrOverride).toEqual({
      profile: 'p'.repeat(300),
    });
    expect(result.failures.map((failure) => failure.claim)).toEqual(['notes', 'claims_overage']);
  });
});
