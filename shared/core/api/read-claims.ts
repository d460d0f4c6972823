/**
 * Typed claims for API handlers, whichever authorizer sits in front of them:
 * - this project's verifying Lambda authorizer (claims as JSON under `claimsJson`),
 * - the HTTP API JWT authorizer (`requestContext.authorizer.jwt.claims`; arrays arrive as one
 *   string such as `"[admin editor]"`),
 * - the REST API Cognito authorizer (`requestContext.authorizer.claims`; every value a string).
 * Values are turned back into the types the claims config declares. Pure: no logging, no env.
 */
import { convertAttribute } from '../claims/convert';
import { inferClaimType } from '../claims/infer-type';
import { ClaimType, GROUPS_SOURCE } from '../claims/types';
import { isRecord } from '../is-record';
import { decodeAuthorizerContext } from './authorizer-context';

export const ClaimsSource = {
  LAMBDA_AUTHORIZER: 'lambda-authorizer',
  HTTP_API_JWT_AUTHORIZER: 'http-api-jwt-authorizer',
  REST_COGNITO_AUTHORIZER: 'rest-cognito-authorizer',
} as const;
export type ClaimsSource = (typeof ClaimsSource)[keyof typeof ClaimsSource];

export interface UnreadableClaim {
  readonly claim: string;
  readonly expected: ClaimType;
  readonly reason: string;
}

export interface ApiClaims {
  readonly source: ClaimsSource;
  /** Claims converted to their declared types; an unreadable claim is left out. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** Claims present but not convertible to their declared type (value never included). */
  readonly unreadable: readonly UnreadableClaim[];
}

/** Types of the claims Cognito itself issues that API code commonly reads. */
export const STANDARD_CLAIM_TYPES: Readonly<Record<string, ClaimType>> = {
  'cognito:groups': 'string[]',
  'cognito:roles': 'string[]',
  amr: 'string[]',
  exp: 'number',
  iat: 'number',
  nbf: 'number',
  auth_time: 'number',
  email_verified: 'boolean',
  phone_number_verified: 'boolean',
};

const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time']);

/**
 * What the claims helper needs of a claims config: each rule's claim name and type. A validated
 * config fits, and so does the `claims.config.json` document itself, imported as JSON.
 */
export interface ApiClaimsConfig {
  readonly claims: readonly {
    readonly claim?: string;
    readonly from?: string;
    readonly type?: string;
    readonly value?: unknown;
  }[];
}

const CLAIM_TYPES: ReadonlySet<string> = new Set(Object.values(ClaimType));

/** Declared type per claim name: the config's claims first, then Cognito's standard ones. */
export function claimTypes(config: ApiClaimsConfig): ReadonlyMap<string, ClaimType> {
  const types = new Map<string, ClaimType>(Object.entries(STANDARD_CLAIM_TYPES));
  for (const rule of config.claims) {
    const name = rule.claim ?? rule.from;
    if (name === undefined) continue;
    // The same defaults the validator fills in: a static value's own type, the user's groups a
    // list, else a string.
    const declared =
      rule.type ??
      (rule.value !== undefined
        ? inferClaimType(rule.value)
        : rule.from === GROUPS_SOURCE
          ? ClaimType.STRING_ARRAY
          : ClaimType.STRING);
    if (CLAIM_TYPES.has(declared)) types.set(name, declared as ClaimType);
  }
  return types;
}

type Converted = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Array text in any of the forms the sources produce: JSON (`["a","b"]`, what a V1 trigger
 * writes), API Gateway's bracketed form (`[a b]`, elements split on whitespace), `[a, b]`,
 * `[a,b]`, or `a,b`. In the bracketed form a comma separates only when a space follows it or
 * the text has no whitespace at all: the JWT authorizer renders `["a,b","c"]` as `[a,b c]`.
 */
export const parseArrayText = (text: string): string[] => {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '[]') return [];
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    try {
      // Only a JSON list of strings is one: `[0E0]` or `[true]` is API Gateway's rendering of
      // ["0E0"] or ["true"], whose text must survive as written.
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed;
    } catch {
      // API Gateway's own form, not JSON.
    }
    const inner = trimmed.slice(1, -1);
    const parts = /\s/.test(inner.trim()) ? inner.split(/,?\s+/) : inner.split(',');
    return parts.map((part) => part.trim()).filter((part) => part !== '');
  }
  return trimmed
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
};

const toType = (name: string, value: unknown, type: ClaimType): Converted => {
  switch (type) {
    case 'string':
      if (typeof value === 'string') return { ok: true, value };
      if (typeof value === 'number' || typeof value === 'boolean') {
        return { ok: true, value: String(value) };
      }
      return { ok: false, reason: 'expected a string' };
    case 'number': {
      if (typeof value === 'number') return { ok: true, value };
      if (typeof value !== 'string') return { ok: false, reason: 'expected a number' };
      const converted = convertAttribute(value, 'number');
      if (converted.ok) return converted;
      // The REST Cognito authorizer renders times as dates: "Tue Apr 04 18:39:39 UTC 2023".
      const millis = TIME_CLAIMS.has(name) ? Date.parse(value) : Number.NaN;
      return Number.isNaN(millis)
        ? { ok: false, reason: converted.reason }
        : { ok: true, value: Math.floor(millis / 1000) };
    }
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (typeof value !== 'string') return { ok: false, reason: 'expected a boolean' };
      return convertAttribute(value, 'boolean');
    case 'string[]':
      if (Array.isArray(value)) return { ok: true, value: value.map(String) };
      if (typeof value !== 'string') return { ok: false, reason: 'expected an array of strings' };
      return { ok: true, value: parseArrayText(value) };
    case 'json':
      if (typeof value !== 'string') return { ok: true, value };
      try {
        return { ok: true, value: JSON.parse(value) };
      } catch {
        // A JWT authorizer passes a string claim as its bare text ("pro", not "\"pro\""); what
        // it did to an object or a list ("map[id:o-1]", "[a b]") cannot be read back.
        const start = value.trimStart();
        if (!(start.startsWith('{') || start.startsWith('[') || start.startsWith('map['))) {
          return { ok: true, value };
        }
        return {
          ok: false,
          reason: 'expected JSON text (the HTTP API JWT authorizer does not keep objects intact)',
        };
      }
  }
};

/** Converts every claim with a declared type; other claims pass through unchanged. */
export const typeClaims = (
  raw: Readonly<Record<string, unknown>>,
  types: ReadonlyMap<string, ClaimType>,
): { claims: Record<string, unknown>; unreadable: UnreadableClaim[] } => {
  const claims: Record<string, unknown> = {};
  const unreadable: UnreadableClaim[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const type = types.get(name);
    if (type === undefined) {
      claims[name] = value;
      continue;
    }
    const converted = toType(name, value, type);
    if (converted.ok) claims[name] = converted.value;
    else unreadable.push({ claim: name, expected: type, reason: converted.reason });
  }
  return { claims, unreadable };
};

/** Where the claims sit in an API Gateway proxy event (payload 1.0 or 2.0), and who put them. */
export const findRawClaims = (
  event: unknown,
): { source: ClaimsSource; claims: Record<string, unknown> } | undefined => {
  if (!isRecord(event) || !isRecord(event.requestContext)) return undefined;
  const authorizer = event.requestContext.authorizer;
  if (!isRecord(authorizer)) return undefined;
  // Ours first: a local emulator may add unverified JWT claims next to the Lambda context.
  const ours = decodeAuthorizerContext(authorizer.lambda) ?? decodeAuthorizerContext(authorizer);
  if (ours) return { source: ClaimsSource.LAMBDA_AUTHORIZER, claims: ours };
  if (isRecord(authorizer.jwt) && isRecord(authorizer.jwt.claims)) {
    return { source: ClaimsSource.HTTP_API_JWT_AUTHORIZER, claims: authorizer.jwt.claims };
  }
  if (isRecord(authorizer.claims)) {
    return { source: ClaimsSource.REST_COGNITO_AUTHORIZER, claims: authorizer.claims };
  }
  return undefined;
};

/**
 * The claims an API Gateway authorizer passed to this handler, with their declared types, or
 * undefined when the request carries none (no authorizer, or an unknown one).
 */
export const readApiClaims = (event: unknown, config: ApiClaimsConfig): ApiClaims | undefined => {
  const found = findRawClaims(event);
  if (!found) return undefined;
  const { claims, unreadable } = typeClaims(found.claims, claimTypes(config));
  return { source: found.source, claims, unreadable };
};
