/**
 * Command line of `npm run attach`. Every bad flag is reported by name with what was expected.
 */
import { parseArgs } from 'node:util';
import { REGION_PATTERN, USER_POOL_ID_PATTERN } from '../../shared/core/cognito';
import { AttachError } from '../../shared/core/errors';
import { PreTokenLambdaVersion } from '../common/user-pool-update';

export interface AttachArgs {
  readonly userPoolId: string;
  readonly stage: string;
  readonly service: string;
  readonly stackName: string;
  readonly region: string;
  readonly endpoint?: string;
  readonly configPath: string;
  readonly yes: boolean;
  readonly replaceTriggers: boolean;
  /** Given together instead of reading the stack outputs. */
  readonly arns?: {
    readonly preTokenGeneration: string;
    readonly postAuthentication: string;
    readonly inboundFederation?: string;
  };
  readonly lambdaVersion?: PreTokenLambdaVersion;
  readonly help: boolean;
}

export const ATTACH_USAGE = `Usage: npm run attach -- --user-pool-id <id> [options]

Wires this suite's triggers into an existing user pool. Reads the pool, shows what changes,
asks before writing, and writes back every other setting unchanged.

  --user-pool-id <id>            the pool, e.g. eu-west-1_AbCdEf123 (required)
  --stage <name>                 the deployed stage whose functions to attach (default dev)
  --region <region>              default: the region in the pool id
  --service <name>               the serverless service name (default cognito-claims)
  --stack-name <name>            default <service>-<stage>
  --config <path>                claims config checked against the pool's feature plan
                                 (default claims.config.json)
  --pre-token-arn <arn>          with --post-authentication-arn (and optionally
  --post-authentication-arn <arn>  --inbound-federation-arn): use these functions instead of
  --inbound-federation-arn <arn>   reading the stack outputs
  --lambda-version V1_0|V2_0|V3_0
                                 Pre Token Generation event version (default: the stack's, V2_0);
                                 V1_0 changes only the ID token and is refused when the config
                                 customises the access token
  --replace-triggers             replace triggers that point at other functions today
  --endpoint <url>               a Cognito emulator (e.g. cognito-local) instead of AWS
  --yes                          do not ask for confirmation
  --help`;

const ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
const NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

const fail = (message: string): never => {
  throw new AttachError(`${message}\n\n${ATTACH_USAGE}`);
};

const arnFlag = (flag: string, value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (!ARN.test(value)) fail(`--${flag}: expected a Lambda function ARN, got "${value}"`);
  return value;
};

export const parseAttachArgs = (
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): AttachArgs => {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        'user-pool-id': { type: 'string' },
        stage: { type: 'string', default: 'dev' },
        region: { type: 'string' },
        service: { type: 'string', default: 'cognito-claims' },
        'stack-name': { type: 'string' },
        config: { type: 'string', default: 'claims.config.json' },
        'pre-token-arn': { type: 'string' },
        'post-authentication-arn': { type: 'string' },
        'inbound-federation-arn': { type: 'string' },
        'lambda-version': { type: 'string' },
        'replace-triggers': { type: 'boolean', default: false },
        endpoint: { type: 'string' },
        yes: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const help = values.help === true;
  const userPoolId = values['user-pool-id'] as string | undefined;
  if (help) {
    return {
      help,
      userPoolId: userPoolId ?? '',
      stage: '',
      service: '',
      stackName: '',
      region: '',
      configPath: '',
      yes: false,
      replaceTriggers: false,
    };
  }
  if (!userPoolId) return fail('--user-pool-id is required (e.g. eu-west-1_AbCdEf123)');
  const poolMatch = USER_POOL_ID_PATTERN.exec(userPoolId);
  if (!poolMatch) {
    return fail(
      `--user-pool-id: expected <region>_<id> such as eu-west-1_AbCdEf123, got "${userPoolId}"`,
    );
  }
  const stage = values.stage as string;
  const service = values.service as string;
  if (!NAME.test(stage)) fail(`--stage: expected letters, digits and dashes, got "${stage}"`);
  if (!NAME.test(service)) fail(`--service: expected letters, digits and dashes, got "${service}"`);
  const prefix = poolMatch[1] ?? '';
  const region =
    (values.region as string | undefined) ??
    (REGION_PATTERN.test(prefix) ? prefix : (env.AWS_REGION ?? env.AWS_DEFAULT_REGION));
  if (!region) fail('--region is required when the pool id does not start with a region');
  const endpoint = values.endpoint as string | undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) {
    fail(`--endpoint: expected an http(s) URL such as http://127.0.0.1:9229, got "${endpoint}"`);
  }
  const preTokenGeneration = arnFlag(
    'pre-token-arn',
    values['pre-token-arn'] as string | undefined,
  );
  const postAuthentication = arnFlag(
    'post-authentication-arn',
    values['post-authentication-arn'] as string | undefined,
  );
  const inboundFederation = arnFlag(
    'inbound-federation-arn',
    values['inbound-federation-arn'] as string | undefined,
  );
  if ((preTokenGeneration === undefined) !== (postAuthentication === undefined)) {
    fail('--pre-token-arn and --post-authentication-arn go together: give both or neither');
  }
  if (inboundFederation !== undefined && preTokenGeneration === undefined) {
    fail('--inbound-federation-arn needs --pre-token-arn and --post-authentication-arn too');
  }
  const version = values['lambda-version'] as string | undefined;
  if (version !== undefined && !Object.values(PreTokenLambdaVersion).includes(version as 'V2_0')) {
    fail(`--lambda-version: expected V1_0, V2_0 or V3_0, got "${version}"`);
  }
  return {
    help,
    userPoolId,
    stage,
    service,
    stackName: (values['stack-name'] as string | undefined) ?? `${service}-${stage}`,
    region: region as string,
    ...(endpoint !== undefined ? { endpoint } : {}),
    configPath: values.config as string,
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
};
