/**
 * The claims core: config + token request in, Cognito response + failures out.
 * Pure and deterministic: no logging, no environment, no clock, no AWS.
 */
import { type Failure, FailureCode, FailureLevel } from '../failure-codes';
import { convertAttribute, toV1String } from './convert';
import { reservedReason, type TokenKind } from './reserved';
import type {
  ClaimRule,
  ClaimsConfig,
  ClaimValue,
  GroupOverrideDetails,
  TokenRequest,
  V1Response,
  V2Response,
} from './types';

export const CLIENT_CREDENTIALS = 'TokenGeneration_ClientCredentials';

export interface BuildResult {
  readonly response: V1Response | V2Response;
  readonly failures: readonly Failure[];
  /** The first `required` claim that could not be produced: the sign-in must be denied. */
  readonly deniedClaim?: string;
}

const ASCII = /^[\x00-\x7f]*$/;
/** Printable ASCII but `"` and `\\`: such a string is its JSON text, in quotes. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** UTF-8 bytes of the JSON text of a value, without serialising the common ones. */
const jsonBytes = (value: unknown): number => {
  if (typeof value === 'string' && PLAIN.test(value)) return value.length + 2;
  if (typeof value === 'boolean') return value ? 4 : 5;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value).length;
  if (Array.isArray(value)) {
    // "[" and "]", a comma between items, and each item.
    let bytes = value.length > 0 ? value.length + 1 : 2;
    for (const item of value) bytes += jsonBytes(item);
    return bytes;
  }
  const json = JSON.stringify(value);
  return ASCII.test(json) ? json.length : Buffer.byteLength(json, 'utf8');
};

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
    let bytes = value.length + 1;
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

/** What the rules of one config always give, worked out once per config, not per sign-in. */
interface RulePlan {
  readonly rule: ClaimRule;
  readonly attribute: string;
  /** The rule's tokens, in its order; a copy reads faster than the frozen config's array. */
  readonly tokens: readonly TokenKind[];
  readonly id: boolean;
  readonly access: boolean;
  readonly clients?: ReadonlySet<string>;
  /** Bytes of `"claim":`, the part of a token entry that does not depend on the value. */
  readonly nameBytes: number;
  /** Why the claim may not go into each token, whatever its value (reservedReason). */
  readonly idBlocked: string | undefined;
  readonly accessBlocked: string | undefined;
}

interface Plan {
  readonly rules: readonly RulePlan[];
  /** Two rules may write one claim to one token (for different clients): count entries. */
  readonly overlapping: boolean;
}

const plans = new WeakMap<ClaimsConfig, Plan>();

const planOf = (config: ClaimsConfig): Plan => {
  let plan = plans.get(config);
  if (plan === undefined) {
    const seen = new Set<string>();
    let overlapping = false;
    const rules = config.claims.map((rule) => {
      for (const token of rule.tokens) {
        overlapping ||= seen.has(`${token} ${rule.claim}`);
        seen.add(`${token} ${rule.claim}`);
      }
      return {
        rule,
        attribute: rule.from ?? rule.claim,
        tokens: [...rule.tokens],
        id: rule.tokens.includes('id'),
        access: rule.tokens.includes('access'),
        ...(rule.clients ? { clients: new Set(rule.clients) } : {}),
        nameBytes: jsonBytes(rule.claim) + 1,
        idBlocked: reservedReason('id', rule.claim),
        accessBlocked: reservedReason('access', rule.claim),
      };
    });
    plan = { rules, overlapping };
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

/** Byte accounting for one token's added claims against its budget. */
class TokenBudget {
  private bytes = 2; // "{}"
  private count = 0;

  constructor(readonly budget: number) {}

  /** Takes room for an entry of `entry` bytes when it fits; returns false when it does not. */
  take(entry: number): boolean {
    const size = entry + (this.count > 0 ? 1 : 0);
    if (this.bytes + size > this.budget) return false;
    this.bytes += size;
    this.count += 1;
    return true;
  }

  get used(): number {
    return this.bytes;
  }
}

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
  const { rule, attribute } = plan;
  if (rule.value !== undefined) return rule.value;
  // Client-credentials tokens have no user: attribute mappings simply do not apply.
  if (m2m) return undefined;
  const raw = attributeOf(request, attribute);
  const outcome = rule.required ? 'is required: sign-in denied' : 'left out';
  if (raw === undefined) {
    if (rule.default !== undefined) return rule.default;
    fail({
      code: FailureCode.ATTRIBUTE_MISSING,
      level: rule.required ? FailureLevel.ERROR : FailureLevel.INFO,
      message: `user attribute "${attribute}" is absent; claim "${rule.claim}" ${outcome}`,
      claim: rule.claim,
      attribute,
      required: rule.required,
    });
    return undefined;
  }
  const converted = convertAttribute(raw, rule.type);
  if (!converted.ok) {
    fail({
      code: FailureCode.TYPE_MISMATCH,
      level: rule.required ? FailureLevel.ERROR : FailureLevel.WARN,
      message: `user attribute "${attribute}" does not convert to ${rule.type} (${converted.reason}); claim "${rule.claim}" ${outcome}`,
      claim: rule.claim,
      attribute,
      required: rule.required,
      length: raw.length,
    });
    return undefined;
  }
  if (rule.required && isEmpty(converted.value)) {
    // A required claim that is present but empty would satisfy nothing downstream.
    fail({
      code: FailureCode.ATTRIBUTE_MISSING,
      level: FailureLevel.ERROR,
      message: `user attribute "${attribute}" is empty; claim "${rule.claim}" ${outcome}`,
      claim: rule.claim,
      attribute,
      required: true,
      length: raw.length,
    });
    return undefined;
  }
  return converted.value;
};

/** Why this value may not go into this token at run time, if anything. */
const runtimeGuard = (
  plan: RulePlan,
  token: TokenKind,
  value: ClaimValue,
  clientId: string | undefined,
): string | undefined => {
  if (token === 'access' && plan.rule.claim === 'aud') {
    return value === clientId ? undefined : '"aud" may only be set to the current app client id';
  }
  return token === 'id' ? plan.idBlocked : plan.accessBlocked;
};

const providerNames = (identities: string | undefined): string[] => {
  if (!identities) return [];
  try {
    const parsed: unknown = JSON.parse(identities);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((identity: unknown) => {
      const name = (identity as { providerName?: unknown } | null)?.providerName;
      return typeof name === 'string' ? [name] : [];
    });
  } catch {
    return [];
  }
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
    : new RegExp(
        `^[a-z]{2}(-[a-z]+)+-\\d_[0-9A-Za-z]+_${provider.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
      );

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

  const plan = planOf(config);
  const candidates: Candidate[] = [];
  let idAtMost = 2;
  let accessAtMost = 2;
  for (const rulePlan of plan.rules) {
    const { rule } = rulePlan;
    if (rulePlan.clients && !(request.clientId && rulePlan.clients.has(request.clientId))) continue;
    // V1 customises the ID token only; client credentials issue an access token only.
    const toId = (v1 || !m2m) && rulePlan.id;
    const toAccess = !v1 && rulePlan.access;
    if (v1 && rulePlan.access) failures.push(accessTokenSkipped(rule));
    if (!toId && !toAccess) continue;
    const resolved = resolveValue(rulePlan, request, m2m, deny);
    if (resolved === undefined) continue;
    const value = v1 ? toV1String(resolved) : resolved;
    let atMost = -1;
    for (const token of rulePlan.tokens) {
      if (token === 'id' ? !toId : !toAccess) continue;
      const guard = runtimeGuard(rulePlan, token, value, request.clientId);
      if (guard) {
        failures.push({
          code: FailureCode.RESERVED_CLAIM_DROPPED,
          level: FailureLevel.WARN,
          message: `claim "${rule.claim}" not written to the ${token} token: ${guard}`,
          claim: rule.claim,
          token,
        });
        continue;
      }
      if (atMost < 0) atMost = rulePlan.nameBytes + jsonBytesAtMost(value) + 1;
      if (token === 'id') idAtMost += atMost;
      else accessAtMost += atMost;
      candidates.push({ plan: rulePlan, token, value });
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

  let idClaims: Record<string, ClaimValue> = {};
  let accessClaims: Record<string, ClaimValue> = {};
  for (const { plan: rulePlan, token, value } of candidates) {
    setClaim(token === 'id' ? idClaims : accessClaims, rulePlan.rule.claim, value);
  }
  // Nearly always every claim fits, and a cheap upper bound on each token's bytes shows it.
  // Otherwise claims are admitted one by one by their exact size, required ones first, so an
  // optional claim listed earlier can never be the reason a sign-in is refused; the tokens
  // still list claims in config order.
  if (plan.overlapping || idAtMost > config.budget.id || accessAtMost > config.budget.access) {
    const budgets = {
      id: new TokenBudget(config.budget.id),
      access: new TokenBudget(config.budget.access),
    };
    const accepted = new Set<Candidate>();
    for (const required of [true, false]) {
      for (const candidate of candidates) {
        const { plan: rulePlan, token, value } = candidate;
        const { rule } = rulePlan;
        if (rule.required !== required) continue;
        const budget = budgets[token];
        const bytes = rulePlan.nameBytes + jsonBytes(value);
        if (budget.take(bytes)) {
          accepted.add(candidate);
          continue;
        }
        deny({
          code: FailureCode.TOKEN_BUDGET_EXCEEDED,
          level: rule.required ? FailureLevel.ERROR : FailureLevel.WARN,
          message: `claim "${rule.claim}" does not fit the ${token} token budget (${budget.used} of ${budget.budget} bytes used); left out`,
          claim: rule.claim,
          ...(rule.from !== undefined ? { attribute: rule.from } : {}),
          token,
          required: rule.required,
          bytes,
          budget: budget.budget,
        });
      }
    }
    idClaims = {};
    accessClaims = {};
    for (const candidate of candidates) {
      if (!accepted.has(candidate)) continue;
      const { plan: rulePlan, token, value } = candidate;
      setClaim(token === 'id' ? idClaims : accessClaims, rulePlan.rule.claim, value);
    }
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
