/** `cognito-claims doctor`: read the pool, run the checks, print the findings, gate on critical. */
import { AWS_OPTIONS, awsOptionsFrom, parseFlags, requireFlag } from '../common/args';
import { checkPoolId, createCognitoClient, resolveRegion } from '../common/aws';
import { loadCliConfig } from '../common/config';
import { type CliIo, ExitCode } from '../common/io';
import { createProgress } from '../common/progress';
import { diagnose, hasCritical } from './diagnose';
import { fetchPoolSnapshot } from './fetch';
import { type DoctorReport, formatDoctorJson, formatDoctorText } from './format';

export const DOCTOR_USAGE = `Usage: cognito-claims doctor --user-pool-id <id> [options]

Reads the user pool, its app clients and identity providers (read-only) and checks them
against the claims config. Findings are printed most severe first, each with the fix.
Exit code: 0 no critical finding, 2 critical finding(s), 1 error.

Options:
  --user-pool-id <id>    the pool to check (e.g. eu-west-1_AbCdEf123)
  --config <file>        claims config (default: CLAIMS_CONFIG, else ./claims.config.json)
  --region <region>      default: AWS_REGION, else the pool ID's region
  --profile <name>       AWS profile to use
  --endpoint <url>       a Cognito-compatible endpoint (e.g. cognito-local)
  --max-attempts <n>     SDK attempts per call, adaptive retry with backoff (default 5)
  --json                 machine-readable output
  -h, --help             this help
`;

export const runDoctor = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values } = parseFlags(args, {
    ...AWS_OPTIONS,
    'user-pool-id': { type: 'string' },
    config: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    io.stdout.write(DOCTOR_USAGE);
    return ExitCode.OK;
  }
  const userPoolId = requireFlag(values['user-pool-id'], 'user-pool-id', 'the user pool to check');
  checkPoolId(userPoolId);
  const loaded = loadCliConfig(values.config, io);
  const aws = awsOptionsFrom(values);
  const region = resolveRegion(aws, io.env, userPoolId);
  const client = createCognitoClient(aws, io.env, region);
  const progress = createProgress(io.stderr);
  let snapshot: Awaited<ReturnType<typeof fetchPoolSnapshot>>;
  try {
    snapshot = await fetchPoolSnapshot(client, {
      userPoolId,
      region,
      ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
      onProgress: (text) => progress.update(text),
    });
  } finally {
    progress.stop();
    client.destroy();
  }
  const findings = diagnose({ config: loaded.config, region, ...snapshot });
  const report: DoctorReport = {
    userPoolId,
    ...(snapshot.pool.Name ? { poolName: snapshot.pool.Name } : {}),
    region,
    configSource: loaded.source,
    clients: snapshot.clients.length,
    providers: snapshot.providers ? snapshot.providers.length : null,
    findings,
    exitCode: hasCritical(findings) ? ExitCode.CRITICAL : ExitCode.OK,
  };
  io.stdout.write(values.json ? formatDoctorJson(report) : formatDoctorText(report));
  return report.exitCode;
};
