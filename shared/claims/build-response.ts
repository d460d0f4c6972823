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

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Bytes one more `"name":value` entry adds to a JSON object already holding `count` entries. */
const entryBytes = (claim: string, value: ClaimValue, count: number): number =>
  byteLength(JSON.stringify(claim)) + 1 + byteLength(JSON.stringify(value)) + (count > 0 ? 1 : 0);

/** Serialised size of a claims object, the quantity the per-token budget bounds. */
export const claimsBytes = (claims: Readonly<Record<string, unknown>>): number =>
  byteLength(JSON.stringify(claims));

interface Candidate {
  readonly rule: ClaimRule;
  readonly token: TokenKind;
  readonly value: ClaimValue;
}

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

  /** Takes room for the claim when it fits; returns false when it does not. */
  take(claim: string, value: ClaimValue): boolean {
    const size = entryBytes(claim, value, this.count);
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

type Resolution =
  | { readonly kind: 'value'; readonly value: ClaimValue }
  | { readonly kind: 'skip' }
  | { readonly kind: 'failed'; readonly failure: Failure };

const resolveValue = (rule: ClaimRule, request: TokenRequest, m2m: boolean): Resolution => {
  if (rule.value !== undefined) return { kind: 'value', value: rule.value };
  const attribute = rule.from ?? rule.claim;
  // Client-credentials tokens have no user: attribute mappings simply do not apply.
  if (m2m) return { kind: 'skip' };
  const raw = request.userAttributes[attribute];
  if (raw === undefined) {
    if (rule.default !== undefined) return { kind: 'value', value: rule.default };
    return {
      kind: 'failed',
      failure: {
        code: FailureCode.ATTRIBUTE_MISSING,
        level: rule.required ? FailureLevel.ERROR : FailureLevel.INFO,
        message: `user attribute "${attribute}" is absent; claim "${rule.claim}" ${rule.required ? 'is required: sign-in denied' : 'left out'}`,
        claim: rule.claim,
        attribute,
        required: rule.required,
      },
    };
  }
  const converted = convertAttribute(raw, rule.type);
  if (converted.ok && rule.required && isEmpty(converted.value)) {
    // A required claim that is present but empty would satisfy nothing downstream.
    return {
      kind: 'failed',
      failure: {
        code: FailureCode.ATTRIBUTE_MISSING,
        level: FailureLevel.ERROR,
        message: `user attribute "${attribute}" is empty; claim "${rule.claim}" is required: sign-in denied`,
        claim: rule.claim,
        attribute,
        required: true,
        length: raw.length,
      },
    };
  }
  if (converted.ok) return { kind: 'value', value: converted.value };
  return {
    kind: 'failed',
    failure: {
      code: FailureCode.TYPE_MISMATCH,
      level: rule.required ? FailureLevel.ERROR : FailureLevel.WARN,
      message: `user attribute "${attribute}" does not convert to ${rule.type} (${converted.reason}); claim "${rule.claim}" ${rule.required ? 'is required: sign-in denied' : 'left out'}`,
      claim: rule.claim,
      attribute,
      required: rule.required,
      length: raw.length,
    },
  };
};

/** Why this value may not go into this token at run time, if anything. */
const runtimeGuard = (
  token: TokenKind,
  claim: string,
  value: ClaimValue,
  clientId: string | undefined,
): string | undefined => {
  if (token === 'access' && claim === 'aud') {
    return value === clientId ? undefined : '"aud" may only be set to the current app client id';
  }
  return reservedReason(token, claim);
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
  const raw = request.userAttributes[rule.from];
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
    providerNames(request.userAttributes.identities).map((provider) =>
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
  const active: readonly TokenKind[] = v1 ? ['id'] : m2m ? ['access'] : ['id', 'access'];
  const failures: Failure[] = [];
  let deniedClaim: string | undefined;
  const deny = (failure: Failure) => {
    failures.push(failure);
    if (failure.required && deniedClaim === undefined) deniedClaim = failure.claim;
  };

  const candidates: Candidate[] = [];
  for (const rule of config.claims) {
    if (rule.clients && !(request.clientId && rule.clients.includes(request.clientId))) continue;
    if (v1 && rule.tokens.includes('access')) failures.push(accessTokenSkipped(rule));
    const targets = rule.tokens.filter((token) => active.includes(token));
    if (targets.length === 0) continue;
    const resolved = resolveValue(rule, request, m2m);
    if (resolved.kind === 'skip') continue;
    if (resolved.kind === 'failed') {
      deny(resolved.failure);
      continue;
    }
    for (const token of targets) {
      const value = v1 ? toV1String(resolved.value) : resolved.value;
      const guard = runtimeGuard(token, rule.claim, value, request.clientId);
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
      candidates.push({ rule, token, value });
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

  // Required claims take their room first, so an optional claim listed earlier can never be
  // the reason a sign-in is refused; the tokens still list claims in config order.
  const budgets = {
    id: new TokenBudget(config.budget.id),
    access: new TokenBudget(config.budget.access),
  };
  const accepted = new Set<Candidate>();
  for (const required of [true, false]) {
    for (const candidate of candidates) {
      if (candidate.rule.required !== required) continue;
      const { rule, token, value } = candidate;
      const budget = budgets[token];
      if (budget.take(rule.claim, value)) {
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
        bytes: entryBytes(rule.claim, value, 1) - 1,
        budget: budget.budget,
      });
    }
  }
  const claimsFor = (token: TokenKind): Record<string, ClaimValue> =>
    Object.fromEntries(
      candidates
        .filter((candidate) => candidate.token === token && accepted.has(candidate))
        .map(({ rule, value }) => [rule.claim, value]),
    );
  const idClaims = claimsFor('id');

  const groupOverride = m2m ? undefined : buildGroups(config, request, failures);
  const groupPart = groupOverride ? { groupOverrideDetails: groupOverride } : {};
  const result = (response: V1Response | V2Response): BuildResult => ({
    response,
    failures,
    ...(deniedClaim !== undefined ? { deniedClaim } : {}),
  });

  if (v1) {
    return result({
      claimsOverrideDetails: {
        claimsToAddOrOverride: idClaims as Record<string, string>,
        claimsToSuppress: [...config.suppress.id],
        ...groupPart,
      },
    });
  }
  return result({
    claimsAndScopeOverrideDetails: {
      ...(m2m
        ? {}
        : {
            idTokenGeneration: {
              claimsToAddOrOverride: idClaims,
              claimsToSuppress: [...config.suppress.id],
            },
          }),
      accessTokenGeneration: {
        claimsToAddOrOverride: claimsFor('access'),
        claimsToSuppress: [...config.suppress.access],
        scopesToAdd: [...config.scopes.add],
        scopesToSuppress: [...config.scopes.suppress],
      },
      ...groupPart,
    },
  });
};
