/**
 * `cognito-claims validate`: before a deploy, can the user pool serve the claims config? The pool
 * comes from the CloudFormation template `npm run package` writes (the default) or another one,
 * or from a live pool (`--user-pool-id`, read-only calls). The rules are in
 * cli/common/pool-validation.ts and stack-parameters.ts; `npm run package` and `npm run deploy`
 * run this on the template they produce and stop on an error.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { parseConfigText } from '../../shared/core/config/parse-config';
import { ConfigError } from '../../shared/core/errors';
import {
  AWS_HELP,
  AWS_OPTIONS,
  awsOptionsFrom,
  CONFIG_OPTION,
  JSON_OPTION,
  optionLines,
  parseFlags,
} from '../common/args';
import { checkPoolId, createCognitoClient, resolveRegion } from '../common/aws';
import { coloursFor } from '../common/colour';
import { loadCliConfig } from '../common/config';
import { UsageError } from '../common/errors';
import { type CliIo, ExitCode } from '../common/io';
import { poolsFromTemplate } from '../common/pool-from-template';
import { fetchPoolSnapshot } from '../common/pool-snapshot';
import {
  hasErrors,
  sortFindings,
  type ValidationFinding,
  ValidationSeverity,
  validatePool,
} from '../common/pool-validation';
import { createProgress } from '../common/progress';
import { checkStackParameters, readStackParameters } from '../common/stack-parameters';
import { type CheckedPool, formatValidateJson, formatValidateText } from './format';

/** Where `npm run package` (osls package) writes the stack's template. */
export const DEFAULT_TEMPLATE = join('.serverless', 'cloudformation-template-update-stack.json');

export const VALIDATE_USAGE = `Usage: cognito-claims validate [--template <file> | --user-pool-id <id>] [options]

Checks, before a deploy, that the user pool can serve the claims config: a required claim from
an attribute the pool does not define or an app client cannot read, or an IdP token attribute
that is immutable or shorter than 2,048 characters, is an error (it would refuse sign-ins); the
same for an optional claim is a warning. From a template it also checks the stack's parameters
(preTokenLambdaVersion, userPoolId with userPoolClientId, ...). npm run package and npm run
deploy run it on the template they write and stop on an error.
Exit code: 0 no error, 2 error(s), 1 usage or operational error.

Options:
${optionLines([
  [
    '--template <file>',
    `CloudFormation template to read the pool from (default ${DEFAULT_TEMPLATE})`,
  ],
  [
    '--user-pool-id <id>',
    'check a live pool instead (DescribeUserPool, ListUserPoolClients, DescribeUserPoolClient)',
  ],
  'config',
  ...AWS_HELP,
  'json',
  'help',
])}
(--region, --profile, --endpoint, --timeout and --max-attempts apply with --user-pool-id.)
`;

interface Checked {
  readonly source: string;
  readonly pools: readonly CheckedPool[];
  readonly findings: readonly ValidationFinding[];
}

function readTemplate(path: string | undefined, io: CliIo): { file: string; template: unknown } {
  const file = resolve(io.cwd, path ?? DEFAULT_TEMPLATE);
  const shown = path ?? DEFAULT_TEMPLATE;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(
      path === undefined && code === 'ENOENT'
        ? `no template: ${file} does not exist; run npm run package first (it writes it), or pass --template <file> or --user-pool-id <id>`
        : `--template ${shown}: cannot read the file (${code})`,
      { cause: error },
    );
  }
  try {
    return { file, template: JSON.parse(text) };
  } catch (error) {
    throw new UsageError(
      `--template ${shown}: not valid JSON (${(error as Error).message.split('\n')[0]}); pass the .json template osls package writes`,
      { cause: error },
    );
  }
}

/** The config the functions would run: a claimsConfig parameter overrides the bundled one. */
function deployedConfig(
  bundled: ClaimsConfig,
  override: string | undefined,
): { config: ClaimsConfig; findings: ValidationFinding[] } {
  if (override === undefined || override.trim() === '') return { config: bundled, findings: [] };
  try {
    const config = parseConfigText(override, 'parameter claimsConfig');
    return {
      config,
      findings: [
        {
          code: 'CONFIG_FROM_PARAMETER',
          severity: ValidationSeverity.INFO,
          message:
            'parameter claimsConfig overrides the bundled config at run time (CLAIMS_CONFIG): the pool was checked against that one',
          fix: 'none needed; leave claimsConfig empty to run the bundled config',
          parameter: 'claimsConfig',
        },
      ],
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      config: bundled,
      findings: [
        {
          code: 'STACK_PARAMETER_INVALID',
          severity: ValidationSeverity.ERROR,
          message: `parameter claimsConfig is not a valid claims config (${error.issues
            .map((issue) => `${issue.path}: ${issue.message}`)
            .join('; ')}): every function would fail open, leaving tokens unchanged`,
          fix: 'correct the JSON passed as --param="claimsConfig=...", or leave it empty to run the bundled config',
          parameter: 'claimsConfig',
        },
      ],
    };
  }
}

function checkTemplate(path: string | undefined, config: ClaimsConfig, io: CliIo): Checked {
  const { file, template } = readTemplate(path, io);
  const params = readStackParameters(template);
  const deployed = deployedConfig(config, params.claimsConfig);
  const findings: ValidationFinding[] = [
    ...deployed.findings,
    ...checkStackParameters(params, deployed.config),
  ];
  const { created, notCreated } = poolsFromTemplate(template);
  for (const pool of created) findings.push(...validatePool(deployed.config, pool));
  if (created.length === 0) {
    const existing = params.userPoolId;
    findings.push(
      existing
        ? {
            code: 'POOL_NOT_IN_TEMPLATE',
            severity: ValidationSeverity.WARNING,
            message: `the template creates no user pool (${notCreated.join(', ') || 'none'} is not created): it is deployed for the existing pool ${existing} (parameter userPoolId), which was not checked`,
            fix: `check that pool: cognito-claims validate --user-pool-id ${existing} (read-only calls, with credentials for its account)`,
            parameter: 'userPoolId',
          }
        : {
            code: 'POOL_NOT_IN_TEMPLATE',
            severity: ValidationSeverity.WARNING,
            message: 'the template defines no AWS::Cognito::UserPool, so no pool was checked',
            fix: 'pass --user-pool-id <id> to check the pool the functions serve',
          },
    );
  }
  const shown = relative(io.cwd, file);
  return {
    source: shown.startsWith('..') ? file : shown,
    pools: created.map((pool) => ({ name: pool.logicalId, clients: pool.clients.length })),
    findings: sortFindings(findings),
  };
}

async function checkLivePool(
  userPoolId: string,
  values: Parameters<typeof awsOptionsFrom>[0],
  config: ClaimsConfig,
  io: CliIo,
): Promise<Checked> {
  const aws = awsOptionsFrom(values);
  checkPoolId(userPoolId, aws);
  const { region, source } = resolveRegion(aws, io.env, userPoolId);
  const client = createCognitoClient(aws, io.env, region);
  const progress = createProgress(io.stderr);
  try {
    const snapshot = await fetchPoolSnapshot(client, {
      context: {
        userPoolId,
        region,
        regionSource: source,
        timeoutMs: aws.timeoutMs,
        ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
        ...(aws.profile ? { profile: aws.profile } : {}),
      },
      providers: false,
      onProgress: (text) => progress.update(text),
    });
    return {
      source: `user pool ${userPoolId} in ${region}`,
      pools: [{ name: userPoolId, clients: snapshot.clients.length }],
      findings: validatePool(config, snapshot),
    };
  } finally {
    progress.stop();
    client.destroy();
  }
}

export async function runValidate(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, {
    ...AWS_OPTIONS,
    ...CONFIG_OPTION,
    ...JSON_OPTION,
    template: { type: 'string' },
    'user-pool-id': { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(VALIDATE_USAGE);
    return ExitCode.OK;
  }
  const poolId = values['user-pool-id'];
  if (poolId !== undefined && values.template !== undefined) {
    throw new UsageError(
      'give --template <file> or --user-pool-id <id>, not both: one pool is checked at a time',
    );
  }
  const loaded = loadCliConfig(values.config, io);
  const checked =
    poolId !== undefined
      ? await checkLivePool(poolId, values, loaded.config, io)
      : checkTemplate(values.template, loaded.config, io);
  const report = {
    ...checked,
    configSource: loaded.source,
    exitCode: hasErrors(checked.findings) ? ExitCode.CRITICAL : ExitCode.OK,
  };
  io.stdout.write(
    values.json
      ? formatValidateJson(report)
      : formatValidateText(report, coloursFor(io.stdout, io.env)),
  );
  return report.exitCode;
}
