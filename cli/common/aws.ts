/**
 * The Cognito client the operator tools use (read-only calls), with the SDK's adaptive retry and
 * backoff, and one-line explanations for the failures operators actually meet.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { regionOfUserPoolId, USER_POOL_ID_PATTERN } from '../../shared/core/cognito';
import { AwsCallError, UsageError } from './errors';

export interface AwsOptions {
  readonly region?: string;
  readonly endpoint?: string;
  readonly profile?: string;
  readonly maxAttempts?: number;
}

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_MAX_ATTEMPTS = 5;

export const checkPoolId = (userPoolId: string): void => {
  if (!USER_POOL_ID_PATTERN.test(userPoolId)) {
    throw new UsageError(
      `--user-pool-id "${userPoolId}" is not a user pool ID (expected <region>_<id>, e.g. eu-west-1_AbCdEf123)`,
    );
  }
};

/**
 * The region to call: --region, then AWS_REGION / AWS_DEFAULT_REGION, then the pool ID's prefix.
 * A pool ID from another region is refused up front: AWS would only say "not found".
 */
export const resolveRegion = (options: AwsOptions, env: Env, userPoolId?: string): string => {
  const fromPool = userPoolId ? regionOfUserPoolId(userPoolId) : undefined;
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? fromPool;
  if (!region) {
    throw new UsageError('no region: pass --region or set AWS_REGION');
  }
  if (fromPool && region !== fromPool && !options.endpoint) {
    const source = options.region
      ? '--region'
      : env.AWS_REGION
        ? 'AWS_REGION'
        : 'AWS_DEFAULT_REGION';
    throw new UsageError(
      `user pool ${userPoolId} lives in ${fromPool}, but ${source} is ${region}: pass --region ${fromPool}`,
    );
  }
  return region;
};

const hasCredentialsInEnv = (env: Env) =>
  Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE);

export const createCognitoClient = (
  options: AwsOptions,
  env: Env,
  region: string,
): CognitoIdentityProviderClient =>
  new CognitoIdentityProviderClient({
    region,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: 'adaptive',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    // Emulators accept any signature; spare the operator from inventing credentials for them.
    ...(options.endpoint && !options.profile && !hasCredentialsInEnv(env)
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  hostname?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const firstLine = (text: string | undefined) => (text ?? '').split('\n')[0]?.trim() ?? '';

/** Whether the endpoint does not implement the call at all (cognito-local answers "Unsupported"). */
export const isUnsupported = (error: unknown): boolean => {
  const e = (error ?? {}) as SdkError;
  return (
    e.name === 'Unsupported' ||
    e.name === 'UnsupportedOperationException' ||
    e.name === 'UnknownOperationException' ||
    e.$metadata?.httpStatusCode === 501 ||
    /unsupported/i.test(e.message ?? '')
  );
};

export interface CallContext {
  readonly operation: string;
  readonly region: string;
  readonly userPoolId?: string;
  readonly username?: string;
  readonly endpoint?: string;
}

/** Turns an SDK failure into the one line an operator needs to fix it. */
export const explainAwsError = (error: unknown, ctx: CallContext): AwsCallError => {
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? 'Error';
  const message = firstLine(e.message);
  const attempts = e.$metadata?.attempts;
  const where = ctx.endpoint ?? `cognito-idp.${ctx.region}.amazonaws.com`;
  const say = (text: string) => new AwsCallError(text, { cause: error });
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return say(
      'no AWS credentials found: set AWS_PROFILE (or pass --profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run `aws sso login`',
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
  if (name === 'ResourceNotFoundException') {
    return say(
      `user pool ${ctx.userPoolId ?? '?'} was not found in ${ctx.region}: check --user-pool-id and --region (${message})`,
    );
  }
  if (
    ['TooManyRequestsException', 'ThrottlingException', 'LimitExceededException'].includes(name)
  ) {
    return say(
      `Cognito throttled ${ctx.operation} (${name}) and it still failed after ${attempts ?? 'several'} attempts with backoff: wait a minute and retry, or pass a larger --max-attempts`,
    );
  }
  if (name === 'AccessDeniedException' || name === 'NotAuthorizedException') {
    return say(
      `not allowed to call ${ctx.operation} (${name}): the credentials need cognito-idp:${ctx.operation}`,
    );
  }
  // The SDK sometimes wraps network errors ("AWS SDK error wrapper for Error: connect ECONNREFUSED").
  const network = e.code ?? /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED)\b/.exec(message)?.[1];
  if (network === 'ENOTFOUND' || network === 'EAI_AGAIN') {
    return say(
      `cannot resolve ${e.hostname ?? where}: check --region (${ctx.region}) or --endpoint, and the network`,
    );
  }
  if (network === 'ECONNREFUSED') {
    return say(`nothing is listening at ${where}: start the emulator or correct --endpoint`);
  }
  if (/region/i.test(message) && /not (a )?valid|not accepted|invalid/i.test(message)) {
    return say(`"${ctx.region}" is not a valid AWS region: pass --region, e.g. --region eu-west-1`);
  }
  return say(`${ctx.operation} failed: ${name}${message ? `: ${message}` : ''}`);
};
