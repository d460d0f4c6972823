/**
 * preview explains every outcome: the rule that won, or why each rule of the chain did not, the
 * scopes, the groups kept and removed, and the three tokens' combined size.
 */
import { formatPreviewText } from '../../../cli/preview/format';
import { type PreviewRequest, previewTokens } from '../../../cli/preview/preview';
import { parseConfig } from '../../../shared/core/config/parse-config';

const config = parseConfig({
  claims: [
    { claim: 'tier', value: 'gold', when: { attributes: { 'custom:plan': ['gold'] } } },
    { claim: 'tier', from: 'custom:tier', map: { b: 'bronze' } },
    { claim: 'tier', value: 'basic' },
    { claim: 'dept', from: 'custom:dept', transform: [{ after: 'dept=' }] },
    { claim: 'staff', value: true, when: { groups: ['staff'] } },
    { claim: 'cost', from: 'custom:cost_center' },
    { claim: 'web_only', value: 1, tokens: ['access'], clients: ['web-client'] },
    { claim: 'profile', from: 'custom:profile' },
    { claim: 'group_list', from: 'cognito:groups', type: 'string[]' },
  ],
  scopes: {
    add: ['orders/read', { scope: 'orders/write', when: { groups: ['writers'] } }],
  },
  groups: { keep: [{ prefixes: ['web-'], names: ['admins'] }] },
  budget: { id: 300, overageClaim: 'claims_overage' },
});

const request = (patch: Partial<PreviewRequest> = {}): PreviewRequest => ({
  config,
  userAttributes: {
    sub: 'b2c3d4e5-6789-01bc-def0-EXAMPLE22222',
    'custom:plan': 'silver',
    'custom:tier': 'x',
    'custom:dept': 'no-marker',
    'custom:profile': 'p'.repeat(260),
  },
  triggerSource: 'TokenGeneration_Authentication',
  version: '2',
  clientId: 'mobile-client',
  groups: ['web-orders', 'admins', 'ops'],
  ...patch,
});

const stepsOf = (result: ReturnType<typeof previewTokens>, claim: string, token = 'id') =>
  result.explanation?.claims.find((one) => one.claim === claim && one.token === token);

describe('preview explanations', () => {
  it('names the fallback that won and why the rules before it did not', () => {
    // Act
    const result = previewTokens(request());
    // Assess
    expect(stepsOf(result, 'tier')).toEqual({
      claim: 'tier',
      token: 'id',
      added: true,
      rule: '$.claims[2]',
      steps: [
        expect.objectContaining({
          rule: '$.claims[0]',
          outcome: 'condition',
          detail: 'when.attributes["custom:plan"] does not hold',
        }),
        expect.objectContaining({ rule: '$.claims[1]', outcome: 'map-empty' }),
        { rule: '$.claims[2]', description: 'a constant value', outcome: 'won' },
      ],
    });
  });

  it('says a transform found nothing, a condition on groups failed, an attribute is absent, a client is not listed', () => {
    // Act
    const result = previewTokens(request());
    // Assess
    expect(stepsOf(result, 'dept')?.steps[0]?.outcome).toBe('transform-empty');
    expect(stepsOf(result, 'staff')?.steps[0]).toEqual(
      expect.objectContaining({ outcome: 'condition', detail: 'when.groups does not hold' }),
    );
    expect(stepsOf(result, 'cost')?.steps[0]?.outcome).toBe('attribute-absent');
    expect(stepsOf(result, 'web_only', 'access')?.steps[0]).toEqual(
      expect.objectContaining({
        outcome: 'client',
        detail: 'app client mobile-client is not listed',
      }),
    );
  });

  it('says a claim was left out for size with the bytes it needed and the bytes left', () => {
    // Act
    const result = previewTokens(request());
    // Assess
    const profile = stepsOf(result, 'profile');
    expect(profile?.added).toBe(false);
    expect(profile?.steps[0]).toEqual(
      expect.objectContaining({ outcome: 'size', bytes: 272, budget: 300, budgetName: 'token' }),
    );
    expect(profile?.steps[0]?.left).toBeLessThan(272);
    const idToken = result.tokens.find((token) => token.token === 'id');
    expect(idToken?.added.find((claim) => claim.claim === 'claims_overage')?.display).toBe(
      '["profile"]',
    );
  });

  it('lists the groups kept and removed, and the claim from cognito:groups sees the kept ones', () => {
    // Act
    const result = previewTokens(request());
    // Assess
    expect(result.explanation?.groups).toEqual({
      before: ['web-orders', 'admins', 'ops'],
      kept: ['web-orders', 'admins'],
      removed: ['ops'],
      keepRule: '$.groups.keep[0]',
    });
    const idToken = result.tokens.find((token) => token.token === 'id');
    expect(idToken?.added.find((claim) => claim.claim === 'group_list')?.display).toBe(
      '["web-orders","admins"]',
    );
  });

  it('explains each scope: always added, or the condition that did not hold', () => {
    // Act
    const result = previewTokens(request());
    // Assess
    expect(result.explanation?.scopes).toEqual([
      {
        scope: 'orders/read',
        action: 'add',
        applied: true,
        rule: '$.scopes.add "orders/read"',
        reason: 'always added',
      },
      {
        scope: 'orders/write',
        action: 'add',
        applied: false,
        rule: '$.scopes.add "orders/write" (with when)',
        reason: 'when.groups does not hold',
      },
    ]);
  });

  it('prints the explanations and the combined size of the three tokens', () => {
    // Prepare
    const result = previewTokens(request());
    // Act
    const text = formatPreviewText({ ...result, configSource: 'c.json', userSource: 'u.json' });
    // Assess
    expect(text).toContain('  tier (ID token): added by $.claims[2]\n');
    expect(text).toContain(
      '    $.claims[0] (a constant value, when attributes hold): condition: when.attributes["custom:plan"] does not hold\n',
    );
    expect(text).toContain(
      'Groups ($.groups.keep[0] applies)\n  kept: web-orders, admins\n  removed: ops\n',
    );
    expect(text).toMatch(
      /All three tokens \(ID \+ access \+ refresh, about 1,850\): [\d,]+ B against about 4,096 B of cookies per domain: (ok|OVER)/,
    );
    expect(result.combined?.bytes).toBe(
      result.tokens.reduce((sum, token) => sum + token.jwtBytes, 1850),
    );
  });
});
