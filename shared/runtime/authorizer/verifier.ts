/**
 * Verifies a bearer token with aws-jwt-verify: signature against the issuer's JWKS (fetched once
 * and cached for the life of the Lambda environment), issuer, `token_use`, client id, expiry
 * (which must be present) and issue time (not in the future beyond the clock skew).
 * Create it once, outside the handler, so the JWKS cache survives across invocations.
 */
import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  FetchError,
  JwksNotAvailableInCacheError,
  JwksValidationError,
  JwkValidationError,
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  NonRetryableFetchError,
  ParameterValidationError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { DenyReason } from '../../core/authorizer/deny-reason';
import { type AuthorizerSettings, isAllowedKeyLocation } from './settings';

export { DenyReason };

export interface TokenVerifier {
  /** The verified payload. @throws when the token cannot be verified. */
  verify(token: string): Promise<Record<string, unknown>>;
}

/** Thrown by our own claim checks (custom issuers), so they map to a precise reason. */
export class TokenClaimError extends Error {
  readonly reason: DenyReason;

  constructor(reason: DenyReason, message: string) {
    super(message);
    this.name = 'TokenClaimError';
    this.reason = reason;
  }
}

const REASONS: readonly [new (...args: never[]) => Error, DenyReason][] = [
  [JwtExpiredError, DenyReason.TOKEN_EXPIRED],
  [JwtNotBeforeError, DenyReason.TOKEN_NOT_YET_VALID],
  [JwtInvalidSignatureAlgorithmError, DenyReason.ALGORITHM_NOT_ALLOWED],
  [JwtInvalidSignatureError, DenyReason.SIGNATURE_INVALID],
  [JwtInvalidIssuerError, DenyReason.ISSUER_INVALID],
  [CognitoJwtInvalidTokenUseError, DenyReason.TOKEN_USE_INVALID],
  [CognitoJwtInvalidClientIdError, DenyReason.CLIENT_INVALID],
  [JwtInvalidAudienceError, DenyReason.CLIENT_INVALID],
  [KidNotFoundInJwksError, DenyReason.KEY_UNKNOWN],
  [JwtWithoutValidKidError, DenyReason.KEY_UNKNOWN],
  [FetchError, DenyReason.JWKS_UNAVAILABLE],
  [NonRetryableFetchError, DenyReason.JWKS_UNAVAILABLE],
  // aws-jwt-verify's penalty box holds a refetch back only after a fetched JWKS lacked the kid.
  [WaitPeriodNotYetEndedJwkError, DenyReason.KEY_UNKNOWN],
  [JwksNotAvailableInCacheError, DenyReason.JWKS_UNAVAILABLE],
  [JwksValidationError, DenyReason.JWKS_UNAVAILABLE],
  [JwkValidationError, DenyReason.JWKS_UNAVAILABLE],
  [JwtParseError, DenyReason.TOKEN_MALFORMED],
  // What a pool verifier throws for a token whose issuer it was not created for.
  [ParameterValidationError, DenyReason.ISSUER_INVALID],
];

/** Why a token was refused, from the verifier's error (its message may quote the token). */
export const denyReasonOf = (error: unknown): DenyReason => {
  if (error instanceof TokenClaimError) return error.reason;
  for (const [type, reason] of REASONS) if (error instanceof type) return reason;
  return DenyReason.TOKEN_INVALID;
};

/**
 * Fetches a JWKS over https, or plain http on loopback (cognito-local serves its keys over
 * http; aws-jwt-verify's own fetcher is https-only). Bounded in time: a JWKS that cannot be
 * fetched fails the verification, and the request is denied.
 */
export const createJwksFetcher = (timeoutMs = 1500): Fetcher => ({
  async fetch(uri: string) {
    if (!isAllowedKeyLocation(new URL(uri))) {
      throw new NonRetryableFetchError(uri, 'plain http is allowed only on localhost');
    }
    let response: Response;
    try {
      response = await fetch(uri, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    } catch (error) {
      throw new FetchError(uri, error instanceof Error ? error.name : 'fetch failed');
    }
    if (!response.ok) throw new FetchError(uri, `status ${response.status}`);
    try {
      // The timeout covers the body too: one sent too slowly, or broken off, is no JWKS.
      return await response.arrayBuffer();
    } catch (error) {
      throw new FetchError(uri, error instanceof Error ? error.name : 'body not read');
    }
  },
});

/**
 * aws-jwt-verify checks `exp` only when the token has one: a signed token without it would be
 * valid forever. Cognito always sets it, so its absence is refused on both verifier paths.
 */
export const requireExpiry = (payload: Readonly<Record<string, unknown>>): void => {
  if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) {
    throw new TokenClaimError(DenyReason.EXPIRY_MISSING, 'exp must be a number');
  }
};

/**
 * aws-jwt-verify checks `exp` and `nbf` but not `iat`: a token issued in the future (beyond the
 * skew between this clock and the issuer's) is refused. A token without `iat` is left to the
 * other checks, as aws-jwt-verify does; Cognito always sets it.
 */
export const requireIssuedInPast = (
  payload: Readonly<Record<string, unknown>>,
  skewSeconds: number,
  nowSeconds = Date.now() / 1000,
): void => {
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds + skewSeconds) {
    throw new TokenClaimError(DenyReason.TOKEN_ISSUED_IN_FUTURE, 'iat lies in the future');
  }
};

const includesClient = (value: unknown, clientIds: readonly string[]): boolean =>
  typeof value === 'string'
    ? clientIds.includes(value)
    : Array.isArray(value) && value.some((item) => clientIds.includes(item));

/** What CognitoJwtVerifier checks beyond the signature, for issuers it does not know. */
export const checkCognitoClaims = (
  payload: Readonly<Record<string, unknown>>,
  settings: Pick<AuthorizerSettings, 'tokenUse' | 'clientIds'>,
): void => {
  if (payload.token_use !== settings.tokenUse) {
    throw new TokenClaimError(
      DenyReason.TOKEN_USE_INVALID,
      `token_use must be "${settings.tokenUse}"`,
    );
  }
  const client = settings.tokenUse === 'access' ? payload.client_id : payload.aud;
  if (!includesClient(client, settings.clientIds)) {
    throw new TokenClaimError(DenyReason.CLIENT_INVALID, 'token issued to another app client');
  }
};

interface JwtVerifier {
  verify(token: string): Promise<object>;
  verifySync(token: string): object;
}

/**
 * Once the JWKS is cached, a token is verified synchronously (no promise per step); only a token
 * whose key is not cached yet takes the asynchronous path, which fetches the JWKS.
 */
const verifyCachedFirst = (verifier: JwtVerifier) => async (token: string) => {
  try {
    return verifier.verifySync(token) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof JwksNotAvailableInCacheError || error instanceof KidNotFoundInJwksError) {
      return (await verifier.verify(token)) as Record<string, unknown>;
    }
    throw error;
  }
};

export interface VerifierOptions {
  /** Replaces the JWKS fetcher (tests; other transports). */
  readonly fetcher?: Fetcher;
}

export const createTokenVerifier = (
  settings: AuthorizerSettings,
  options: VerifierOptions = {},
): TokenVerifier => {
  if (settings.userPoolId !== undefined) {
    const verifier = CognitoJwtVerifier.create(
      {
        userPoolId: settings.userPoolId,
        tokenUse: settings.tokenUse,
        clientId: [...settings.clientIds],
        customJwtCheck: ({ payload }) => {
          requireExpiry(payload);
          requireIssuedInPast(payload, settings.clockSkewSeconds);
        },
      },
      options.fetcher
        ? { jwksCache: new SimpleJwksCache({ fetcher: options.fetcher }) }
        : undefined,
    );
    return { verify: verifyCachedFirst(verifier) };
  }
  const verifier = JwtRsaVerifier.create(
    {
      issuer: settings.issuer,
      audience: null,
      jwksUri: settings.jwksUri,
      customJwtCheck: ({ payload }) => {
        requireExpiry(payload);
        requireIssuedInPast(payload, settings.clockSkewSeconds);
        checkCognitoClaims(payload, settings);
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: options.fetcher ?? createJwksFetcher() }) },
  );
  return { verify: verifyCachedFirst(verifier) };
};
