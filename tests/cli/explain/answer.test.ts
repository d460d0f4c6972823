import {
  explainUser,
  type SourceReadView,
  signInCases,
  signInKey,
} from '../../../cli/explain/answer';
import { parseConfig } from '../../../shared/core/config/parse-config';
import { FailureCode, FailureLevel } from '../../../shared/core/failure-codes';

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
      '$.claims[0]: not evaluated: it reads source "account" (table Accounts), which explain reads only when asked: add --read-sources (or --item <file>)',
    ]);
  });

  it("puts a table read's records under the claims read from that source", () => {
    // Prepare: SOURCE_* records name the source and table, never a claim.
    const config = parseConfig({
      sources: {
        account: { dynamodb: { table: 'Accounts', key: { pk: 'USER#{sub}' } }, timeoutMs: 300 },
      },
      claims: [
        { claim: 'plan', source: 'account', from: 'plan', tokens: ['access'] },
        { claim: 'tenant', from: 'custom:tenant', tokens: ['access'] },
      ],
    });
    const time = Date.parse('2026-11-24T10:02:00Z');
    const records = [
      { code: 'SOURCE_TIMEOUT', source: 'account', level: 'ERROR', time },
      { code: 'SOURCE_TIMEOUT', source: 'account', level: 'ERROR', time: time + 60_000 },
      { code: 'SOURCE_UNAVAILABLE', source: 'other', level: 'ERROR', time },
    ];
    // Act
    const report = explainUser({ ...BASE, config, attributes: { sub: 'abc' }, records });
    // Assess
    const byClaim = Object.fromEntries(report.claims.map((one) => [one.claim, one.records]));
    expect(byClaim.plan?.map((line) => [line.code, line.count])).toEqual([['SOURCE_TIMEOUT', 2]]);
    expect(byClaim.tenant).toEqual([]);
    expect(report.otherRecords.map((line) => line.code)).toEqual(['SOURCE_UNAVAILABLE']);
  });

  describe('with what the sources gave each sign-in', () => {
    const config = parseConfig({
      sources: {
        account: { dynamodb: { table: 'Accounts', key: { pk: 'USER#{sub}' } }, timeoutMs: 300 },
      },
      claims: [{ claim: 'plan', source: 'account', from: 'plan', tokens: ['access'] }],
    });
    const answerFor = (view: SourceReadView) => {
      const input = { ...BASE, config, attributes: { sub: 'abc' } };
      const sourceReads = new Map(
        signInCases(input).map((entry) => [signInKey(entry.clientId, entry.triggerSource), view]),
      );
      return explainUser({ ...input, sourceReads }).claims[0]?.answers[0];
    };
    const failed = (code: FailureCode, errorName: string): SourceReadView => ({
      results: [{ failed: code }],
      failures: [
        { code, level: FailureLevel.ERROR, message: 'not read', source: 'account', errorName },
      ],
      from: 'tables',
    });

    it('says the read timed out and which timeout to raise', () => {
      // Act
      const answer = answerFor(failed(FailureCode.SOURCE_TIMEOUT, 'TimeoutError'));
      // Assess
      expect(answer).toMatchObject({ present: false, cause: 'source-timeout' });
      expect(answer?.reasons).toEqual([
        '$.claims[0]: table not read (SOURCE_TIMEOUT, TimeoutError): Accounts gave no answer within 300 ms for item pk=USER#abc',
      ]);
      expect(answer?.fixes).toEqual([
        "check Accounts's latency from the trigger's region, or raise $.sources.account.timeoutMs (300 ms now, at most 1500)",
      ]);
    });

    it('says the credentials are missing or may not read the table, by DynamoDB error name', () => {
      // Act
      const missing = answerFor(failed(FailureCode.SOURCE_UNAVAILABLE, 'CredentialsMissing'));
      const denied = answerFor(failed(FailureCode.SOURCE_UNAVAILABLE, 'AccessDeniedException'));
      // Assess
      expect(missing?.cause).toBe('source-unavailable');
      expect(missing?.fixes).toEqual([
        'no AWS credentials for the table read: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE / --profile) and retry',
      ]);
      expect(denied?.reasons).toEqual([
        '$.claims[0]: table not read (SOURCE_UNAVAILABLE, AccessDeniedException): item pk=USER#abc of table Accounts could not be read',
      ]);
      expect(denied?.fixes).toEqual([
        "the credentials explain used may not read Accounts: they need dynamodb:GetItem on it (the trigger's role needs it too); check them and retry",
      ]);
    });

    it('says a value has no claim form (SOURCE_VALUE_INVALID)', () => {
      // Act
      const answer = answerFor({
        results: [{ item: { plan: { B: 'AAEC' } } }],
        failures: [],
        from: 'tables',
      });
      // Assess
      expect(answer).toMatchObject({
        present: false,
        cause: 'source-value-invalid',
        source: { code: 'SOURCE_VALUE_INVALID', key: { pk: 'USER#abc' } },
      });
      expect(answer?.reasons[0]).toMatch(
        /^\$\.claims\[0\]: value invalid \(SOURCE_VALUE_INVALID\): plan in item pk=USER#abc of table Accounts holds /,
      );
      expect(answer?.fixes).toEqual([
        'store plan in the item as a type a claim can carry (S, N, BOOL, L, M, SS or NS)',
      ]);
    });
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
