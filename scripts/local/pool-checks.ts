/**
 * The demo pool is an example of doing it right: the run holds it against the operator tools
 * users run on their own pools, `cognito-claims doctor` (no critical finding, no warning) and
 * `cognito-claims validate` (no error), in this process, and records what they said.
 */
import type { CliIo } from '../../cli/common/io';
import { runCli } from '../../cli/main';
import type { RunLog } from './run-log';

interface Captured {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function run(argv: readonly string[], root: string): Promise<Captured> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: process.env,
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

export async function checkDemoPool(
  log: RunLog,
  root: string,
  poolId: string,
  endpoint: string,
): Promise<void> {
  const flags = demoPoolFlags(poolId, endpoint);
  const doctor = await run(['doctor', ...flags, '--json'], root);
  let summary = doctor.err.trim();
  let clean = false;
  if (doctor.code === 0 && doctor.out) {
    const report = JSON.parse(doctor.out) as {
      findings: { severity: string; code: string }[];
      summary: { critical: number; warning: number; info: number };
    };
    clean = report.summary.warning === 0;
    summary = `exit 0; ${report.summary.critical} critical, ${report.summary.warning} warnings, info: ${report.findings
      .filter((finding) => finding.severity === 'info')
      .map((finding) => finding.code)
      .join(', ')}`;
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
