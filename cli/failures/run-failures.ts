/** `cognito-claims failures [file...]`: summarise exported failure records (stdin when no file). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JSON_OPTION, optionLines, parseFlags } from '../common/args';
import { UsageError } from '../common/errors';
import { type CliIo, ExitCode } from '../common/io';
import { formatFailuresJson, formatFailuresText } from './format';
import { summariseExports } from './summarise';

export const FAILURES_USAGE = `Usage: cognito-claims failures [file ...] [--json]

Summarises the triggers' failure records by code, claim, provider and app client, with counts
and first/last seen. Reads exported CloudWatch Logs: \`aws logs filter-log-events ... --output json\`,
a Logs Insights JSON export, \`aws logs get-query-results\`, or JSON lines. Reads standard input
when no file (or "-") is given, and refuses to wait on a terminal. Lines that are not JSON or
carry no failure are counted as skipped.
Exit code: 0 summary printed, 1 usage error or a file that cannot be read.

Options:
${optionLines(['json', 'help'])}
`;

const NO_INPUT =
  'give the exported file(s), e.g. cognito-claims failures failures.json, or pipe them in: aws logs filter-log-events ... --output json | cognito-claims failures';

export const runFailures = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseFlags(args, JSON_OPTION, true);
  if (values.help) {
    io.stdout.write(FAILURES_USAGE);
    return ExitCode.OK;
  }
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
  const summary = summariseExports(texts);
  io.stdout.write(
    values.json ? formatFailuresJson(summary, sources) : formatFailuresText(summary, sources),
  );
  return ExitCode.OK;
};
