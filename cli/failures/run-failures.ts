/** `cognito-claims failures [file...]`: summarise exported failure records (stdin when no file). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseFlags } from '../common/args';
import { UsageError } from '../common/errors';
import type { CliIo } from '../common/io';
import { formatFailuresJson, formatFailuresText } from './format';
import { summariseExports } from './summarise';

export const FAILURES_USAGE = `Usage: cognito-claims failures [file ...] [--json]

Summarises the triggers' failure records by code, claim, provider and app client, with counts
and first/last seen. Reads exported CloudWatch Logs: \`aws logs filter-log-events ... --output json\`,
a Logs Insights JSON export, \`aws logs get-query-results\`, or JSON lines. Reads standard input
when no file (or "-") is given. Lines that are not JSON or carry no failure are counted as skipped.

Options:
  --json        machine-readable output
  -h, --help    this help
`;

export const runFailures = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseFlags(args, { json: { type: 'boolean' } }, true);
  if (values.help) {
    io.stdout.write(FAILURES_USAGE);
    return 0;
  }
  const files = positionals.length > 0 ? positionals : ['-'];
  const texts: string[] = [];
  for (const file of files) {
    if (file === '-') {
      texts.push(await io.readStdin());
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
  return 0;
};
