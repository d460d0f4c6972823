/**
 * The budget under fast-check: whatever the claims, their sizes and the budgets, the added
 * claims' JSON never exceeds a token's budget or the total, and the overage claim names exactly
 * the claims left out of its token, never a value.
 */
import fc from 'fast-check';
import { buildResponse, claimsBytes, compileConfig } from '../../shared/core/claims/build-response';
import { RULE_FEATURES } from '../../shared/core/claims/rule-features';
import type {
  ClaimValue,
  TokenRequest,
  V1Response,
  V2Response,
} from '../../shared/core/claims/types';
import { parseConfig } from '../../shared/core/config/parse-config';

const OVERAGE = 'claims_overage';

const ruleArb = fc.record({
  tokens: fc.constantFrom(['id'], ['access'], ['id', 'access']),
  // One in four required: most sign-ins are not denied, so the budgets get tested.
  required: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  length: fc.integer({ min: 0, max: 400 }),
  text: fc.constantFrom('a', 'é', '"', '\u001f'),
});

const caseArb = fc.record({
  rules: fc.array(ruleArb, { minLength: 1, maxLength: 8 }),
  id: fc.integer({ min: 2, max: 1500 }),
  access: fc.integer({ min: 2, max: 1500 }),
  total: fc.option(fc.integer({ min: 4, max: 2500 }), { nil: undefined }),
  overage: fc.boolean(),
  version: fc.constantFrom('1' as const, '2' as const),
});

const tokensOf = (response: V1Response | V2Response) =>
  'claimsOverrideDetails' in response
    ? {
        id: response.claimsOverrideDetails.claimsToAddOrOverride as Record<string, ClaimValue>,
        access: {},
      }
    : {
        id: response.claimsAndScopeOverrideDetails.idTokenGeneration?.claimsToAddOrOverride ?? {},
        access: response.claimsAndScopeOverrideDetails.accessTokenGeneration.claimsToAddOrOverride,
      };

describe('budget property', () => {
  it('never lets the added claims exceed a token budget or the total, and names exactly what was left out', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        // Prepare
        const config = parseConfig({
          claims: c.rules.map((rule, i) => ({
            claim: `claim_${i}`,
            from: `custom:a${i}`,
            tokens: rule.tokens,
            required: rule.required,
          })),
          budget: {
            id: c.id,
            access: c.access,
            ...(c.total !== undefined ? { total: c.total } : {}),
            ...(c.overage ? { overageClaim: OVERAGE } : {}),
          },
        });
        const request: TokenRequest = {
          version: c.version,
          triggerSource: 'TokenGeneration_Authentication',
          clientId: 'web-client',
          userAttributes: Object.fromEntries(
            c.rules.map((rule, i) => [`custom:a${i}`, rule.text.repeat(rule.length) || 'x']),
          ),
        };
        // Act
        const result = buildResponse(compileConfig(config, RULE_FEATURES), request);
        // Assess
        if (result.deniedClaim !== undefined) return;
        const tokens = tokensOf(result.response);
        expect(claimsBytes(tokens.id)).toBeLessThanOrEqual(c.id);
        expect(claimsBytes(tokens.access)).toBeLessThanOrEqual(c.access);
        if (c.total !== undefined) {
          expect(claimsBytes(tokens.id) + claimsBytes(tokens.access)).toBeLessThanOrEqual(c.total);
        }
        for (const token of ['id', 'access'] as const) {
          const leftOut = result.failures
            .filter(
              (f) => f.code === 'TOKEN_BUDGET_EXCEEDED' && f.token === token && f.claim !== OVERAGE,
            )
            .map((f) => f.claim);
          const carried = tokens[token][OVERAGE];
          if (!c.overage || leftOut.length === 0) {
            expect(carried).toBeUndefined();
            continue;
          }
          const overageFailed = result.failures.some(
            (f) => f.claim === OVERAGE && f.token === token,
          );
          if (overageFailed) {
            // Only the required claims can take the room kept for it.
            expect(carried).toBeUndefined();
            continue;
          }
          const names = typeof carried === 'string' ? JSON.parse(carried) : carried;
          expect(names).toEqual(leftOut);
          for (const name of leftOut) expect(tokens[token]).not.toHaveProperty(name as string);
        }
      }),
      { numRuns: 400 },
    );
  });
});
