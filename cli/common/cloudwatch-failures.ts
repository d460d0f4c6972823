/**
 * The triggers' failure records read straight from CloudWatch Logs, for `failures` and
 * `explain`: a Logs Insights query (StartQuery, then GetQueryResults until it completes or the
 * deadline passes; a window that fills the query's row limit is split in two and each half
 * asked again, so nothing is cut off), and FilterLogEvents, page by page, when Insights cannot
 * answer in time. Throttling is retried with backoff. The answers come back as the same export
 * text `aws logs ...` writes, so one parser (./failure-records) reads files and live records.
 */

import {
  type CloudFormationClient,
  DescribeStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  type CloudWatchLogsClient,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { UsageError } from './errors';
import { type FailureEntry, parseExport } from './failure-records';

export interface FailureFilters {
  readonly code?: string;
  /** A claim, or the attribute an IdP failure names. */
  readonly claim?: string;
  readonly clientId?: string;
  readonly sub?: string;
}

export interface LogWindow {
  /** Epoch milliseconds. */
  readonly from: number;
  readonly to: number;
}

export interface ReadOptions {
  readonly logGroups: readonly string[];
  readonly window: LogWindow;
  readonly filters: FailureFilters;
  /** How long one Insights query may run before FilterLogEvents is used instead. */
  readonly deadlineMs: number;
  /** Between GetQueryResults polls. */
  readonly pollMs?: number;
  /** Rows one query returns at most (Logs Insights allows 10,000). */
  readonly limit?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export interface ReadResult {
  /** Export texts in the shapes ./failure-records reads. */
  readonly texts: readonly string[];
  readonly via: 'Logs Insights' | 'FilterLogEvents';
  /** Why Insights was not used, when it was not. */
  readonly fallbackReason?: string;
}

type Logs = Pick<CloudWatchLogsClient, 'send'>;

export const INSIGHTS_ROW_LIMIT = 10_000;
const THROTTLE_ATTEMPTS = 6;
const THROTTLED = new Set(['ThrottlingException', 'LimitExceededException', 'Throttling']);

/** Values that go into a query: names, codes and IDs only, so nothing needs quoting. */
const SAFE_VALUE = /^[\w:.@+/-]{1,256}$/;

export class QueryDeadlineError extends Error {
  override readonly name = 'QueryDeadlineError';
}

const defaultSleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Runs one call, retrying throttling (and Insights' concurrent-query limit) with backoff. */
async function withBackoff<T>(
  run: () => Promise<T>,
  sleep: (ms: number) => Promise<void>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      const name = (error as { name?: string } | null)?.name ?? '';
      if (!THROTTLED.has(name) || attempt >= THROTTLE_ATTEMPTS) throw error;
      await sleep(Math.min(8_000, 250 * 2 ** attempt));
    }
  }
}

/** Checks each filter value; a value outside the safe set would need quoting in a query. */
export function checkFilterValue(flag: string, value: string): string {
  if (!SAFE_VALUE.test(value)) {
    throw new UsageError(
      `--${flag} "${value}" has characters a log query cannot take: expected letters, digits and : . @ + / - _`,
    );
  }
  return value;
}

const insightsFilters = (filters: FailureFilters): string[] => [
  ...(filters.code ? [`failure.code = "${filters.code}"`] : []),
  ...(filters.claim
    ? [`(failure.claim = "${filters.claim}" or failure.attribute = "${filters.claim}")`]
    : []),
  ...(filters.clientId ? [`failure.clientId = "${filters.clientId}"`] : []),
  ...(filters.sub ? [`failure.sub = "${filters.sub}"`] : []),
];

/** The Logs Insights query for failure records, the one the stack also saves. */
export function failuresQuery(filters: FailureFilters, limit = INSIGHTS_ROW_LIMIT): string {
  return [
    'fields @timestamp, @message',
    '| filter ispresent(failure.code)',
    ...insightsFilters(filters).map((clause) => `| filter ${clause}`),
    '| sort @timestamp desc',
    `| limit ${limit}`,
  ].join('\n');
}

/** The FilterLogEvents pattern for failure records (a JSON pattern on the log line). */
export function failuresPattern(filters: FailureFilters): string {
  const terms = [
    filters.code ? `$.failure.code = "${filters.code}"` : '$.failure.code = *',
    ...(filters.clientId ? [`$.failure.clientId = "${filters.clientId}"`] : []),
    ...(filters.sub ? [`$.failure.sub = "${filters.sub}"`] : []),
    ...(filters.claim
      ? [`($.failure.claim = "${filters.claim}" || $.failure.attribute = "${filters.claim}")`]
      : []),
  ];
  return `{ ${terms.join(' && ')} }`;
}

async function runInsights(
  logs: Logs,
  options: ReadOptions,
  window: LogWindow,
  depth: number,
): Promise<string[]> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const limit = options.limit ?? INSIGHTS_ROW_LIMIT;
  const started = await withBackoff(
    () =>
      logs.send(
        new StartQueryCommand({
          logGroupNames: [...options.logGroups],
          startTime: Math.floor(window.from / 1000),
          endTime: Math.ceil(window.to / 1000),
          queryString: failuresQuery(options.filters, limit),
          limit,
        }),
      ),
    sleep,
  );
  const queryId = started.queryId;
  if (!queryId) throw new Error('StartQuery returned no query ID');
  const deadline = now() + options.deadlineMs;
  for (;;) {
    const answer = await withBackoff(
      () => logs.send(new GetQueryResultsCommand({ queryId })),
      sleep,
    );
    const status = answer.status;
    if (status === 'Complete') {
      const rows = answer.results ?? [];
      // A full page may have left rows out: ask again for each half of the window.
      if (rows.length >= limit && depth < 12 && window.to - window.from > 1000) {
        const middle = Math.floor((window.from + window.to) / 2);
        const early = await runInsights(
          logs,
          options,
          { from: window.from, to: middle },
          depth + 1,
        );
        const late = await runInsights(
          logs,
          options,
          { from: middle + 1, to: window.to },
          depth + 1,
        );
        return [...early, ...late];
      }
      return [JSON.stringify({ results: rows })];
    }
    if (status === 'Failed' || status === 'Cancelled' || status === 'Timeout') {
      throw new QueryDeadlineError(`the Logs Insights query ended ${status}`);
    }
    if (now() >= deadline) {
      await logs.send(new StopQueryCommand({ queryId })).catch(() => undefined);
      throw new QueryDeadlineError(
        `the Logs Insights query did not complete within ${options.deadlineMs / 1000} s`,
      );
    }
    await sleep(options.pollMs ?? 1000);
  }
}

/** Every matching event of every log group, page by page (nextToken). */
export async function filterEvents(logs: Logs, options: ReadOptions): Promise<string[]> {
  const sleep = options.sleep ?? defaultSleep;
  const texts: string[] = [];
  for (const logGroupName of options.logGroups) {
    let nextToken: string | undefined;
    do {
      const page = await withBackoff(
        () =>
          logs.send(
            new FilterLogEventsCommand({
              logGroupName,
              startTime: options.window.from,
              endTime: options.window.to,
              filterPattern: failuresPattern(options.filters),
              ...(nextToken ? { nextToken } : {}),
            }),
          ),
        sleep,
      );
      texts.push(JSON.stringify({ events: page.events ?? [] }));
      // CloudWatch may repeat a token at the end of the data: stop rather than loop forever.
      nextToken = page.nextToken && page.nextToken !== nextToken ? page.nextToken : undefined;
    } while (nextToken);
  }
  return texts;
}

/** Logs Insights first; FilterLogEvents when the query fails or misses its deadline. */
export async function readFailureRecords(logs: Logs, options: ReadOptions): Promise<ReadResult> {
  try {
    return { texts: await runInsights(logs, options, options.window, 0), via: 'Logs Insights' };
  } catch (error) {
    const name = (error as { name?: string } | null)?.name ?? '';
    // Credentials, permissions, a missing log group: FilterLogEvents would fail the same way.
    if (!(error instanceof QueryDeadlineError) && !THROTTLED.has(name)) throw error;
    return {
      texts: await filterEvents(logs, options),
      via: 'FilterLogEvents',
      fallbackReason: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Whether an entry passes the filters: checked again on what was read, whatever read it. */
export function matchesFilters(entry: FailureEntry, filters: FailureFilters): boolean {
  return (
    (!filters.code || entry.code === filters.code) &&
    (!filters.claim || entry.claim === filters.claim || entry.attribute === filters.claim) &&
    (!filters.clientId || entry.clientId === filters.clientId) &&
    (!filters.sub || entry.sub === filters.sub)
  );
}

/** The entries of export texts that pass the filters, with what was skipped. */
export function entriesOf(texts: readonly string[], filters: FailureFilters) {
  const entries: FailureEntry[] = [];
  const skipped = { notJson: 0, notFailure: 0 };
  for (const text of texts) {
    const parsed = parseExport(text);
    for (const entry of parsed.entries) if (matchesFilters(entry, filters)) entries.push(entry);
    skipped.notJson += parsed.skipped.notJson;
    skipped.notFailure += parsed.skipped.notFailure;
  }
  return { entries, skipped };
}

/** "2h", "30m", "7d", "90s": a duration before now, in milliseconds, or undefined. */
export function parseSince(text: string): number | undefined {
  const match = /^(\d{1,6})([smhd])$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's'];
  return Number(match[1]) * unit;
}

/** The log groups of a deployed stack (its functions' groups), from CloudFormation. */
export async function stackLogGroups(
  cloudFormation: Pick<CloudFormationClient, 'send'>,
  stackName: string,
): Promise<string[]> {
  const { StackResources } = await cloudFormation.send(
    new DescribeStackResourcesCommand({ StackName: stackName }),
  );
  return (StackResources ?? []).flatMap((resource) =>
    resource.ResourceType === 'AWS::Logs::LogGroup' && resource.PhysicalResourceId
      ? [resource.PhysicalResourceId]
      : [],
  );
}
