/**
 * The demo pool is an example of doing it right: the run holds it against the operator tools
 * users run on their own pools, `cognito-claims doctor` (no critical finding, no warning; with
 * sources, an OK line per table it checked in dynalite) and `cognito-claims validate` (no error),
 * in this process, with the run's config, and records what they said.
 */
import type { CliIo } from '../../cli/common/io';
import { runCli } from '../../cli/main';
import type { RunLog } from './run-log';

interface Captured {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function run(
  argv: readonly string[],
  root: string,
  env: Readonly<Record<string, string>> = {},
): Promise<Captured> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: { ...process.env, ...env },
    cwd: root,
    readStdin: async () => '',
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

/** The flags that point a command at the demo pool in cognito-local. */
export function demoPoolFlags(poolId: string, endpoint: string): string[] {
  return ['--user-pool-id', poolId, '--endpoint', endpoint, '--region', 'eu-west-1'];
}

/**
 * @param configFile the run's config
 * @param dynamodbEnv where doctor finds the source tables (AWS_ENDPOINT_URL_DYNAMODB), if any
 */
export async function checkDemoPool(
  log: RunLog,
  root: string,
  poolId: string,
  endpoint: string,
  configFile: string,
  dynamodbEnv: Readonly<Record<string, string>> = {},
): Promise<void> {
  const flags = [...demoPoolFlags(poolId, endpoint), '--config', configFile];
  const doctor = await run(['doctor', ...flags, '--json'], root, dynamodbEnv);
  let summary = doctor.err.trim();
  let clean = false;
  if (doctor.code === 0 && doctor.out) {
    const report = JSON.parse(doctor.out) as {
      findings: { severity: string; code: string }[];
      summary: { critical: number; warning: number; info: number };
      tables?: { source: string; table: string; status: string }[];
    };
    const tables = report.tables ?? [];
    clean = report.summary.warning === 0 && tables.every((table) => table.status === 'ok');
    summary = `exit 0; ${report.summary.critical} critical, ${report.summary.warning} warnings, info: ${report.findings
      .filter((finding) => finding.severity === 'info')
      .map((finding) => finding.code)
      .join(', ')}${tables
      .map((table) => `; table ${table.table} (source "${table.source}"): ${table.status}`)
      .join('')}`;
  }
  log.record('cognito-claims doctor on the demo pool', doctor.code === 0 && clean, summary);
  const validate = await run(['validate', ...flags], root);
  log.record(
    'cognito-claims validate on the demo pool',
    validate.code === 0,
    validate.code === 0
      ? 'exit 0, no problems found'
      : `exit ${validate.code}: ${(validate.err || validate.out).trim().split('\n').slice(0, 6).join(' / ')}`,
  );
}
