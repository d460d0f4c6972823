import { explainUser } from '../../../cli/explain/answer';
import { parseConfig } from '../../../shared/core/config/parse-config';

const BASE = {
  userPoolId: 'eu-west-1_Heal7hy01',
  username: 'alice',
  groups: [],
  clients: [{ id: 'web' }],
  trigger: 'V2_0' as const,
};

describe('explainUser', () => {
  it('shows a claim read from a table as not evaluated, naming its source', () => {
    // Prepare
    const config = parseConfig({
      sources: {
        account: { dynamodb: { table: 'Accounts', key: { pk: 'USER#{sub}' } }, timeoutMs: 300 },
      },
      claims: [{ claim: 'plan', source: 'account', from: 'plan', tokens: ['access'] }],
    });
    // Act
    const report = explainUser({ ...BASE, config, attributes: { sub: 'abc' } });
    // Assess
    const [answer] = report.claims[0]?.answers ?? [];
    expect(answer).toMatchObject({ present: false, cause: 'not-evaluated', fixes: [] });
    expect(answer?.reasons).toEqual([
      '$.claims[0]: not evaluated: it reads source "account" (a table), which explain does not read',
    ]);
  });

  it('says a claim was left out for size, with the bytes and the fix', () => {
    // Prepare
    const config = parseConfig({
      budget: { id: 120 },
      claims: [
        { claim: 'first', from: 'custom:a', tokens: ['id'] },
        { claim: 'second', from: 'custom:b', tokens: ['id'] },
      ],
    });
    // Act
    const report = explainUser({
      ...BASE,
      config,
      attributes: { sub: 'abc', 'custom:a': 'x'.repeat(90), 'custom:b': 'y'.repeat(90) },
    });
    // Assess
    const second = report.claims.find((claim) => claim.claim === 'second')?.answers[0];
    expect(second).toMatchObject({ present: false, cause: 'left-out-for-size' });
    expect(second?.reasons[0]).toMatch(
      /^\$\.claims\[1\]: left out for size: \d+ bytes needed, \d+ left of the id token budget of 120$/,
    );
    expect(second?.fixes[0]).toContain('raise $.budget');
  });

  it('says each trigger source when the answers differ between sign-ins', () => {
    // Prepare
    const config = parseConfig({
      claims: [
        {
          claim: 'fresh',
          value: true,
          tokens: ['id'],
          when: { triggerSources: ['TokenGeneration_RefreshTokens'] },
        },
      ],
    });
    // Act
    const report = explainUser({ ...BASE, config, attributes: { sub: 'abc' } });
    // Assess
    const answers = report.claims[0]?.answers ?? [];
    expect(answers.map((a) => [a.present, a.triggerSources])).toEqual([
      [false, ['TokenGeneration_HostedAuth', 'TokenGeneration_Authentication']],
      [true, ['TokenGeneration_RefreshTokens']],
    ]);
    expect(answers[0]?.reasons[0]).toBe(
      '$.claims[0]: condition not met: when.triggerSources holds only for TokenGeneration_RefreshTokens',
    );
  });
});
