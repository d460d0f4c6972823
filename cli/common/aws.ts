/**
 * The AWS clients the operator tools use: the region and profile checked before any call, the
 * SDK's adaptive retry with backoff, a connection and a request timeout on every attempt, and
 * one-line explanations for the failures operators actually meet.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { regionOfUserPoolId, USER_POOL_ID_PATTERN } from '../../shared/core/cognito';
import { isRegionName } from './args';
import { checkProfile } from './aws-profile';
import { AwsCallError, UsageError } from './errors';

export interface AwsOptions {
  readonly region?: string;
  readonly endpoint?: string;
  readonly profile?: string;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The region of a call and where it came from, for messages that name what to correct. */
export interface ResolvedRegion {
  readonly region: string;
  readonly source: '--region' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'the user pool ID';
}

/**
 * @param options `endpoint`: an emulator, whose pool IDs need not start with a region
 * @throws UsageError for a value that is not a pool ID, or an AWS pool ID without a region
 */
export function checkPoolId(userPoolId: string, options: { readonly endpoint?: string } = {}) {
  if (!USER_POOL_ID_PATTERN.test(userPoolId)) {
    throw new UsageError(
      `--user-pool-id "${userPoolId}" is not a user pool ID (expected <region>_<id>, e.g. eu-west-1_AbCdEf123)`,
    );
  }
  if (!options.endpoint && regionOfUserPoolId(userPoolId) === undefined) {
    const prefix = userPoolId.slice(0, userPoolId.lastIndexOf('_'));
    throw new UsageError(
      `--user-pool-id "${userPoolId}" does not start with a region ("${prefix}" is not one): an AWS pool ID is <region>_<id>, e.g. eu-west-1_AbCdEf123; an emulator's pool needs --endpoint`,
    );
  }
}

/**
 * The region to call: --region, then AWS_REGION / AWS_DEFAULT_REGION, then the pool ID's prefix.
 * A pool ID from another region is refused up front: AWS would only say "not found".
 */
export function resolveRegion(options: AwsOptions, env: Env, userPoolId?: string): ResolvedRegion {
  const fromPool = userPoolId ? regionOfUserPoolId(userPoolId) : undefined;
  const candidates: readonly [ResolvedRegion['source'], string | undefined][] = [
    ['--region', options.region],
    ['AWS_REGION', env.AWS_REGION || undefined],
    ['AWS_DEFAULT_REGION', env.AWS_DEFAULT_REGION || undefined],
    ['the user pool ID', fromPool],
  ];
  const found = candidates.find(([, value]) => value !== undefined);
  if (!found?.[1]) {
    throw new UsageError(
      options.endpoint
        ? 'no region: pass --region (an emulator takes any, e.g. --region eu-west-1) or set AWS_REGION'
        : 'no region: pass --region (e.g. --region eu-west-1) or set AWS_REGION',
    );
  }
  const [source, region] = found;
  if (!isRegionName(region, options.endpoint)) {
    throw new UsageError(
      `${source} "${region}" is not an AWS region name: pass one such as --region eu-west-1`,
    );
  }
  if (fromPool && region !== fromPool && !options.endpoint) {
    throw new UsageError(
      `user pool ${userPoolId} lives in ${fromPool}, but ${source} is ${region}: pass --region ${fromPool}`,
    );
  }
  return { region, source };
}

const hasCredentialsInEnv = (env: Env) =>
  Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE);

/**
 * The settings every client shares. A profile that does not exist is refused here, before a
 * call: the SDK's own error for it names no profile.
 */
export function clientSettings(options: AwsOptions, env: Env, region: string) {
  if (options.profile) checkProfile(options.profile, '--profile', env);
  else if (env.AWS_PROFILE && !env.AWS_ACCESS_KEY_ID) {
    checkProfile(env.AWS_PROFILE, 'AWS_PROFILE', env);
  }
  return {
    region,
    maxAttempts: options.maxAttempts,
    retryMode: 'adaptive',
    // Without these a connection that is accepted and never answered waits forever.
    requestHandler: {
      connectionTimeout: options.timeoutMs,
      requestTimeout: options.timeoutMs,
      throwOnRequestTimeout: true,
    },
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    // Emulators accept any signature; spare the operator from inventing credentials for them.
    ...(options.endpoint && !options.profile && !hasCredentialsInEnv(env)
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  } as const;
}

export function createCognitoClient(
  options: AwsOptions,
  env: Env,
  region: string,
): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient(clientSettings(options, env, region));
}

/** CloudFormation is AWS itself: an emulator endpoint is for Cognito only. */
export function createCloudFormationClient(
  options: AwsOptions,
  env: Env,
  region: string,
): CloudFormationClient {
  const { endpoint: _cognitoOnly, ...aws } = options;
  return new CloudFormationClient(clientSettings(aws, env, region));
}

/** CloudWatch Logs is AWS itself, like CloudFormation: an emulator endpoint is for Cognito only. */
export function createCloudWatchLogsClient(
  options: AwsOptions,
  env: Env,
  region: string,
): CloudWatchLogsClient {
  const { endpoint: _cognitoOnly, ...aws } = options;
  return new CloudWatchLogsClient(clientSettings(aws, env, region));
}

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  hostname?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const firstLine = (text: string | undefined) => (text ?? '').split('\n')[0]?.trim() ?? '';

/** Whether the endpoint does not implement the call at all (cognito-local answers "Unsupported"). */
export function isUnsupported(error: unknown): boolean {
  const e = (error ?? {}) as SdkError;
  return (
    e.name === 'Unsupported' ||
    e.name === 'UnsupportedOperationException' ||
    e.name === 'UnknownOperationException' ||
    e.$metadata?.httpStatusCode === 501 ||
    /unsupported/i.test(e.message ?? '')
  );
}

export interface CallContext {
  readonly operation: string;
  readonly region: string;
  /** Where the region came from (default: --region). */
  readonly regionSource?: ResolvedRegion['source'];
  /** `cognito-idp` (the default) or `cloudformation`: the IAM prefix and the host. */
  readonly service?: 'cognito-idp' | 'cloudformation' | 'logs';
  readonly userPoolId?: string;
  readonly username?: string;
  readonly clientId?: string;
  readonly stackName?: string;
  readonly endpoint?: string;
  readonly profile?: string;
  readonly timeoutMs?: number;
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))}`;

/** Turns an SDK failure into the one line an operator needs to fix it. */
export function explainAwsError(error: unknown, ctx: CallContext): AwsCallError {
  if (error instanceof AwsCallError) return error;
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? 'Error';
  const message = firstLine(e.message);
  const attempts = e.$metadata?.attempts;
  const service = ctx.service ?? 'cognito-idp';
  const where = ctx.endpoint ?? `${service}.${ctx.region}.amazonaws.com`;
  const regionFlag =
    ctx.regionSource === 'the user pool ID'
      ? 'the region in --user-pool-id'
      : (ctx.regionSource ?? '--region');
  const say = (text: string) => new AwsCallError(text, { cause: error });
  if (name === 'TimeoutError' || e.code === 'ETIMEDOUT') {
    const limit = ctx.timeoutMs !== undefined ? `${seconds(ctx.timeoutMs)} s` : 'the time allowed';
    const tries = `${attempts ?? 1} attempt${attempts === 1 || attempts === undefined ? '' : 's'}`;
    const flag = ctx.timeoutMs !== undefined ? `--timeout ${seconds(ctx.timeoutMs)}` : '--timeout';
    return /establish a connection/.test(message)
      ? say(
          `${ctx.operation} timed out: no connection to ${where} within ${limit} (${flag}, ${tries}): check ${ctx.endpoint ? '--endpoint' : regionFlag} and the network, or pass a larger --timeout`,
        )
      : say(
          `${ctx.operation} timed out: ${where} accepted the connection but sent no answer within ${limit} (${flag}, ${tries}): check ${ctx.endpoint ? '--endpoint' : 'the network'}, or pass a larger --timeout`,
        );
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return say(
      ctx.profile
        ? `no AWS credentials from profile "${ctx.profile}" (--profile): it holds none, or its SSO session has ended; run \`aws sso login --profile ${ctx.profile}\` or check the profile`
        : 'no AWS credentials found: set AWS_PROFILE (or pass --profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run `aws sso login`',
    );
  }
  if (/^Expired/.test(name) || /token.*expired|expired.*token/i.test(message)) {
    return say(
      `AWS credentials have expired (${name}): refresh them (e.g. \`aws sso login\`) and retry`,
    );
  }
  if (
    ['UnrecognizedClientException', 'InvalidSignatureException', 'InvalidClientTokenId'].includes(
      name,
    )
  ) {
    return say(
      `AWS rejected the credentials (${name}): check the access key, profile or session token`,
    );
  }
  if (name === 'UserNotFoundException') {
    return say(`user "${ctx.username ?? '?'}" was not found in user pool ${ctx.userPoolId ?? '?'}`);
  }
  if (name === 'ResourceNotFoundException' && ctx.clientId !== undefined) {
    // Asked for after the pool itself answered: the client is what is missing.
    return say(
      `app client "${ctx.clientId}" was not found in user pool ${ctx.userPoolId ?? '?'}: check --client-id (aws cognito-idp list-user-pool-clients --user-pool-id ${ctx.userPoolId ?? '<id>'})`,
    );
  }
  if (name === 'ResourceNotFoundException') {
    return say(
      `user pool ${ctx.userPoolId ?? '?'} was not found in ${ctx.region}: check --user-pool-id${ctx.regionSource === 'the user pool ID' ? '' : ` and ${regionFlag}`} (${message})`,
    );
  }
  if (name === 'ValidationError' && ctx.stackName && /does not exist/i.test(message)) {
    return say(
      `stack "${ctx.stackName}" was not found in ${ctx.region}: deploy it first (npm run deploy), or pass the --stage or --stack-name it was deployed with, or give the function ARNs as flags`,
    );
  }
  if (
    [
      'TooManyRequestsException',
      'ThrottlingException',
      'LimitExceededException',
      'Throttling',
    ].includes(name)
  ) {
    return say(
      `${{ 'cognito-idp': 'Cognito', cloudformation: 'CloudFormation', logs: 'CloudWatch Logs' }[service]} throttled ${ctx.operation} (${name}) and it still failed after ${attempts ?? 'several'} attempts with backoff: wait a minute and retry, or pass a larger --max-attempts`,
    );
  }
  if (
    name === 'AccessDeniedException' ||
    name === 'AccessDenied' ||
    name === 'NotAuthorizedException'
  ) {
    return say(
      `not allowed to call ${ctx.operation} (${name}): the credentials need ${service}:${ctx.operation}`,
    );
  }
  // The SDK sometimes wraps network errors ("AWS SDK error wrapper for Error: connect ECONNREFUSED").
  const network = e.code ?? /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED)\b/.exec(message)?.[1];
  if (network === 'ENOTFOUND' || network === 'EAI_AGAIN') {
    return say(
      ctx.endpoint
        ? `cannot resolve ${e.hostname ?? where}: check --endpoint and the network`
        : `cannot resolve ${e.hostname ?? where}: check that "${ctx.region}" (${regionFlag}) is a region ${service === 'cognito-idp' ? 'Cognito' : 'AWS'} runs in, and the network's DNS`,
    );
  }
  if (network === 'ECONNREFUSED') {
    return say(`nothing is listening at ${where}: start the emulator or correct --endpoint`);
  }
  if (/region/i.test(message) && /not (a )?valid|not accepted|invalid/i.test(message)) {
    return say(
      `"${ctx.region}" is not a valid AWS region (${regionFlag}): pass one such as --region eu-west-1`,
    );
  }
  return say(`${ctx.operation} failed: ${name}${message ? `: ${message}` : ''}`);
}

/** Runs one AWS call, turning its failure into the explained one-line error. */
export async function awsCall<T>(ctx: CallContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw explainAwsError(error, ctx);
  }
}
