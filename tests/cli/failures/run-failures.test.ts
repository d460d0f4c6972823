/**
 * `cognito-claims failures` on exported CloudWatch Logs (tests/fixtures/failures): every export
 * shape operators produce, noise counted as skipped, and no user identifier printed.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { summariseExports } from '../../../cli/failures/summarise';
import { runCli } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'failures');
const SUBS = [
  '7c1e4b2a-90d3-4f5e-8a61-3b9d2c7e5f10',
  '2f4a6c8e-1b3d-4f5a-9c7e-0d2b4f6a8c1e',
  '0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
];

const failures = async (args: string[], stdin?: string) => {
  const io = captureIo(stdin === undefined ? {} : { stdin });
  const code = await runCli(['failures', ...args], io);
  return { code, out: io.out(), err: io.err() };
};

// biome-ignore lint/suspicious/noExplicitAny: report JSON
const json = async (args: string[], stdin?: string): Promise<any> =>
  JSON.parse((await failures([...args, '--json'], stdin)).out);

describe('cognito-claims failures', () => {
  it('summarises aws logs filter-log-events output by code, claim, provider and client', async () => {
    // Prepare
    const file = join(FIXTURES, 'filter-log-events.json');

    // Act
    const { code, out } = await failures([file]);

    // Assess
    expect(out).toContain(`cognito-claims failures: 7 failure record(s) from ${file}`);
    expect(out).toContain(
      '3 distinct user(s), 2026-11-21T08:01:02.123Z to 2026-11-21T08:45:02.123Z; skipped 2 non-JSON line(s) and 1 record(s) without a failure',
    );
    expect(out).toContain(
      [
        'Code                   Count  First seen                Last seen',
        '---------------------  -----  ------------------------  ------------------------',
        'ATTRIBUTE_MISSING          3  2026-11-21T08:01:02.123Z  2026-11-21T08:31:02.123Z',
        'IDP_TOKEN_OVER_LIMIT       2  2026-11-21T08:07:02.123Z  2026-11-21T08:20:02.123Z',
        'TOKEN_BUDGET_EXCEEDED      1  2026-11-21T08:45:02.123Z  2026-11-21T08:45:02.123Z',
        'TYPE_MISMATCH              1  2026-11-21T08:03:02.123Z  2026-11-21T08:03:02.123Z',
      ].join('\n'),
    );
    expect(out).toMatch(/^attribute custom:id_token +2 /m);
    expect(out).toMatch(/^Google +2 {2}2026-11-21T08:07:02.123Z {2}2026-11-21T08:20:02.123Z$/m);
    expect(out).toMatch(/^4kq9u2r0s8example1web0abcd +5 /m);
    expect(out).toMatch(/^9z8y7x6w5vexample3mob0ijkl +2 /m);
    expect(code).toBe(0);
  });

  it('reads several paged documents written into one file', async () => {
    // Act
    const report = await json([join(FIXTURES, 'filter-log-events-paged.out')]);

    // Assess
    expect(report.total).toBe(6);
    expect(report.byProvider).toContainEqual({
      key: 'AzureAD',
      count: 1,
      firstSeen: '2026-11-21T08:58:02.123Z',
      lastSeen: '2026-11-21T08:58:02.123Z',
    });
  });

  it('reads a Logs Insights export, taking its timestamps as UTC', async () => {
    // Act
    const report = await json([join(FIXTURES, 'logs-insights.json')]);

    // Assess
    expect(report).toMatchObject({
      total: 10,
      users: 3,
      firstSeen: '2026-11-21T08:01:02.123Z',
      lastSeen: '2026-11-21T09:30:02.123Z',
      skipped: { notJson: 0, notFailure: 0 },
    });
    expect(report.byCode.map((g: { key: string; count: number }) => `${g.key}=${g.count}`)).toEqual(
      [
        'ATTRIBUTE_MISSING=4',
        'IDP_TOKEN_OVER_LIMIT=3',
        'IDP_ATTRIBUTE_MISSING=1',
        'TOKEN_BUDGET_EXCEEDED=1',
        'TYPE_MISMATCH=1',
      ],
    );
  });

  it('reads JSON lines, tolerating prefixes, comments, truncated lines and ordinary log lines', async () => {
    // Act
    const report = await json([join(FIXTURES, 'json-lines.log')]);

    // Assess
    expect(report.total).toBe(10);
    expect(report.skipped).toEqual({ notJson: 2, notFailure: 1 });
  });

  it('reads aws logs get-query-results output from standard input', async () => {
    // Prepare
    const message = JSON.stringify({
      level: 'WARN',
      message: 'claim left out',
      failure: { code: 'TYPE_MISMATCH', claim: 'roles', clientId: 'client-a', sub: SUBS[0] },
    });
    const stdin = JSON.stringify({
      results: [
        [
          { field: '@timestamp', value: '2026-11-21 10:00:00.000' },
          { field: '@message', value: message },
        ],
      ],
      status: 'Complete',
    });

    // Act
    const report = await json([], stdin);

    // Assess
    expect(report.sources).toEqual(['standard input']);
    expect(report.byClaim).toEqual([
      {
        key: 'roles',
        count: 1,
        firstSeen: '2026-11-21T10:00:00.000Z',
        lastSeen: '2026-11-21T10:00:00.000Z',
      },
    ]);
  });

  it('adds up several files', async () => {
    // Act
    const report = await json([
      join(FIXTURES, 'filter-log-events.json'),
      join(FIXTURES, 'json-lines.log'),
    ]);

    // Assess
    expect(report.total).toBe(17);
    expect(report.skipped).toEqual({ notJson: 4, notFailure: 2 });
  });

  it('counts users without printing who they are', async () => {
    // Act
    const text = await failures([join(FIXTURES, 'logs-insights.json')]);
    const data = await failures([join(FIXTURES, 'logs-insights.json'), '--json']);

    // Assess
    for (const sub of SUBS) {
      expect(text.out).not.toContain(sub);
      expect(data.out).not.toContain(sub);
    }
  });

  it('says so when there is no failure record', async () => {
    // Act
    const { code, out } = await failures(['-'], 'START RequestId: 1\nEND RequestId: 1\n');

    // Assess
    expect(out).toContain('0 failure record(s) from standard input');
    expect(out).toContain('skipped 2 non-JSON line(s)');
    expect(out).toContain('No failure records found.');
    expect(code).toBe(0);
  });

  it('says how to use it and exits 1 instead of waiting on a terminal', async () => {
    // Prepare
    const io = captureIo({ stdinIsTTY: true });
    let read = false;
    const watched = {
      ...io,
      readStdin: async () => {
        read = true;
        return '';
      },
    };

    // Act
    const code = await runCli(['failures'], watched);

    // Assess
    expect(io.err()).toBe(
      'cognito-claims failures: no input: standard input is a terminal; give the exported file(s), e.g. cognito-claims failures failures.json, or pipe them in: aws logs filter-log-events ... --output json | cognito-claims failures (cognito-claims failures --help lists the options)\n',
    );
    expect(read).toBe(false);
    expect(io.out()).toBe('');
    expect(code).toBe(1);
  });

  it('says nothing arrived and exits 1 when standard input is empty', async () => {
    // Act
    const { code, out, err } = await failures([], '');

    // Assess
    expect(err).toMatch(
      /^cognito-claims failures: no input: standard input was empty; give the exported file\(s\)/,
    );
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(out).toBe('');
    expect(code).toBe(1);
  });

  it('names a file it cannot read and exits 1', async () => {
    // Act
    const { code, err } = await failures([join(FIXTURES, 'nope.json')]);

    // Assess
    expect(err).toContain('nope.json: cannot read the file (ENOENT)');
    expect(code).toBe(1);
  });
});

describe('summariseExports', () => {
  const record = fc.record({
    code: fc.constantFrom('ATTRIBUTE_MISSING', 'TYPE_MISMATCH', 'IDP_TOKEN_OVER_LIMIT'),
    claim: fc.option(fc.constantFrom('roles', 'tenant_id'), { nil: undefined }),
    clientId: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
    time: fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
  });
  const noise = fc.constantFrom(
    'REPORT RequestId: x',
    '{"level":"INFO","message":"ok"}',
    '{"broken',
    '',
  );

  it('counts every failure record once, in every grouping, whatever the noise around it', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(record, noise), { maxLength: 60 }), (items) => {
        // Prepare
        const lines = items.map((item) =>
          typeof item === 'string'
            ? item
            : JSON.stringify({
                level: 'WARN',
                timestamp: new Date(item.time).toISOString(),
                failure: { code: item.code, claim: item.claim, clientId: item.clientId },
              }),
        );
        const expected = items.filter((item) => typeof item !== 'string');

        // Act
        const summary = summariseExports([lines.join('\n')]);

        // Assess
        const sum = (groups: readonly { count: number }[]) =>
          groups.reduce((n, g) => n + g.count, 0);
        expect(summary.total).toBe(expected.length);
        for (const groups of [
          summary.byCode,
          summary.byClaim,
          summary.byProvider,
          summary.byClient,
        ]) {
          expect(sum(groups)).toBe(expected.length);
        }
        if (expected.length > 0) {
          const times = expected.map((item) => item.time);
          expect(summary.firstSeen).toBe(new Date(Math.min(...times)).toISOString());
          expect(summary.lastSeen).toBe(new Date(Math.max(...times)).toISOString());
        }
      }),
    );
  });
});

describe('summariseExports on a large export', () => {
  it('summarises 200,000 failure records without overflowing the stack', () => {
    // Prepare
    const count = 200_000;
    const start = Date.parse('2026-11-01T00:00:00.000Z');
    // Epoch-ms timestamps out of order, so first and last are not simply the ends of the file.
    const lines = Array.from(
      { length: count },
      (_, i) =>
        `{"timestamp":${start + ((i * 7919) % count) * 1000},"failure":{"code":"${i % 2 ? 'ATTRIBUTE_MISSING' : 'TYPE_MISMATCH'}"}}`,
    );

    // Act
    const summary = summariseExports([lines.join('\n')]);

    // Assess
    expect(summary.total).toBe(count);
    expect(summary.firstSeen).toBe('2026-11-01T00:00:00.000Z');
    expect(summary.lastSeen).toBe(new Date(start + (count - 1) * 1000).toISOString());
    expect(summary.byCode).toEqual([
      expect.objectContaining({ key: 'ATTRIBUTE_MISSING', count: count / 2 }),
      expect.objectContaining({ key: 'TYPE_MISMATCH', count: count / 2 }),
    ]);
  });
});
