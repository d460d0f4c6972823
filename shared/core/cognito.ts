/**
 * Cognito's facts, in one place (sources in cognito-contract.md): user pool ID and region shapes,
 * the attribute length limit, the scope that lets users write their own attributes, trigger
 * source names, and the claims Cognito computes itself. A Pre Token Generation response may not
 * add, change or suppress those (§2.1); whether Cognito rejects or silently drops them is
 * undocumented, so we never send one: the config is refused, and the core filters again.
 */

/** An AWS region name as it prefixes a user pool ID: `eu-west-1`, `us-gov-west-1`. */
export const REGION_PATTERN_SOURCE = '[a-z]{2}(?:-[a-z]+)+-\\d';
export const REGION_PATTERN = new RegExp(`^${REGION_PATTERN_SOURCE}$`);
/**
 * A user pool ID: `<region>_<id>` on AWS; emulators use other prefixes (cognito-local:
 * `local_xxxxxxxx`), so the prefix is any word. Group 1 is the prefix.
 */
export const USER_POOL_ID_PATTERN = /^([\w-]+)_[0-9A-Za-z]+$/;
/** A user pool ID as AWS issues it, for matching inside longer names (IdP group names). */
export const AWS_USER_POOL_ID_SOURCE = `${REGION_PATTERN_SOURCE}_[0-9A-Za-z]+`;

/** The region a user pool ID names (`eu-west-1_AbC` → `eu-west-1`), when it names one. */
export function regionOfUserPoolId(userPoolId: string): string | undefined {
  const prefix = USER_POOL_ID_PATTERN.exec(userPoolId)?.[1];
  return prefix !== undefined && REGION_PATTERN.test(prefix) ? prefix : undefined;
}

/** `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` (or `issuer-cognito-idp.`). */
const ISSUER = /^https:\/\/(?:issuer-)?cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([^/]+)$/;

/** The user pool a Cognito issuer URL names, or undefined for another issuer. */
export function userPoolIdOfIssuer(issuer: string): string | undefined {
  const userPoolId = ISSUER.exec(issuer)?.[2];
  return userPoolId !== undefined && USER_POOL_ID_PATTERN.test(userPoolId) ? userPoolId : undefined;
}

/** Cognito's limit on one attribute value, in characters; an IdP token attribute needs all of it. */
export const ATTRIBUTE_MAX_LENGTH = 2048;

/** The scope with which a user may call UpdateUserAttributes on their own attributes. */
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/**
 * Scopes Cognito grants from the app client's own settings: the OpenID Connect ones and the one
 * that lets users write their own attributes. A trigger may suppress them; adding one would widen
 * what a token allows beyond what the app client was set up to issue (the Pre Token Generation
 * page does not say what Cognito does with such an add), so we never add one.
 */
const COGNITO_SCOPES: ReadonlySet<string> = new Set([
  'openid',
  'email',
  'phone',
  'profile',
  ADMIN_SCOPE,
]);

/** Why a scope may not be added by the trigger, or undefined when it may. */
export const scopeAddReason = (scope: string): string | undefined =>
  COGNITO_SCOPES.has(scope)
    ? `"${scope}" is granted by the app client's settings, never added by the trigger (it may be suppressed)`
    : undefined;

/** Pre Token Generation for a machine-to-machine token: no user, access token only (V3). */
export const CLIENT_CREDENTIALS = 'TokenGeneration_ClientCredentials';

/** The trigger sources a Pre Token Generation event carries (cognito-contract.md §1.4). */
export const PRE_TOKEN_TRIGGER_SOURCES = [
  'TokenGeneration_HostedAuth',
  'TokenGeneration_Authentication',
  'TokenGeneration_NewPasswordChallenge',
  'TokenGeneration_AuthenticateDevice',
  'TokenGeneration_RefreshTokens',
  CLIENT_CREDENTIALS,
] as const;

export type TokenKind = 'id' | 'access';

const RESERVED_IN_BOTH = [
  'acr',
  'amr',
  'at_hash',
  'auth_time',
  'azp',
  'event_id',
  'exp',
  'iat',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'sub',
  'token_use',
] as const;

const RESERVED_ID_ONLY = ['aud', 'identities'] as const;
const RESERVED_ACCESS_ONLY = [
  'client_id',
  'device_key',
  'scope',
  'username',
  'version',
  'identities',
] as const;

const reservedId: ReadonlySet<string> = new Set([...RESERVED_IN_BOTH, ...RESERVED_ID_ONLY]);
const reservedAccess: ReadonlySet<string> = new Set([...RESERVED_IN_BOTH, ...RESERVED_ACCESS_ONLY]);

/** Claims that may not be given a complex (object) value in the ID token (PTG docs). */
export const ID_TOKEN_SCALAR_ONLY: ReadonlySet<string> = new Set([
  'phone_number_verified',
  'email_verified',
  'updated_at',
  'address',
]);

/**
 * Whether Cognito keeps a claim name to itself in a token. `aud` may go into the access token
 * only when it equals the client id, which only the request can tell.
 */
export const isReserved = (token: TokenKind, claim: string): boolean =>
  claim.startsWith('cognito:') ||
  claim.startsWith('dev:') ||
  (token === 'id' ? reservedId : reservedAccess).has(claim);

/** Why a claim name may not be added to a token, or undefined when it may. */
export const reservedReason = (token: TokenKind, claim: string): string | undefined => {
  if (claim.startsWith('cognito:')) {
    return 'claims with the "cognito:" prefix belong to Cognito (use "groups" to change cognito:groups)';
  }
  if (claim.startsWith('dev:')) {
    return '"dev:" attributes can only be suppressed, never added or changed';
  }
  if (isReserved(token, claim)) {
    return `"${claim}" is computed by Cognito for the ${token === 'id' ? 'ID' : 'access'} token and cannot be added or changed`;
  }
  return undefined;
};

/** Why a claim may not be suppressed from a token, or undefined when it may. */
export const suppressReason = (token: TokenKind, claim: string): string | undefined => {
  if (claim === 'cognito:groups' || claim.startsWith('dev:')) return undefined;
  if (claim === 'aud') return '"aud" is set by Cognito and cannot be suppressed';
  return reservedReason(token, claim);
};
