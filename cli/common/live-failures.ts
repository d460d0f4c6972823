/**
 * The flags `failures` and `explain` share to read failure records from CloudWatch Logs, and
 * the reading itself: which log groups (the stack's, or --log-group), which window (--since, or
 * --from/--to), which records (--code, --claim, --client-id, --user, --username resolved to the
 * `sub` records carry), then ./cloudwatch-failures.
 */
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { awsOptionsFrom, positiveInt } from './args';
import {
  awsCall,
  checkPoolId,
  createCloudFormationClient,
  createCloudWatchLogsClient,
  createCognitoClient,
  resolveRegion,
} from './aws';
import {
  checkFilterValue,
  entriesOf,
  type FailureFilters,
  filterEvents,
  parseSince,
  readFailureRecords,
  stackLogGroups,
} from './cloudwatch-failures';
import { UsageError } from './errors';
import type { FailureEntry } from './failure-records';
import type { CliIo } from './io';

export type { FailureFilters } from './cloudwatch-failures';

export const failureFilterOptions = {
  code: { type: 'string' },
  claim: { type: 'string' },
  'client-id': { type: 'string' },
  user: { type: 'string' },
  username: { type: 'string' },
  'user-pool-id': { type: 'string' },
} as const;

export const liveFailureOptions = {
  stage: { type: 'string' },
  'stack-name': { type: 'string' },
  'log-group': { type: 'string', multiple: true },
  since: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  deadline: { type: 'string' },
  tail: { type: 'boolean' },
} as const;

type Values = {
  readonly [K in keyof typeof failureFilterOptions]?: string;
} & {
  readonly stage?: string;
  readonly 'stack-name'?: string;
  readonly 'log-group'?: readonly string[];
  readonly since?: string;
  readonly from?: string;
  readonly to?: string;
  readonly deadline?: string;
  readonly tail?: boolean;
  readonly json?: boolean;
  readonly region?: string;
  readonly endpoint?: string;
  readonly profile?: string;
  readonly timeout?: string;
  readonly 'max-attempts'?: string;
};

const DEFAULT_SINCE = '24h';
const DEFAULT_DEADLINE_SECONDS = 60;

/** Whether the flags ask for CloudWatch itself rather than exported files. */
export function wantsLiveRecords(values: Values): boolean {
  return Boolean(
    values.stage ||
      values['stack-name'] ||
      values['log-group']?.length ||
      values.since ||
      values.from ||
      values.to ||
      values.tail,
  );
}

const time = (flag: string, text: string): number => {
  const value = Date.parse(text);
  if (Number.isNaN(value)) {
    throw new UsageError(
      `--${flag} "${text}" is not a time: expected an ISO time such as 2026-11-24T10:00:00Z`,
    );
  }
  return value;
};

/** The window to read, from --since or --from/--to. */
export function windowOf(values: Values, now: number): { from: number; to: number } {
  if (values.since && (values.from || values.to)) {
    throw new UsageError('give --since or --from/--to, not both');
  }
  const to = values.to ? time('to', values.to) : now;
  let from: number;
  if (values.from) from = time('from', values.from);
  else {
    const since = values.since ?? DEFAULT_SINCE;
    const span = parseSince(since);
    if (span === undefined) {
      throw new UsageError(
        `--since "${since}" is not a duration: expected a number and s, m, h or d, e.g. 2h or 7d`,
      );
    }
    from = to - span;
  }
  if (from >= to) throw new UsageError('--from must be before --to');
  return { from, to };
}

/** The filters, each value checked; --username is read from the pool as the sub records carry. */
export async function resolveFailureFilters(values: Values, io: CliIo): Promise<FailureFilters> {
  if (values.user && values.username) throw new UsageError('give --user or --username, not both');
  const check = (flag: keyof typeof failureFilterOptions) => {
    const value = values[flag];
    return value === undefined ? undefined : checkFilterValue(flag, value);
  };
  let sub = check('user');
  if (values.username) {
    const userPoolId = values['user-pool-id'];
    if (!userPoolId) {
      throw new UsageError(
        '--username needs --user-pool-id (the pool the user is in), or give --user <sub>',
      );
    }
    sub = await subOf(values, io, userPoolId, values.username);
  }
  const code = check('code');
  const claim = check('claim');
  const clientId = check('client-id');
  return {
    ...(code ? { code } : {}),
    ...(claim ? { claim } : {}),
    ...(clientId ? { clientId } : {}),
    ...(sub ? { sub } : {}),
  };
}

/** The user's `sub`, which failure records carry instead of a username. */
export async function subOf(
  values: Values,
  io: CliIo,
  userPoolId: string,
  username: string,
): Promise<string> {
  const aws = awsOptionsFrom(values);
  checkPoolId(userPoolId, aws);
  const region = resolveRegion(aws, io.env, userPoolId);
  const cognito = createCognitoClient(aws, io.env, region.region);
  const user = await awsCall(
    {
      operation: 'AdminGetUser',
      region: region.region,
      regionSource: region.source,
      userPoolId,
      username,
      timeoutMs: aws.timeoutMs,
      ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
    },
    () => cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username })),
  );
  const sub = user.UserAttributes?.find((attribute) => attribute.Name === 'sub')?.Value;
  if (!sub) throw new UsageError(`user "${username}" has no sub attribute in ${userPoolId}`);
  return sub;
}

export interface LiveFailures {
  readonly entries: FailureEntry[];
  readonly skipped: { notJson: number; notFailure: number };
  readonly logGroups: readonly string[];
  readonly via: string;
  readonly fallbackReason?: string;
  readonly filters: FailureFilters;
  readonly window: { from: number; to: number };
}

const logsContext = (operation: string, region: string, timeoutMs: number, stackName?: string) => ({
  operation,
  region,
  service: 'logs' as const,
  timeoutMs,
  ...(stackName ? { stackName } : {}),
});

/** The log groups, the window and the records, read from CloudWatch. */
export async function readLiveFailures(
  values: Values,
  io: CliIo,
  options: { readonly sleep?: (ms: number) => Promise<void>; readonly now?: () => number } = {},
): Promise<LiveFailures> {
  const filters = await resolveFailureFilters(values, io);
  const aws = awsOptionsFrom(values);
  const region = resolveRegion(aws, io.env, values['user-pool-id']);
  const now = options.now ?? Date.now;
  const window = windowOf(values, now());
  const deadlineSeconds = positiveInt(values.deadline, 'deadline') ?? DEFAULT_DEADLINE_SECONDS;
  let logGroups = values['log-group'] ?? [];
  if (logGroups.length === 0) {
    const stackName = values['stack-name'] ?? `cognito-claims-${values.stage ?? 'dev'}`;
    const cloudFormation = createCloudFormationClient(aws, io.env, region.region);
    logGroups = await awsCall(
      {
        ...logsContext('DescribeStackResources', region.region, aws.timeoutMs, stackName),
        service: 'cloudformation',
      },
      () => stackLogGroups(cloudFormation, stackName),
    );
    if (logGroups.length === 0) {
      throw new UsageError(
        `stack "${stackName}" has no log groups: pass --stage or --stack-name of the deployed stack, or --log-group`,
      );
    }
  }
  const logs = createCloudWatchLogsClient(aws, io.env, region.region);
  const read = await awsCall(logsContext('StartQuery', region.region, aws.timeoutMs), () =>
    readFailureRecords(logs, {
      logGroups,
      window,
      filters,
      deadlineMs: deadlineSeconds * 1000,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      now,
    }),
  );
  const { entries, skipped } = entriesOf(read.texts, filters);
  return {
    entries,
    skipped,
    logGroups,
    via: read.via,
    ...(read.fallbackReason ? { fallbackReason: read.fallbackReason } : {}),
    filters,
    window,
  };
}

/** One line per record: time, code, claim or attribute, provider, client, config version. */
export function tailLine(entry: FailureEntry): string {
  const at = entry.time === undefined ? '-' : new Date(entry.time).toISOString();
  const what = entry.claim ?? (entry.attribute ? `attribute ${entry.attribute}` : '-');
  return [
    at,
    entry.code,
    what,
    entry.providerName ?? '-',
    entry.clientId ?? '-',
    entry.configVersion ?? '-',
  ].join('  ');
}

/**
 * Follows new records with FilterLogEvents every `everyMs` from the end of what was read, one
 * line each (a JSON line with --json), for `rounds` rounds (until interrupted by default).
 */
export async function tailFailures(
  values: Values,
  io: CliIo,
  start: LiveFailures,
  options: {
    readonly rounds?: number;
    readonly everyMs?: number;
    readonly sleep?: (ms: number) => Promise<void>;
    readonly now?: () => number;
  } = {},
): Promise<void> {
  const aws = awsOptionsFrom(values);
  const region = resolveRegion(aws, io.env, values['user-pool-id']);
  const logs = createCloudWatchLogsClient(aws, io.env, region.region);
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const now = options.now ?? Date.now;
  let from = start.window.to + 1;
  for (let round = 0; round < (options.rounds ?? Number.POSITIVE_INFINITY); round += 1) {
    await sleep(options.everyMs ?? 5000);
    const to = now();
    if (to < from) continue;
    const texts = await awsCall(logsContext('FilterLogEvents', region.region, aws.timeoutMs), () =>
      filterEvents(logs, {
        logGroups: start.logGroups,
        window: { from, to },
        filters: start.filters,
        deadlineMs: 0,
        sleep,
      }),
    );
    const { entries } = entriesOf(texts, start.filters);
    entries.sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
    for (const entry of entries) {
      io.stdout.write(values.json ? `${JSON.stringify(entry)}\n` : `${tailLine(entry)}\n`);
    }
    from = to + 1;
  }
}
