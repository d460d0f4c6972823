/**
 * Claims Cognito computes itself. A Pre Token Generation response may not add, change or
 * suppress them (cognito-contract.md §2.1). Whether Cognito rejects or silently drops them is
 * undocumented, so we never send one: the config is refused, and the core filters again.
 */

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
