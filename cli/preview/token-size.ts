/**
 * Estimates the size of the JWTs Cognito would issue: a realistic baseline payload (the claims
 * Cognito always puts in, shaped like the tokens in the Cognito developer guide, with values of
 * real length) plus the trigger's changes, base64url-encoded with an RS256 header and signature.
 * Pure: the values are placeholders of the right length, never a real token.
 */
import type { ClaimValue, GroupOverrideDetails } from '../../shared/core/claims/types';

/** 2048-bit RSA signature: 256 bytes → 342 base64url characters. */
export const RS256_SIGNATURE_CHARS = 342;
/** Cognito's header: `{"kid":"<44-char key id>","alg":"RS256"}`. */
export const COGNITO_HEADER = { kid: 'a'.repeat(43).concat('='), alg: 'RS256' } as const;
/** A UUID-length placeholder (sub, jti, origin_jti, event_id). */
const UUID = '00000000-0000-4000-8000-000000000000';
/** Ten digits, like every epoch-seconds timestamp until 2286. */
const EPOCH = 1_767_225_600;
const HOUR = 3600;

export const base64UrlLength = (bytes: number): number =>
  Math.floor(bytes / 3) * 4 + ([0, 2, 3][bytes % 3] ?? 0);

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

export const jwtLength = (header: unknown, payload: unknown): number =>
  base64UrlLength(jsonBytes(header)) +
  1 +
  base64UrlLength(jsonBytes(payload)) +
  1 +
  RS256_SIGNATURE_CHARS;

export interface TokenContext {
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly username: string;
  readonly sub: string;
  /** Scopes in the access token before the trigger's changes. */
  readonly scopes: readonly string[];
  readonly groups: readonly string[];
  readonly iamRoles: readonly string[];
  readonly preferredRole: string | null;
  readonly clientCredentials: boolean;
}

const BOOLEAN_ATTRIBUTES: ReadonlySet<string> = new Set([
  'email_verified',
  'phone_number_verified',
]);

/** How a user attribute appears in the ID token (strings, but for the few Cognito types). */
const idTokenValue = (name: string, raw: string): unknown => {
  if (BOOLEAN_ATTRIBUTES.has(name)) return raw === 'true';
  if (name === 'updated_at' && /^\d+$/.test(raw)) return Number(raw);
  if (name === 'identities') {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed)) {
        // In the token every field of an identity is a string.
        return parsed.map((identity) =>
          Object.fromEntries(
            Object.entries(identity as Record<string, unknown>).map(([k, v]) => [
              k,
              v === null ? null : String(v),
            ]),
          ),
        );
      }
    } catch {
      return raw;
    }
  }
  return raw;
};

const issuer = (ctx: TokenContext) =>
  `https://cognito-idp.${ctx.region}.amazonaws.com/${ctx.userPoolId}`;

const groupClaims = (ctx: TokenContext) => ({
  ...(ctx.groups.length ? { 'cognito:groups': [...ctx.groups] } : {}),
  ...(ctx.preferredRole ? { 'cognito:preferred_role': ctx.preferredRole } : {}),
  ...(ctx.iamRoles.length ? { 'cognito:roles': [...ctx.iamRoles] } : {}),
});

/** The ID token Cognito issues before any trigger: fixed claims plus every readable attribute. */
export const baselineIdClaims = (
  ctx: TokenContext,
  attributes: Readonly<Record<string, string>>,
): Record<string, unknown> => {
  const claims: Record<string, unknown> = { sub: ctx.sub, ...groupClaims(ctx) };
  for (const [name, raw] of Object.entries(attributes)) {
    if (name === 'sub' || name.startsWith('cognito:')) continue;
    claims[name] = idTokenValue(name, raw);
  }
  return {
    ...claims,
    iss: issuer(ctx),
    'cognito:username': ctx.username,
    origin_jti: UUID,
    aud: ctx.clientId,
    event_id: UUID,
    token_use: 'id',
    auth_time: EPOCH,
    exp: EPOCH + HOUR,
    iat: EPOCH,
    jti: UUID,
  };
};

/** The access token Cognito issues before any trigger (user or client-credentials shape). */
export const baselineAccessClaims = (ctx: TokenContext): Record<string, unknown> => {
  const scope = ctx.scopes.join(' ');
  if (ctx.clientCredentials) {
    return {
      sub: ctx.clientId,
      token_use: 'access',
      scope,
      auth_time: EPOCH,
      iss: issuer(ctx),
      exp: EPOCH + HOUR,
      iat: EPOCH,
      version: 2,
      jti: UUID,
      client_id: ctx.clientId,
    };
  }
  return {
    sub: ctx.sub,
    ...groupClaims(ctx),
    iss: issuer(ctx),
    version: 2,
    client_id: ctx.clientId,
    origin_jti: UUID,
    event_id: UUID,
    token_use: 'access',
    ...(scope ? { scope } : {}),
    auth_time: EPOCH,
    exp: EPOCH + HOUR,
    iat: EPOCH,
    jti: UUID,
    username: ctx.username,
  };
};

export interface TokenChanges {
  readonly claimsToAddOrOverride?: Readonly<Record<string, ClaimValue>>;
  readonly claimsToSuppress?: readonly string[];
  readonly groupOverrideDetails?: GroupOverrideDetails;
  /** Access token only: the scope string after scopesToAdd / scopesToSuppress. */
  readonly scope?: string;
}

/** The payload after the trigger's response is applied; suppression wins over addition. */
export const applyChanges = (
  baseline: Readonly<Record<string, unknown>>,
  changes: TokenChanges,
): Record<string, unknown> => {
  const claims: Record<string, unknown> = { ...baseline };
  const groups = changes.groupOverrideDetails;
  if (groups) {
    delete claims['cognito:groups'];
    delete claims['cognito:roles'];
    delete claims['cognito:preferred_role'];
    if (groups.groupsToOverride.length) claims['cognito:groups'] = [...groups.groupsToOverride];
    if (groups.iamRolesToOverride.length) claims['cognito:roles'] = [...groups.iamRolesToOverride];
    if (groups.preferredRole) claims['cognito:preferred_role'] = groups.preferredRole;
  }
  if (changes.scope !== undefined) {
    if (changes.scope) claims.scope = changes.scope;
    else delete claims.scope;
  }
  Object.assign(claims, changes.claimsToAddOrOverride ?? {});
  for (const claim of changes.claimsToSuppress ?? []) delete claims[claim];
  return claims;
};

export interface HeaderLimit {
  readonly id: 'http-api' | 'alb' | 'cookie';
  readonly name: string;
  readonly limit: number;
  /** What the limit bounds, for the table's footnote. */
  readonly scope: string;
}

export const HEADER_LIMITS: readonly HeaderLimit[] = [
  {
    id: 'http-api',
    name: 'API Gateway HTTP API',
    limit: 10_240,
    scope: 'request line + all headers together; the Authorization header shown',
  },
  { id: 'alb', name: 'ALB', limit: 16_384, scope: 'one header (Authorization)' },
  {
    id: 'cookie',
    name: 'Cookie',
    limit: 4_096,
    scope: 'one cookie, name=value (Amplify-style name)',
  },
];

/**
 * A refresh token's length as Cognito issues it (amazon-cognito-identity-js#688: about 1.85 KB):
 * opaque, so an estimate, for the three tokens' combined size.
 */
export const REFRESH_TOKEN_BYTES = 1_850;

/** What a browser keeps of cookies per domain, about: all three tokens have to fit it. */
export const COOKIE_DOMAIN_LIMIT = 4_096;

export interface CombinedSize {
  /** ID + access (as previewed) + the refresh token's estimate. */
  readonly bytes: number;
  readonly refreshBytes: number;
  readonly limit: number;
  readonly fits: boolean;
}

export const combinedSize = (jwtBytes: readonly number[]): CombinedSize => {
  const bytes = jwtBytes.reduce((sum, one) => sum + one, REFRESH_TOKEN_BYTES);
  return {
    bytes,
    refreshBytes: REFRESH_TOKEN_BYTES,
    limit: COOKIE_DOMAIN_LIMIT,
    fits: bytes <= COOKIE_DOMAIN_LIMIT,
  };
};

export interface LimitCheck {
  readonly id: HeaderLimit['id'];
  readonly limit: number;
  /** Bytes this token uses against the limit. */
  readonly bytes: number;
  readonly percent: number;
  readonly fits: boolean;
}

const AUTHORIZATION_OVERHEAD = 'Authorization: Bearer \r\n'.length;

export const checkLimits = (jwtBytes: number, cookieName: string): LimitCheck[] =>
  HEADER_LIMITS.map((limit) => {
    const bytes =
      limit.id === 'cookie'
        ? Buffer.byteLength(cookieName) + 1 + jwtBytes
        : AUTHORIZATION_OVERHEAD + jwtBytes;
    return {
      id: limit.id,
      limit: limit.limit,
      bytes,
      percent: Number(((bytes / limit.limit) * 100).toFixed(1)),
      fits: bytes <= limit.limit,
    };
  });
