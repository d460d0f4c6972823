/**
 * Command line of `cognito-claims attach` (and its alias `npm run attach`). The flags it shares
 * with the other commands come from cli/common/args.ts; every bad flag is reported by name with
 * what was expected.
 */
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
import { type AwsOptions, checkPoolId, type ResolvedRegion, resolveRegion } from '../common/aws';
import { UsageError } from '../common/errors';
import { PreTokenLambdaVersion } from '../common/user-pool-update';

export interface AttachArgs {
  readonly userPoolId: string;
  readonly stage: string;
  readonly service: string;
  readonly stackName: string;
  readonly region: ResolvedRegion;
  readonly aws: AwsOptions;
  /** --config; undefined: CLAIMS_CONFIG, else ./claims.config.json, as every command reads it. */
  readonly configPath?: string;
  readonly json: boolean;
  readonly yes: boolean;
  readonly replaceTriggers: boolean;
  /** Given together instead of reading the stack outputs. */
  readonly arns?: {
    readonly preTokenGeneration: string;
    readonly postAuthentication: string;
    readonly inboundFederation?: string;
  };
  readonly lambdaVersion?: PreTokenLambdaVersion;
}

export const ATTACH_USAGE = `Usage: cognito-claims attach --user-pool-id <id> [options]
       (npm run attach -- --user-pool-id <id> [options] runs the same)

Wires this suite's triggers into an existing user pool. Reads the pool, shows what changes,
asks before writing, and writes back every other setting unchanged.
Exit code: 0 attached (or nothing to change), 1 usage or operational error, a refusal, or no
consent (nothing was changed).

Options:
${optionLines([
  ['--user-pool-id <id>', 'the pool, e.g. eu-west-1_AbCdEf123 (required)'],
  ['--stage <name>', 'the deployed stage whose functions to attach (default dev)'],
  ['--service <name>', 'the serverless service name (default cognito-claims)'],
  ['--stack-name <name>', 'default <service>-<stage>'],
  'config',
  [
    '--pre-token-arn <arn>',
    'with --post-authentication-arn: attach these functions instead of the stack outputs',
  ],
  ['--post-authentication-arn <arn>', 'with --pre-token-arn'],
  ['--inbound-federation-arn <arn>', 'optional, with the two above'],
  [
    '--lambda-version V1_0|V2_0|V3_0',
    "Pre Token Generation event version (default: the stack's, V2_0); V1_0 changes only the ID token and is refused when the config customises the access token",
  ],
  ['--replace-triggers', 'replace triggers that point at other functions today'],
  ['--yes', 'do not ask for confirmation'],
  ...AWS_HELP,
  'json',
  'help',
])}
`;

const ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
const NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

function arnFlag(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!ARN.test(value)) {
    throw new UsageError(
      `--${flag} "${value}" is not a Lambda function ARN (expected arn:aws:lambda:<region>:<account>:function:<name>)`,
    );
  }
  return value;
}

function nameFlag(flag: string, value: string): string {
  if (!NAME.test(value)) {
    throw new UsageError(
      `--${flag} "${value}": expected letters, digits and dashes, starting with a letter`,
    );
  }
  return value;
}

/** @returns undefined for --help */
export function parseAttachArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): AttachArgs | undefined {
  const { values } = parseFlags(argv, {
    ...AWS_OPTIONS,
    ...CONFIG_OPTION,
    ...JSON_OPTION,
    ...STAGE_OPTION,
    'user-pool-id': { type: 'string' },
    service: { type: 'string' },
    'stack-name': { type: 'string' },
    'pre-token-arn': { type: 'string' },
    'post-authentication-arn': { type: 'string' },
    'inbound-federation-arn': { type: 'string' },
    'lambda-version': { type: 'string' },
    'replace-triggers': { type: 'boolean' },
    yes: { type: 'boolean' },
  });
  if (values.help) return undefined;
  const userPoolId = requireFlag(
    values['user-pool-id'],
    'user-pool-id',
    'the pool to attach to, e.g. eu-west-1_AbCdEf123',
  );
  const aws = awsOptionsFrom(values);
  checkPoolId(userPoolId, aws);
  const stage = nameFlag('stage', values.stage ?? 'dev');
  const service = nameFlag('service', values.service ?? 'cognito-claims');
  const region = resolveRegion(aws, env, userPoolId);
  const preTokenGeneration = arnFlag('pre-token-arn', values['pre-token-arn']);
  const postAuthentication = arnFlag('post-authentication-arn', values['post-authentication-arn']);
  const inboundFederation = arnFlag('inbound-federation-arn', values['inbound-federation-arn']);
  if ((preTokenGeneration === undefined) !== (postAuthentication === undefined)) {
    throw new UsageError(
      '--pre-token-arn and --post-authentication-arn go together: give both or neither',
    );
  }
  if (inboundFederation !== undefined && preTokenGeneration === undefined) {
    throw new UsageError(
      '--inbound-federation-arn needs --pre-token-arn and --post-authentication-arn too',
    );
  }
  const version = values['lambda-version'];
  if (version !== undefined && !Object.values(PreTokenLambdaVersion).includes(version as 'V2_0')) {
    throw new UsageError(`--lambda-version "${version}": expected V1_0, V2_0 or V3_0`);
  }
  return {
    userPoolId,
    stage,
    service,
    stackName: nameFlag('stack-name', values['stack-name'] ?? `${service}-${stage}`),
    region,
    aws,
    ...(values.config !== undefined ? { configPath: values.config } : {}),
    json: values.json === true,
    yes: values.yes === true,
    replaceTriggers: values['replace-triggers'] === true,
    ...(preTokenGeneration && postAuthentication
      ? {
          arns: {
            preTokenGeneration,
            postAuthentication,
            ...(inboundFederation ? { inboundFederation } : {}),
          },
        }
      : {}),
    ...(version !== undefined ? { lambdaVersion: version as PreTokenLambdaVersion } : {}),
  };
}
