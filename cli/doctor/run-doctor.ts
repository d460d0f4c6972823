/** `cognito-claims doctor`: read the pool, run the checks, print the findings, gate on critical. */
import {
  AWS_HELP,
  AWS_OPTIONS,
  awsOptionsFrom,
  CONFIG_OPTION,
  JSON_OPTION,
  optionLines,
  parseFlags,
  requireFlag,
  STAGE_OPTION,
} from '../common/args';
import { checkPoolId, createCognitoClient, resolveRegion } from '../common/aws';
import { coloursFor } from '../common/colour';
import { loadCliConfig } from '../common/config';
import { emulatorOf } from '../common/emulator';
import { type CliIo, ExitCode } from '../common/io';
import { fetchPoolSnapshot } from '../common/pool-snapshot';
import { createProgress } from '../common/progress';
import { describeKey, sourceTableStatus } from './checks/source-tables';
import { diagnose, hasCritical } from './diagnose';
import { type DoctorReport, formatDoctorJson, formatDoctorText } from './format';
import { readSourceTables } from './source-tables';
import type { SourceTableView } from './types';

export const DOCTOR_USAGE = `Usage: cognito-claims doctor --user-pool-id <id> [options]

Reads the user pool, its app clients and identity providers (read-only) and checks them
against the claims config; with "sources", also each table's key schema (DescribeTable, at
AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL when set). Findings are printed most severe first, each with the fix.
Exit code: 0 no critical finding, 2 critical finding(s), 1 usage or operational error.

Options:
${optionLines([
  ['--user-pool-id <id>', 'the pool to check (e.g. eu-west-1_AbCdEf123)'],
  'config',
  ...AWS_HELP,
  ['--stage <name>', 'the stage named in attach fixes when the wired functions do not say'],
  'json',
  'help',
])}
`;

export async function runDoctor(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, {
    ...AWS_OPTIONS,
    ...CONFIG_OPTION,
    ...JSON_OPTION,
    ...STAGE_OPTION,
    'user-pool-id': { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(DOCTOR_USAGE);
    return ExitCode.OK;
  }
  const userPoolId = requireFlag(values['user-pool-id'], 'user-pool-id', 'the user pool to check');
  const aws = awsOptionsFrom(values);
  checkPoolId(userPoolId, aws);
  const loaded = loadCliConfig(values.config, io);
  const { region, source } = resolveRegion(aws, io.env, userPoolId);
  const client = createCognitoClient(aws, io.env, region);
  const emulator = emulatorOf(userPoolId, aws.endpoint);
  const progress = createProgress(io.stderr);
  let snapshot: Awaited<ReturnType<typeof fetchPoolSnapshot>>;
  let tables: SourceTableView[] | undefined;
  try {
    try {
      snapshot = await fetchPoolSnapshot(client, {
        context: {
          userPoolId,
          region,
          regionSource: source,
          timeoutMs: aws.timeoutMs,
          ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
          ...(aws.profile ? { profile: aws.profile } : {}),
        },
        onProgress: (text) => progress.update(text),
      });
    } finally {
      client.destroy();
    }
    if (Object.keys(loaded.config.sources ?? {}).length > 0) {
      progress.update('Reading source tables');
      tables = await readSourceTables(loaded.config, aws, io.env, region);
    }
  } finally {
    progress.stop();
  }
  const findings = diagnose({
    config: loaded.config,
    region,
    ...snapshot,
    ...(emulator ? { emulator } : {}),
    ...(values.stage ? { stage: values.stage } : {}),
    ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
    ...(tables ? { tables } : {}),
  });
  const report: DoctorReport = {
    userPoolId,
    ...(snapshot.pool.Name ? { poolName: snapshot.pool.Name } : {}),
    region,
    ...(emulator ? { emulator } : {}),
    configSource: loaded.source,
    clients: snapshot.clients.length,
    providers: snapshot.providers ? snapshot.providers.length : null,
    ...(tables
      ? {
          tables: tables.map((view) => ({
            source: view.source,
            table: view.table,
            region: view.region,
            ...(view.endpoint ? { endpoint: view.endpoint } : {}),
            status: sourceTableStatus(view, loaded.config),
            ...(view.state.kind === 'found' ? { key: describeKey(view.state.key) } : {}),
          })),
        }
      : {}),
    findings,
    exitCode: hasCritical(findings) ? ExitCode.CRITICAL : ExitCode.OK,
  };
  io.stdout.write(
    values.json
      ? formatDoctorJson(report)
      : formatDoctorText(report, coloursFor(io.stdout, io.env)),
  );
  return report.exitCode;
}
