/**
 * The claims core: config + token request in, Cognito response + failures out.
 * Pure and deterministic: no logging, no environment, no clock, no AWS.
 */

import {
  AWS_USER_POOL_ID_SOURCE,
  CLIENT_CREDENTIALS,
  isReserved,
  type TokenKind,
} from '../cognito';
import { type Failure, FailureCode, FailureLevel } from '../failure-codes';
import { parseIdentities } from '../idp/identities';
import { convertAttribute, convertValue, toV1String, Unconvertible } from './convert';
import type {
  ClaimRule,
  ClaimsConfig,
  ClaimValue,
  GroupOverrideDetails,
  TokenRequest,
  V1Response,
  V2Response,
} from './types';

export interface BuildResult {
  readonly response: V1Response | V2Response;
  readonly failures: readonly Failure[];
  /** The first `required` claim that could not be produced: the sign-in must be denied. */
  readonly deniedClaim?: string;
}

/** UTF-8 bytes of the JSON text of a value (what has none, such as undefined, is null). */
const jsonBytes = (value: unknown): number =>
  Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');

/**
 * No fewer than the UTF-8 bytes of a value's JSON text, without reading its characters: a
 * UTF-16 unit is 6 bytes at most (an escape such as \u001f), and no JSON number is longer
 * than 24 characters.
 */
const jsonBytesAtMost = (value: unknown): number => {
  if (typeof value === 'string') return 6 * value.length + 2;
  if (typeof value === 'number') return 24;
  if (typeof value === 'boolean' || value === null) return 5;
  if (Array.isArray(value)) {
    // "[" and "]", and a comma between two items.
    let bytes = value.length > 0 ? value.length + 1 : 2;
    for (const item of value) bytes += jsonBytesAtMost(item);
    return bytes;
  }
  if (typeof value === 'object') {
    // "{", "}", and per member its name, a colon and a comma.
    let bytes = 2;
    for (const name in value) {
      bytes += 6 * name.length + 4 + jsonBytesAtMost((value as Record<string, unknown>)[name]);
    }
    return bytes;
  }
  return jsonBytes(value);
};

/** Serialised size of a claims object, the quantity the per-token budget bounds. */
export const claimsBytes = (claims: Readonly<Record<string, unknown>>): number => jsonBytes(claims);

/**
 * What the rules of one config always give, worked out once per config, not per sign-in. Every
 * plan has the same fields in the same order (config rules differ in which optional fields they
 * have), so the per-sign-in loop reads them at one shape's speed.
 */
interface RulePlan {
  readonly rule: ClaimRule;
  readonly claim: string;
  readonly attribute: string;
  readonly value: ClaimValue | undefined;
  readonly fallback: ClaimValue | undefined;
  readonly type: ClaimRule['type'];
  readonly required: boolean;
  /** The rule's tokens, in its order; a copy reads faster than the frozen config's array. */
  readonly tokens: readonly TokenKind[];
  /** Those a V1 event can take (ID only), and a client-credentials one (access only). */
  readonly v1Tokens: readonly TokenKind[];
  readonly m2mTokens: readonly TokenKind[];
  readonly access: boolean;
  readonly clients: ReadonlySet<string> | undefined;
  /** Bytes of `"claim":`, the part of a token entry that does not depend on the value. */
  readonly nameBytes: number;
  /** Whether Cognito reserves the claim in each token, whatever its value. */
  readonly idBlocked: boolean;
  readonly accessBlocked: boolean;
}

const plans = new WeakMap<ClaimsConfig, readonly RulePlan[]>();

const planOf = (config: ClaimsConfig): readonly RulePlan[] => {
  let plan = plans.get(config);
  if (plan === undefined) {
    plan = config.claims.map((rule) => ({
      rule,
      claim: rule.claim,
      attribute: rule.from ?? rule.claim,
      value: rule.value,
      fallback: rule.default,
      type: rule.type,
      required: rule.required,
      tokens: [...rule.tokens],
      v1Tokens: rule.tokens.filter((token) => token === 'id'),
      m2mTokens: rule.tokens.filter((token) => token === 'access'),
      access: rule.tokens.includes('access'),
      clients: rule.clients ? new Set(rule.clients) : undefined,
      nameBytes: jsonBytes(rule.claim) + 1,
      idBlocked: isReserved('id', rule.claim),
      accessBlocked: isReserved('access', rule.claim),
    }));
    plans.set(config, plan);
  }
  return plan;
};

interface Candidate {
  readonly plan: RulePlan;
  readonly token: TokenKind;
  readonly value: ClaimValue;
}

/** An attribute the user has. Only a string counts: "constructor" is not Object's function. */
const attributeOf = (request: TokenRequest, name: string): string | undefined => {
  const value: unknown = request.userAttributes[name];
  return typeof value === 'string' ? value : undefined;
};

/** Sets a claim as an own property, "__proto__" included. */
const setClaim = (claims: Record<string, ClaimValue>, claim: string, value: ClaimValue): void => {
  if (claim === '__proto__') {
    Object.defineProperty(claims, claim, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    claims[claim] = value;
  }
};

/** V1 events customise the ID token only: an access-token rule is skipped, loudly. */
const accessTokenSkipped = (rule: ClaimRule): Failure => ({
  code: FailureCode.ACCESS_TOKEN_NOT_CUSTOMISED,
  level: rule.required ? FailureLevel.ERROR : FailureLevel.WARN,
  message: `event version 1 customises the ID token only: claim "${rule.claim}" not added to the access token; set the trigger's LambdaVersion to V2_0 (Essentials or Plus plan)`,
  claim: rule.claim,
  ...(rule.from !== undefined ? { attribute: rule.from } : {}),
  token: 'access',
  required: rule.required,
});

const isEmpty = (value: ClaimValue): boolean =>
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

/** The claim's value; undefined when there is none, after `fail` has been told why if it matters. */
const resolveValue = (
  plan: RulePlan,
  request: TokenRequest,
  m2m: boolean,
  fail: (failure: Failure) => void,
): ClaimValue | undefined => {
  const { claim, attribute, required, type } = plan;
  if (plan.value !== undefined) return plan.value;
  // Client-credentials tokens have no user: attribute mappings simply do not apply.
  if (m2m) return undefined;
  const raw = attributeOf(request, attribute);
  if (raw === undefined && plan.fallback !== undefined) return plan.fallback;
  // Most claims are strings, which need no conversion.
  let value: ClaimValue | undefined = raw;
  let problem = 'is absent';
  if (raw !== undefined && type !== 'string') {
    const converted = convertValue(raw, type);
    if (converted instanceof Unconvertible) {
      value = undefined;
      problem = `does not convert to ${type} (${converted.reason})`;
    } else value = converted;
  }
  // A required claim that is present but empty would satisfy nothing downstream.
  if (value !== undefined && !(required && isEmpty(value))) return value;
  if (value !== undefined) problem = 'is empty';
  const mismatch = raw !== undefined && value === undefined;
  fail({
    code: mismatch ? FailureCode.TYPE_MISMATCH : FailureCode.ATTRIBUTE_MISSING,
    level: required ? FailureLevel.ERROR : mismatch ? FailureLevel.WARN : FailureLevel.INFO,
    message: `user attribute "${attribute}" ${problem}; claim "${claim}" ${required ? 'is required: sign-in denied' : 'left out'}`,
    claim,
    attribute,
    required,
    ...(raw !== undefined ? { length: raw.length } : {}),
  });
  return undefined;
};

/** Why this value may not go into this token at run time, if anything. */
const runtimeGuard = (
  plan: RulePlan,
  token: TokenKind,
  value: ClaimValue,
  clientId: string | undefined,
): string | undefined => {
  if (token === 'access' && plan.claim === 'aud') {
    return value === clientId ? undefined : '"aud" may only be set to the current app client id';
  }
  // The config validator refuses these with the reason; this is the last line of defence.
  return (token === 'id' ? plan.idBlocked : plan.accessBlocked) ? 'Cognito reserves it' : undefined;
};

/** The IdPs of a federated user, read by the one `identities` reader every trigger uses. */
const providerNames = (identities: string | undefined): string[] => {
  if (!identities) return [];
  const parsed = parseIdentities(identities);
  return parsed.ok ? parsed.identities.flatMap((identity) => identity.providerName ?? []) : [];
};

const buildGroups = (
  config: ClaimsConfig,
  request: TokenRequest,
  failures: Failure[],
): GroupOverrideDetails | undefined => {
  const rule = config.groups;
  if (!rule) return undefined;
  const raw = attributeOf(request, rule.from);
  const claim = 'cognito:groups';
  if (raw === undefined) {
    failures.push({
      code: FailureCode.ATTRIBUTE_MISSING,
      level: FailureLevel.INFO,
      message: `user attribute "${rule.from}" is absent; groups left as Cognito has them`,
      claim,
      attribute: rule.from,
    });
    return undefined;
  }
  const converted = convertAttribute(raw, 'string[]');
  if (!converted.ok || !Array.isArray(converted.value)) {
    failures.push({
      code: FailureCode.TYPE_MISMATCH,
      level: FailureLevel.WARN,
      message: `user attribute "${rule.from}" is not a list of groups; groups left as Cognito has them`,
      claim,
      attribute: rule.from,
      length: raw.length,
    });
    return undefined;
  }
  const fromAttribute = converted.value.map(String);
  const current = request.groupConfiguration?.groupsToOverride ?? [];
  const providerGroups = new Set(
    providerNames(attributeOf(request, 'identities')).map((provider) =>
      providerGroupName(request.userPoolId, provider),
    ),
  );
  const isProviderGroup = (group: string) =>
    [...providerGroups].some((name) =>
      typeof name === 'string' ? group === name : name.test(group),
    );
  const kept = rule.dropProviderGroups
    ? current.filter((group) => !isProviderGroup(group))
    : current;
  const groups = [...new Set(rule.mode === 'merge' ? [...kept, ...fromAttribute] : fromAttribute)];
  // The request's IAM roles belong to its groups: once one of those groups is gone, its role
  // must not stay behind (an identity pool could still hand it out).
  const removedSome = current.some((group) => !groups.includes(group));
  return {
    groupsToOverride: groups,
    iamRolesToOverride: removedSome
      ? []
      : [...(request.groupConfiguration?.iamRolesToOverride ?? [])],
    preferredRole: removedSome ? null : (request.groupConfiguration?.preferredRole ?? null),
  };
};

/**
 * The group Cognito creates for an IdP's users: `<userPoolId>_<providerName>`. Matched exactly
 * when the pool id is known, else by the pool-id shape, so a group merely ending in
 * `_<provider>` is never dropped.
 */
const providerGroupName = (userPoolId: string | undefined, provider: string): string | RegExp =>
  userPoolId
    ? `${userPoolId}_${provider}`
    : new RegExp(`^${AWS_USER_POOL_ID_SOURCE}_${provider.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/**
 * Builds the Pre Token Generation response for one request.
 * V1 (and the emulators' "0") answer `claimsOverrideDetails` for the ID token, strings only;
 * V2/V3 answer `claimsAndScopeOverrideDetails` for both tokens. `groupOverrideDetails` appears
 * only when the config has a `groups` rule, because an empty one would wipe the user's groups.
 */
export const buildResponse = (config: ClaimsConfig, request: TokenRequest): BuildResult => {
  const v1 = request.version === '0' || request.version === '1';
  const m2m = request.triggerSource === CLIENT_CREDENTIALS;
  const failures: Failure[] = [];
  let deniedClaim: string | undefined;
  const deny = (failure: Failure) => {
    failures.push(failure);
    if (failure.required && deniedClaim === undefined) deniedClaim = failure.claim;
  };

  let idClaims: Record<string, ClaimValue> = {};
  let accessClaims: Record<string, ClaimValue> = {};
  let idAtMost = 2;
  let accessAtMost = 2;
  /**
   * One pass over the rules. Without `candidates` it writes the claims straight into the tokens
   * and adds up a cheap upper bound of each token's bytes; with it, it lists them for the exact
   * accounting below instead.
   */
  const collect = (candidates?: Candidate[]) => {
    for (const rulePlan of planOf(config)) {
      if (rulePlan.clients && !(request.clientId && rulePlan.clients.has(request.clientId))) {
        continue;
      }
      if (v1 && rulePlan.access) failures.push(accessTokenSkipped(rulePlan.rule));
      // V1 customises the ID token only; client credentials issue an access token only.
      const targets = v1 ? rulePlan.v1Tokens : m2m ? rulePlan.m2mTokens : rulePlan.tokens;
      if (targets.length === 0) continue;
      const resolved = resolveValue(rulePlan, request, m2m, deny);
      if (resolved === undefined) continue;
      const value = v1 ? toV1String(resolved) : resolved;
      let atMost = -1;
      for (const token of targets) {
        const guard = runtimeGuard(rulePlan, token, value, request.clientId);
        if (guard) {
          failures.push({
            code: FailureCode.RESERVED_CLAIM_DROPPED,
            level: FailureLevel.WARN,
            message: `claim "${rulePlan.claim}" not written to the ${token} token: ${guard}`,
            claim: rulePlan.claim,
            token,
          });
        } else if (candidates) {
          candidates.push({ plan: rulePlan, token, value });
        } else {
          if (atMost < 0) atMost = rulePlan.nameBytes + jsonBytesAtMost(value) + 1;
          if (token === 'id') {
            idAtMost += atMost;
            setClaim(idClaims, rulePlan.claim, value);
          } else {
            accessAtMost += atMost;
            setClaim(accessClaims, rulePlan.claim, value);
          }
        }
      }
    }
  };
  collect();

  // Nearly always every claim fits, and the upper bound shows it. Otherwise the pass runs again
  // and claims are admitted one by one by their exact size, required ones first, so an optional
  // claim listed earlier can never be the reason a sign-in is refused; the tokens still list
  // claims in config order.
  if (idAtMost > config.budget.id || accessAtMost > config.budget.access) {
    failures.length = 0;
    deniedClaim = undefined;
    const candidates: Candidate[] = [];
    collect(candidates);
    const used = { id: 2, access: 2 }; // "{}"
    const accepted = new Set<Candidate>();
    for (const required of [true, false]) {
      for (const candidate of candidates) {
        const { plan, token, value } = candidate;
        if (plan.required !== required) continue;
        const bytes = plan.nameBytes + jsonBytes(value);
        // Every entry after the first brings a comma.
        const size = bytes + (used[token] > 2 ? 1 : 0);
        if (used[token] + size <= config.budget[token]) {
          used[token] += size;
          accepted.add(candidate);
          continue;
        }
        deny({
          code: FailureCode.TOKEN_BUDGET_EXCEEDED,
          level: required ? FailureLevel.ERROR : FailureLevel.WARN,
          message: `claim "${plan.claim}" does not fit the ${token} token budget (${used[token]} of ${config.budget[token]} bytes used); left out`,
          claim: plan.claim,
          ...(plan.rule.from !== undefined ? { attribute: plan.rule.from } : {}),
          token,
          required,
          bytes,
          budget: config.budget[token],
        });
      }
    }
    idClaims = {};
    accessClaims = {};
    for (const candidate of candidates) {
      if (!accepted.has(candidate)) continue;
      const { plan, token, value } = candidate;
      setClaim(token === 'id' ? idClaims : accessClaims, plan.claim, value);
    }
  }
  if (
    v1 &&
    (config.scopes.add.length > 0 ||
      config.scopes.suppress.length > 0 ||
      config.suppress.access.length > 0)
  ) {
    failures.push({
      code: FailureCode.ACCESS_TOKEN_NOT_CUSTOMISED,
      level: FailureLevel.WARN,
      message: `event version ${request.version} customises the ID token only: scopes and access-token suppressions not applied; set the trigger's LambdaVersion to V2_0`,
      token: 'access',
    });
  }

  const groupOverride = m2m ? undefined : buildGroups(config, request, failures);
  // Built by assignment, not spreads: this runs on every sign-in and token refresh.
  let response: V1Response | V2Response;
  if (v1) {
    const details: V1Response['claimsOverrideDetails'] = {
      claimsToAddOrOverride: idClaims as Record<string, string>,
      claimsToSuppress: config.suppress.id,
    };
    if (groupOverride) details.groupOverrideDetails = groupOverride;
    response = { claimsOverrideDetails: details };
  } else {
    const accessTokenGeneration = {
      claimsToAddOrOverride: accessClaims,
      claimsToSuppress: config.suppress.access,
      scopesToAdd: config.scopes.add,
      scopesToSuppress: config.scopes.suppress,
    };
    const details: V2Response['claimsAndScopeOverrideDetails'] = m2m
      ? { accessTokenGeneration }
      : {
          idTokenGeneration: {
            claimsToAddOrOverride: idClaims,
            claimsToSuppress: config.suppress.id,
          },
          accessTokenGeneration,
        };
    if (groupOverride) details.groupOverrideDetails = groupOverride;
    response = { claimsAndScopeOverrideDetails: details };
  }
  return deniedClaim === undefined ? { response, failures } : { response, failures, deniedClaim };
};
