import { parseConfig } from '../../../../shared/core/config/parse-config';
import { ConfigError } from '../../../../shared/core/errors';

/** The issues a config is refused with, as `path: message`. */
const refusals = (input: unknown): string[] => {
  try {
    parseConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
};

describe('groups.keep and budget in the config', () => {
  it('reads a lone keep entry as a list of one, without clients', () => {
    // Act
    const config = parseConfig({ claims: [], groups: { keep: { prefixes: ['web-'] } } });
    // Assess
    expect(config.groups).toEqual({
      mode: 'merge',
      dropProviderGroups: false,
      keep: [{ names: [], prefixes: ['web-'] }],
    });
  });

  it('fills in the per-token budgets beside total and overageClaim', () => {
    // Act
    const config = parseConfig({
      claims: [],
      budget: { total: 3072, overageClaim: 'claims_overage' },
    });
    // Assess
    expect(config.budget).toEqual({
      id: 2048,
      access: 2048,
      total: 3072,
      overageClaim: 'claims_overage',
    });
  });

  it('refuses every problem at once, each at its JSON path', () => {
    // Prepare
    const input = {
      claims: [{ claim: 'claims_overage', value: 'x' }],
      groups: {
        mode: 'replace',
        keep: [{ clients: [], prefixes: ['web-'] }, { clients: ['web'] }],
      },
      budget: { total: 3, overageClaim: 'claims_overage' },
    };
    // Act
    const issues = refusals(input);
    // Assess
    expect(issues).toEqual(
      expect.arrayContaining(['$.budget.total: must be at least 4 bytes (two empty objects "{}")']),
    );
    expect(refusals({ ...input, budget: { overageClaim: 'claims_overage' } })).toEqual([
      '$.groups.mode: applies to the rewrite from an attribute: give "groups.from" too',
      '$.groups.keep[0].clients: list at least one app client id, or leave "clients" out for every client',
      '$.groups.keep[1]: list the groups to keep in "prefixes", "names" or both',
      '$.budget.overageClaim: "claims_overage" is written by the rule at $.claims[0]; name the overage claim something no rule writes',
    ]);
  });

  it('refuses an overage claim Cognito reserves', () => {
    // Act
    const issues = refusals({ claims: [], budget: { overageClaim: 'cognito:overage' } });
    // Assess
    expect(issues).toEqual([
      expect.stringMatching(/^\$\.budget\.overageClaim: claims with the "cognito:" prefix/),
    ]);
    expect(refusals({ claims: [], budget: { overageClaim: 'token_use' } })).toEqual([
      expect.stringMatching(/^\$\.budget\.overageClaim: "token_use" is computed by Cognito/),
    ]);
  });

  it('refuses a groups section that neither rewrites nor keeps, and an unknown keep key', () => {
    // Act
    const issues = refusals({ claims: [], groups: {} });
    // Assess
    expect(issues).toEqual([
      '$.groups: give "from" (rewrite the groups from an attribute), "keep", or both',
    ]);
    expect(refusals({ claims: [], groups: { keep: { prefix: ['web-'] } } })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\$\.groups\.keep/)]),
    );
  });
});
