/**
 * The codes a `failure` record carries. One list for every trigger, so one Logs Insights query
 * or one alarm covers the whole suite. docs/failure-codes.md explains each one.
 */
export const FailureCode = {
  ATTRIBUTE_MISSING: 'ATTRIBUTE_MISSING',
  TYPE_MISMATCH: 'TYPE_MISMATCH',
  TOKEN_BUDGET_EXCEEDED: 'TOKEN_BUDGET_EXCEEDED',
  RESERVED_CLAIM_DROPPED: 'RESERVED_CLAIM_DROPPED',
  ACCESS_TOKEN_NOT_CUSTOMISED: 'ACCESS_TOKEN_NOT_CUSTOMISED',
  CONFIG_INVALID: 'CONFIG_INVALID',
  EVENT_INVALID: 'EVENT_INVALID',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  IDP_TOKEN_NEAR_LIMIT: 'IDP_TOKEN_NEAR_LIMIT',
  IDP_TOKEN_OVER_LIMIT: 'IDP_TOKEN_OVER_LIMIT',
  IDP_TOKEN_MALFORMED: 'IDP_TOKEN_MALFORMED',
  IDP_TOKEN_STALE: 'IDP_TOKEN_STALE',
  IDP_ATTRIBUTE_MISSING: 'IDP_ATTRIBUTE_MISSING',
  /** A source's read did not answer within its `timeoutMs`: abandoned, its claims absent. */
  SOURCE_TIMEOUT: 'SOURCE_TIMEOUT',
  /** A source could not be read: throttled, access denied, no such table, a bad answer. */
  SOURCE_UNAVAILABLE: 'SOURCE_UNAVAILABLE',
  /** The table has no item for this sign-in's key. */
  SOURCE_ITEM_MISSING: 'SOURCE_ITEM_MISSING',
  /** A value in the item has no claim form (binary, a malformed attribute value). */
  SOURCE_VALUE_INVALID: 'SOURCE_VALUE_INVALID',
} as const;
export type FailureCode = (typeof FailureCode)[keyof typeof FailureCode];

export const FailureLevel = {
  INFO: 'INFO',
  WARN: 'WARN',
  ERROR: 'ERROR',
} as const;
export type FailureLevel = (typeof FailureLevel)[keyof typeof FailureLevel];

/**
 * What the pure code reports. The recorder adds who and where (trigger, pool, client, sub).
 * Never holds an attribute value or a token: only names, codes, lengths and sizes.
 */
export interface Failure {
  readonly code: FailureCode;
  readonly level: FailureLevel;
  readonly message: string;
  readonly claim?: string;
  readonly attribute?: string;
  readonly token?: 'id' | 'access';
  readonly required?: boolean;
  readonly providerName?: string;
  /** The `sources` entry involved, and its table (never a key or an item value). */
  readonly source?: string;
  readonly table?: string;
  /** The IdP's own attribute name (inbound federation), e.g. `id_token` or a SAML attribute. */
  readonly idpAttribute?: string;
  /** What the trigger did about it, when it changed something. */
  readonly action?: 'dropped' | 'truncated';
  /** For IDP_TOKEN_STALE: seconds between the token's `iat` and this sign-in. */
  readonly ageSeconds?: number;
  readonly length?: number;
  readonly limit?: number;
  readonly bytes?: number;
  readonly budget?: number;
  readonly hint?: string;
  readonly path?: string;
  /** For INTERNAL_ERROR: the error's class name and stack frames, never its message. */
  readonly errorName?: string;
  readonly stack?: string;
}
