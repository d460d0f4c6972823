import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import {
  entriesOf,
  failuresPattern,
  failuresQuery,
  readFailureRecords,
} from '../../../cli/common/cloudwatch-failures';

const logs = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: 'eu-west-1' });

const SUB = '7c1e4b2a-90d3-4f5e-8a61-3b9d2c7e5f10';
const record = (code: string, at: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    level: 'ERROR',
    message: 'failure',
    timestamp: at,
    configVersion: '0123456789ab',
    failure: { code, claim: 'tenant_id', sub: SUB, clientId: 'web', ...extra },
  });
const row = (message: string) => [
  { field: '@timestamp', value: '2026-11-24 10:02:00.000' },
  { field: '@message', value: message },
];
const event = (message: string, id: string) => ({
  eventId: id,
  logStreamName: 'stream',
  timestamp: Date.parse('2026-11-24T10:02:00Z'),
  message,
});

const WINDOW = { from: Date.parse('2026-11-24T00:00:00Z'), to: Date.parse('2026-11-25T00:00:00Z') };
const base = {
  logGroups: ['/aws/lambda/cognito-claims-dev-preTokenGeneration'],
  window: WINDOW,
  filters: {},
  deadlineMs: 5000,
  pollMs: 1000,
};

/** A clock that moves only when the reader sleeps. */
const fakeClock = () => {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
};

describe('readFailureRecords', () => {
  beforeEach(() => logs.reset());

  it('polls a Logs Insights query until it completes and returns its rows', async () => {
    // Prepare
    logs.on(StartQueryCommand).resolves({ queryId: 'q1' });
    logs
      .on(GetQueryResultsCommand)
      .resolvesOnce({ status: 'Running' })
      .resolvesOnce({
        status: 'Complete',
        results: [row(record('IDP_ATTRIBUTE_MISSING', '2026-11-24T10:02:00.000Z'))],
      });
    // Act
    const result = await readFailureRecords(client, { ...base, ...fakeClock() });
    // Assess
    expect(result.via).toBe('Logs Insights');
    expect(logs.commandCalls(GetQueryResultsCommand)).toHaveLength(2);
    const start = logs.commandCalls(StartQueryCommand)[0]?.args[0].input;
    expect(start?.startTime).toBe(WINDOW.from / 1000);
    expect(start?.queryString).toContain('filter ispresent(failure.code)');
    expect(entriesOf(result.texts, {}).entries).toEqual([
      expect.objectContaining({ code: 'IDP_ATTRIBUTE_MISSING', configVersion: '0123456789ab' }),
    ]);
  });

  it('splits a window whose query fills the row limit and asks each half again', async () => {
    // Prepare
    logs
      .on(StartQueryCommand)
      .resolvesOnce({ queryId: 'whole' })
      .resolvesOnce({ queryId: 'early' })
      .resolvesOnce({ queryId: 'late' });
    const full = [
      row(record('A_CODE', '2026-11-24T01:00:00Z')),
      row(record('B_CODE', '2026-11-24T20:00:00Z')),
    ];
    logs
      .on(GetQueryResultsCommand, { queryId: 'whole' })
      .resolves({ status: 'Complete', results: full });
    logs
      .on(GetQueryResultsCommand, { queryId: 'early' })
      .resolves({ status: 'Complete', results: [full[0] ?? []] });
    logs
      .on(GetQueryResultsCommand, { queryId: 'late' })
      .resolves({ status: 'Complete', results: [full[1] ?? []] });
    // Act
    const result = await readFailureRecords(client, { ...base, limit: 2, ...fakeClock() });
    // Assess
    const starts = logs.commandCalls(StartQueryCommand).map((call) => call.args[0].input);
    expect(starts.map((input) => [input.startTime, input.endTime])).toEqual([
      [WINDOW.from / 1000, WINDOW.to / 1000],
      [WINDOW.from / 1000, (WINDOW.from + WINDOW.to) / 2000],
      [Math.floor((WINDOW.from + WINDOW.to) / 2000), WINDOW.to / 1000],
    ]);
    expect(entriesOf(result.texts, {}).entries.map((entry) => entry.code)).toEqual([
      'A_CODE',
      'B_CODE',
    ]);
  });

  it('stops a query that misses its deadline and reads every FilterLogEvents page instead', async () => {
    // Prepare
    logs.on(StartQueryCommand).resolves({ queryId: 'slow' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Running' });
    logs.on(StopQueryCommand).resolves({ success: true });
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({
        events: [event(record('A_CODE', '2026-11-24T10:00:00Z'), '1')],
        nextToken: 'page-2',
      })
      .resolvesOnce({ events: [event(record('B_CODE', '2026-11-24T11:00:00Z'), '2')] });
    // Act
    const result = await readFailureRecords(client, { ...base, ...fakeClock() });
    // Assess
    expect(result.via).toBe('FilterLogEvents');
    expect(result.fallbackReason).toBe('the Logs Insights query did not complete within 5 s');
    expect(logs.commandCalls(StopQueryCommand)[0]?.args[0].input).toEqual({ queryId: 'slow' });
    const pages = logs.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input);
    expect(pages.map((input) => input.nextToken)).toEqual([undefined, 'page-2']);
    expect(pages[0]?.filterPattern).toBe('{ $.failure.code = * }');
    expect(entriesOf(result.texts, {}).entries.map((entry) => entry.code)).toEqual([
      'A_CODE',
      'B_CODE',
    ]);
  });

  it('retries a throttled call with backoff and then succeeds', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const limit = Object.assign(new Error('too many queries'), { name: 'LimitExceededException' });
    logs.on(StartQueryCommand).rejectsOnce(limit).resolves({ queryId: 'q' });
    logs
      .on(GetQueryResultsCommand)
      .rejectsOnce(throttled)
      .resolves({ status: 'Complete', results: [] });
    const clock = fakeClock();
    // Act
    const result = await readFailureRecords(client, { ...base, ...clock });
    // Assess
    expect(result.via).toBe('Logs Insights');
    expect(logs.commandCalls(StartQueryCommand)).toHaveLength(2);
    expect(logs.commandCalls(GetQueryResultsCommand)).toHaveLength(2);
    expect(clock.now()).toBeGreaterThanOrEqual(1000);
  });

  it('does not fall back on a failure FilterLogEvents would meet too', async () => {
    // Prepare
    const denied = Object.assign(new Error('no'), { name: 'AccessDeniedException' });
    logs.on(StartQueryCommand).rejects(denied);
    // Act
    const reading = readFailureRecords(client, { ...base, ...fakeClock() });
    // Assess
    await expect(reading).rejects.toThrow('no');
    expect(logs.commandCalls(FilterLogEventsCommand)).toHaveLength(0);
  });
});

describe('the query and the pattern', () => {
  it('filter on every given value', () => {
    // Prepare
    const filters = {
      code: 'IDP_ATTRIBUTE_MISSING',
      claim: 'tenant_id',
      clientId: 'web',
      sub: SUB,
    };
    // Act
    const query = failuresQuery(filters);
    const pattern = failuresPattern(filters);
    // Assess
    expect(query).toContain('| filter failure.code = "IDP_ATTRIBUTE_MISSING"');
    expect(query).toContain(
      '| filter (failure.claim = "tenant_id" or failure.attribute = "tenant_id")',
    );
    expect(query).toContain(`| filter failure.sub = "${SUB}"`);
    expect(pattern).toBe(
      `{ $.failure.code = "IDP_ATTRIBUTE_MISSING" && $.failure.clientId = "web" && $.failure.sub = "${SUB}" && ($.failure.claim = "tenant_id" || $.failure.attribute = "tenant_id") }`,
    );
  });
});
