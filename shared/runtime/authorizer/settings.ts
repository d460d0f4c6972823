/**
 * What the authorizer trusts, read once at cold start from the function's environment:
 * - `JWT_ISSUER_URL`: the user pool's issuer (`https://cognito-idp.<region>.amazonaws.com/<pool>`)
 *   or, for a local emulator, any issuer such as `http://127.0.0.1:9229/<pool>`;
 * - `JWT_AUDIENCE`: the app client id(s) accepted, comma-separated;
 * - `JWT_JWKS_URI` (optional): where the keys are, for a non-Cognito issuer
 *   (default `<issuer>/.well-known/jwks.json`);
 * - `AUTHORIZER_TOKEN_USE` (optional): `access` or `id`, overrides the config's
 *   `authorizer.tokenUse`;
 * - `AUTHORIZER_RESPONSE_MODE` (optional): `simple` (default) or `policy`, for HTTP API payload
 *   2.0 events: match the authorizer's `enableSimpleResponses`;
 * - `AUTHORIZER_CLOCK_SKEW_SECONDS` (optional, default 60): how far in the future a token's `iat`
 *   may lie (this clock and Cognito's may differ a little), 0 to 600.
 */
import type { ClaimsConfig } from '../../core/claims/types';
import { userPoolIdOfIssuer } from '../../core/cognito';
import { CognitoClaimsError, ErrorCode } from '../../core/errors';

export const AuthorizerEnv = {
  ISSUER: 'JWT_ISSUER_URL',
  AUDIENCE: 'JWT_AUDIENCE',
  JWKS_URI: 'JWT_JWKS_URI',
  TOKEN_USE: 'AUTHORIZER_TOKEN_USE',
  RESPONSE_MODE: 'AUTHORIZER_RESPONSE_MODE',
  CLOCK_SKEW: 'AUTHORIZER_CLOCK_SKEW_SECONDS',
} as const;

export const DEFAULT_CLOCK_SKEW_SECONDS = 60;
const MAX_CLOCK_SKEW_SECONDS = 600;

export const ResponseMode = { SIMPLE: 'simple', POLICY: 'policy' } as const;
export type ResponseMode = (typeof ResponseMode)[keyof typeof ResponseMode];

export interface AuthorizerSettings {
  readonly issuer: string;
  /** Set when the issuer is a Cognito user pool: verified with CognitoJwtVerifier. */
  readonly userPoolId?: string;
  readonly jwksUri: string;
  readonly clientIds: readonly string[];
  readonly tokenUse: 'id' | 'access';
  readonly responseMode: ResponseMode;
  /** Seconds a token's `iat` may lie ahead of this clock. */
  readonly clockSkewSeconds: number;
}

export class AuthorizerSettingsError extends CognitoClaimsError {
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(ErrorCode.CONFIG_INVALID, `${variable}: ${message}`);
    this.name = 'AuthorizerSettingsError';
    this.variable = variable;
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Plain http is accepted only on this machine (a local emulator); anything else needs https. */
export const isAllowedKeyLocation = (url: URL): boolean =>
  url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));

const readUrl = (variable: string, text: string): URL => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AuthorizerSettingsError(variable, 'expected a URL');
  }
  if (!isAllowedKeyLocation(url)) {
    throw new AuthorizerSettingsError(
      variable,
      'expected an https URL (plain http only on localhost, for a local emulator)',
    );
  }
  return url;
};

/** @throws AuthorizerSettingsError naming the variable and what was expected. */
export const readAuthorizerSettings = (
  env: Readonly<Record<string, string | undefined>>,
  config: ClaimsConfig,
): AuthorizerSettings => {
  const issuer = env[AuthorizerEnv.ISSUER]?.trim().replace(/\/+$/, '') ?? '';
  if (issuer === '') {
    throw new AuthorizerSettingsError(AuthorizerEnv.ISSUER, 'is required (the token issuer URL)');
  }
  readUrl(AuthorizerEnv.ISSUER, issuer);
  const clientIds = (env[AuthorizerEnv.AUDIENCE] ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (clientIds.length === 0) {
    throw new AuthorizerSettingsError(
      AuthorizerEnv.AUDIENCE,
      'is required (the app client id(s), comma-separated)',
    );
  }
  const tokenUseText = env[AuthorizerEnv.TOKEN_USE]?.trim() || config.authorizer.tokenUse;
  if (tokenUseText !== 'id' && tokenUseText !== 'access') {
    throw new AuthorizerSettingsError(AuthorizerEnv.TOKEN_USE, 'expected "access" or "id"');
  }
  const modeText = env[AuthorizerEnv.RESPONSE_MODE]?.trim() || ResponseMode.SIMPLE;
  if (modeText !== ResponseMode.SIMPLE && modeText !== ResponseMode.POLICY) {
    throw new AuthorizerSettingsError(AuthorizerEnv.RESPONSE_MODE, 'expected "simple" or "policy"');
  }
  const skewText = env[AuthorizerEnv.CLOCK_SKEW]?.trim() || String(DEFAULT_CLOCK_SKEW_SECONDS);
  const clockSkewSeconds = Number(skewText);
  if (!/^\d+$/.test(skewText) || clockSkewSeconds > MAX_CLOCK_SKEW_SECONDS) {
    throw new AuthorizerSettingsError(
      AuthorizerEnv.CLOCK_SKEW,
      `expected a whole number of seconds from 0 to ${MAX_CLOCK_SKEW_SECONDS}`,
    );
  }
  const userPoolId = userPoolIdOfIssuer(issuer);
  const jwksText = env[AuthorizerEnv.JWKS_URI]?.trim();
  const jwksUri = jwksText
    ? readUrl(AuthorizerEnv.JWKS_URI, jwksText).toString()
    : `${issuer}/.well-known/jwks.json`;
  return {
    issuer,
    ...(userPoolId ? { userPoolId } : {}),
    jwksUri,
    clientIds,
    tokenUse: tokenUseText,
    responseMode: modeText,
    clockSkewSeconds,
  };
};
