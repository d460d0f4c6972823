/**
 * `cognito-claims failures`: summarise the triggers' failure records, read from CloudWatch Logs
 * (--stage, --log-group, --since ...) or from exported files (stdin when no file).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AWS_HELP, AWS_OPTIONS, JSON_OPTION, optionLines, parseFlags } from '../common/args';
import { entriesOf } from '../common/cloudwatch-failures';
import { UsageError } from '../common/errors';
import { type CliIo, ExitCode } from '../common/io';
import {
  type FailureFilters,
  failureFilterOptions,
  liveFailureOptions,
  readLiveFailures,
  resolveFailureFilters,
  tailFailures,
  wantsLiveRecords,
} from '../common/live-failures';
import { formatFailuresJson, formatFailuresText } from './format';
import { summariseFailures } from './summarise';

export const FAILURES_USAGE = `Usage: cognito-claims failures [--stage <name> | --log-group <name> ...] [--since 2h | --from <time> --to <time>] [filters] [--tail] [--json]
       cognito-claims failures [file ...] [filters] [--json]

Summarises the triggers' failure records by code, claim, provider, app client and config version,
with counts and first/last seen. With --stage or --log-group (or --since, --from, --tail) it reads
CloudWatch Logs itself: the stack's log groups by default, through a Logs Insights query, with
FilterLogEvents when the query does not finish within --deadline. Otherwise it reads exported
CloudWatch Logs: \`aws logs filter-log-events ... --output json\`, a Logs Insights JSON export,
\`aws logs get-query-results\`, or JSON lines; standard input when no file (or "-") is given, and
it refuses to wait on a terminal. Lines that are not JSON or carry no failure are counted as skipped.
Exit code: 0 summary printed, 1 usage error, a file that cannot be read or a failed AWS call.

Options:
${optionLines([
  'stage',
  ['--stack-name <name>', 'the stack whose log groups are read (default cognito-claims-<stage>)'],
  ['--log-group <name>', "a log group to read instead of the stack's (repeatable)"],
  ['--since <duration>', 'records of the last 30m, 2h, 7d ... (default 24h)'],
  ['--from <time>', 'records from this ISO time (with --to)'],
  ['--to <time>', 'records up to this ISO time (default now)'],
  ['--code <code>', 'only this failure code, e.g. IDP_ATTRIBUTE_MISSING'],
  ['--claim <name>', 'only records naming this claim (or IdP attribute)'],
  ['--client-id <id>', 'only this app client'],
  ['--user <sub>', 'only this user, by the sub records carry'],
  ['--username <name>', 'only this user, by username (with --user-pool-id; read as its sub)'],
  ['--user-pool-id <id>', 'the pool --username is in'],
  ['--deadline <seconds>', 'how long the Logs Insights query may run (default 60)'],
  ['--tail', 'then follow new records, one line each, until interrupted'],
  ...AWS_HELP,
  'json',
  'help',
])}
`;

const NO_INPUT =
  'give the exported file(s), e.g. cognito-claims failures failures.json, or pipe them in: aws logs filter-log-events ... --output json | cognito-claims failures';

export const runFailures = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseFlags(
    args,
    { ...JSON_OPTION, ...AWS_OPTIONS, ...failureFilterOptions, ...liveFailureOptions },
    true,
  );
  if (values.help) {
    io.stdout.write(FAILURES_USAGE);
    return ExitCode.OK;
  }
  if (wantsLiveRecords(values)) {
    if (positionals.length > 0) {
      throw new UsageError(
        'give exported files or --stage/--log-group, not both: files are read as they are',
      );
    }
    const live = await readLiveFailures(values, io);
    const summary = summariseFailures(live.entries, live.skipped);
    const sources = [...live.logGroups.map((group) => `${group} (${live.via})`)];
    io.stdout.write(
      values.json ? formatFailuresJson(summary, sources) : formatFailuresText(summary, sources),
    );
    if (live.fallbackReason && !values.json) {
      io.stderr.write(`note: ${live.fallbackReason}; read with FilterLogEvents instead\n`);
    }
    if (values.tail) await tailFailures(values, io, live);
    return ExitCode.OK;
  }
  const filters: FailureFilters = await resolveFailureFilters(values, io);
  const files = positionals.length > 0 ? positionals : ['-'];
  const texts: string[] = [];
  for (const file of files) {
    if (file === '-') {
      // A terminal on stdin means nothing is piped in: waiting would look like a hang.
      if (io.stdinIsTTY)
        throw new UsageError(`no input: standard input is a terminal; ${NO_INPUT}`);
      const text = await io.readStdin();
      if (text.trim() === '')
        throw new UsageError(`no input: standard input was empty; ${NO_INPUT}`);
      texts.push(text);
      continue;
    }
    try {
      texts.push(readFileSync(resolve(io.cwd, file), 'utf8'));
    } catch (error) {
      throw new UsageError(
        `${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        {
          cause: error,
        },
      );
    }
  }
  const sources = files.map((file) => (file === '-' ? 'standard input' : file));
  const { entries, skipped } = entriesOf(texts, filters);
  const summary = summariseFailures(entries, skipped);
  io.stdout.write(
    values.json ? formatFailuresJson(summary, sources) : formatFailuresText(summary, sources),
  );
  return ExitCode.OK;
};
