/**
 * Why the authorizer denied a request: the code it logs and counts, one per cause. Every code is
 * explained in docs/authorizer.md ("Reason codes").
 */
export const DenyReason = {
  // The request itself, before any token is looked at.
  EVENT_INVALID: 'EVENT_INVALID',
  AUTHORIZER_MISCONFIGURED: 'AUTHORIZER_MISCONFIGURED',
  TOKEN_MISSING: 'TOKEN_MISSING',
  // The token: answered 401 in policy mode.
  TOKEN_MALFORMED: 'TOKEN_MALFORMED',
  SIGNATURE_INVALID: 'SIGNATURE_INVALID',
  ALGORITHM_NOT_ALLOWED: 'ALGORITHM_NOT_ALLOWED',
  KEY_UNKNOWN: 'KEY_UNKNOWN',
  JWKS_UNAVAILABLE: 'JWKS_UNAVAILABLE',
  ISSUER_INVALID: 'ISSUER_INVALID',
  TOKEN_USE_INVALID: 'TOKEN_USE_INVALID',
  CLIENT_INVALID: 'CLIENT_INVALID',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  EXPIRY_MISSING: 'EXPIRY_MISSING',
  TOKEN_NOT_YET_VALID: 'TOKEN_NOT_YET_VALID',
  TOKEN_ISSUED_IN_FUTURE: 'TOKEN_ISSUED_IN_FUTURE',
  TOKEN_INVALID: 'TOKEN_INVALID',
  // The route, for a verified token: answered 403.
  ROUTE_NOT_CONFIGURED: 'ROUTE_NOT_CONFIGURED',
  ROUTE_AMBIGUOUS: 'ROUTE_AMBIGUOUS',
  CLAIM_MISSING: 'CLAIM_MISSING',
  CLAIM_VALUE_MISSING: 'CLAIM_VALUE_MISSING',
  SCOPE_MISSING: 'SCOPE_MISSING',
  GROUP_MISSING: 'GROUP_MISSING',
  // A bug: the authorizer caught its own error and denied.
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;
export type DenyReason = (typeof DenyReason)[keyof typeof DenyReason];
