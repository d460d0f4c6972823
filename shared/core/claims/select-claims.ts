/**
 * The selection step: which value each claim gets in each token. The rules for one claim in one
 * token form a chain, tried in config order: the first whose conditions hold and which yields a
 * value wins; one that holds but yields nothing lets the next try (its `default`, when it has
 * one, counts as its value). A `required` rule that holds means the chain must end with a value.
 */
import type { TokenKind } from '../cognito';
import { type Failure, FailureCode, FailureLevel } from '../failure-codes';
import { jsonBytesAtMost } from './claim-size';
import type { CompiledConfig, RulePlan } from './compile';
import { conditionsHold } from './conditions';
import { toV1String } from './convert';
import { Miss, resolveValue } from './resolve-value';
import type { SignIn } from './sign-in';
import { type Candidate, fitToBudget, type LeftOut, setClaim } from './token-budget';
import type { ClaimRule, ClaimValue } from './types';

export interface SelectedClaims {
  readonly id: Record<string, ClaimValue>;
  readonly access: Record<string, ClaimValue>;
  /** The first required claim that could not be produced: the sign-in must be denied. */
  readonly deniedClaim: string | undefined;
  /** The claims left out for size (empty when everything fitted). */
  readonly leftOut: readonly LeftOut[];
}

const NOTHING_LEFT_OUT: readonly LeftOut[] = [];

/** A rule that gave nothing while a later rule of its chain could still give the claim. */
interface Deferred {
  readonly at: number;
  readonly plan: RulePlan;
  readonly miss: Miss;
  readonly tokens: readonly TokenKind[];
}

/** Per sign-in, for configs with chains of more than one rule: which chains have a value. */
interface Chains {
  readonly won: Uint8Array;
  /** A required rule of the chain held: the chain must end with a value. */
  readonly inForce: Uint8Array;
  readonly deferred: Deferred[];
}

const slotOf = (plan: RulePlan, token: TokenKind): number =>
  token === 'id' ? plan.idSlot : plan.accessSlot;

const followedIn = (plan: RulePlan, token: TokenKind): boolean =>
  token === 'id' ? plan.idFollowed : plan.accessFollowed;

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

const missFailure = (
  plan: RulePlan,
  miss: Miss,
  outcome: string,
  level: FailureLevel,
): Failure => ({
  code: miss.code,
  level,
  message: `${miss.text}; claim "${plan.claim}" ${outcome}`,
  claim: plan.claim,
  attribute: plan.attribute,
  ...(plan.sourceName !== undefined ? { source: plan.sourceName } : {}),
  required: plan.required,
  ...(miss.length !== undefined ? { length: miss.length } : {}),
});

const missLevel = (plan: RulePlan, miss: Miss): FailureLevel =>
  plan.required
    ? FailureLevel.ERROR
    : miss.code === FailureCode.TYPE_MISMATCH || miss.code === FailureCode.SOURCE_VALUE_INVALID
      ? FailureLevel.WARN
      : FailureLevel.INFO;

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

/** Whether a rule applies to this sign-in: its app clients, and its `when`. */
const applies = (plan: RulePlan, signIn: SignIn): boolean =>
  (plan.clients === undefined ||
    (signIn.clientId !== undefined && plan.clients.has(signIn.clientId))) &&
  (plan.when === undefined || conditionsHold(plan.when, signIn));

interface Pass {
  readonly id: Record<string, ClaimValue>;
  readonly access: Record<string, ClaimValue>;
  /** Upper bounds of each token's claims' bytes (not counted with `candidates`). */
  readonly idAtMost: number;
  readonly accessAtMost: number;
  readonly deniedClaim: string | undefined;
}

/**
 * A rule's miss, once the pass is over: dropped when every token it could have written got the
 * claim from a later rule (the normal fallback), kept as a warning when the value was broken.
 */
function settle(chains: Chains, failures: Failure[]): void {
  const dropped: number[] = [];
  for (const { at, plan, miss, tokens } of chains.deferred) {
    if (!tokens.every((token) => chains.won[slotOf(plan, token)] === 1)) continue;
    if (miss.code === FailureCode.TYPE_MISMATCH) {
      failures[at] = missFailure(plan, miss, 'taken from a later rule', FailureLevel.WARN);
    } else dropped.push(at);
  }
  for (let i = dropped.length - 1; i >= 0; i -= 1) failures.splice(dropped[i] as number, 1);
}

/**
 * One pass over the rules. Without `candidates` it writes the claims straight into the tokens
 * and adds up a cheap upper bound of each token's bytes; with it, it lists them for the exact
 * accounting instead.
 */
function collect(
  compiled: CompiledConfig,
  signIn: SignIn,
  failures: Failure[],
  candidates?: Candidate[],
): Pass {
  const { v1, m2m } = signIn;
  const chains: Chains | undefined = compiled.chained
    ? {
        won: new Uint8Array(compiled.slots),
        inForce: new Uint8Array(compiled.slots),
        deferred: [],
      }
    : undefined;
  const id: Record<string, ClaimValue> = {};
  const access: Record<string, ClaimValue> = {};
  let idAtMost = 2;
  let accessAtMost = 2;
  let deniedClaim: string | undefined;
  for (const plan of compiled.rules) {
    if (!applies(plan, signIn)) continue;
    if (v1 && plan.access) failures.push(accessTokenSkipped(plan.rule));
    // V1 customises the ID token only; client credentials issue an access token only.
    let targets = v1 ? plan.v1Tokens : m2m ? plan.m2mTokens : plan.tokens;
    if (chains) {
      // A chain that has its value already is done: this rule is not tried for it.
      const open = targets.filter((token) => chains.won[slotOf(plan, token)] === 0);
      if (open.length < targets.length) targets = open;
    }
    if (targets.length === 0) continue;
    let resolved = resolveValue(plan, signIn);
    if (resolved === undefined) continue;
    if (chains && plan.required)
      for (const token of targets) chains.inForce[slotOf(plan, token)] = 1;
    if (resolved instanceof Miss) {
      const miss = resolved;
      if (plan.fallback === undefined) {
        failures.push(
          missFailure(
            plan,
            miss,
            plan.required ? 'is required: sign-in denied' : 'left out',
            missLevel(plan, miss),
          ),
        );
        if (!chains) {
          if (plan.required && deniedClaim === undefined) deniedClaim = plan.claim;
        } else if (targets.some((token) => followedIn(plan, token))) {
          chains.deferred.push({ at: failures.length - 1, plan, miss, tokens: targets });
        }
        continue;
      }
      // The default is the rule's value; a broken attribute is still worth knowing about.
      if (miss.code === FailureCode.TYPE_MISMATCH) {
        failures.push(missFailure(plan, miss, 'set to its default', FailureLevel.WARN));
      }
      resolved = plan.fallback;
    }
    const value = v1 ? toV1String(resolved) : resolved;
    let atMost = -1;
    for (const token of targets) {
      let required = plan.required;
      if (chains) {
        const slot = slotOf(plan, token);
        chains.won[slot] = 1;
        required ||= chains.inForce[slot] === 1;
      }
      const guard = runtimeGuard(plan, token, value, signIn.clientId);
      if (guard) {
        failures.push({
          code: FailureCode.RESERVED_CLAIM_DROPPED,
          level: FailureLevel.WARN,
          message: `claim "${plan.claim}" not written to the ${token} token: ${guard}`,
          claim: plan.claim,
          token,
        });
      } else if (candidates) {
        candidates.push({ plan, token, value, required });
      } else {
        if (atMost < 0) atMost = plan.nameBytes + jsonBytesAtMost(value) + 1;
        if (token === 'id') {
          idAtMost += atMost;
          setClaim(id, plan.claim, value);
        } else {
          accessAtMost += atMost;
          setClaim(access, plan.claim, value);
        }
      }
    }
  }
  if (chains) {
    settle(chains, failures);
    for (let slot = 0; slot < compiled.slots && deniedClaim === undefined; slot += 1) {
      if (chains.inForce[slot] === 1 && chains.won[slot] === 0) {
        deniedClaim = compiled.slotClaims[slot];
      }
    }
  }
  return { id, access, idAtMost, accessAtMost, deniedClaim };
}

export function selectClaims(
  compiled: CompiledConfig,
  signIn: SignIn,
  failures: Failure[],
): SelectedClaims {
  const { budget } = compiled.config;
  const start = failures.length;
  const pass = collect(compiled, signIn, failures);
  // Nearly always every claim fits, and the upper bound shows it. Otherwise the pass runs again,
  // listing the claims for the exact accounting.
  if (
    pass.idAtMost <= budget.id &&
    pass.accessAtMost <= budget.access &&
    (budget.total === undefined || pass.idAtMost + pass.accessAtMost <= budget.total)
  ) {
    return {
      id: pass.id,
      access: pass.access,
      deniedClaim: pass.deniedClaim,
      leftOut: NOTHING_LEFT_OUT,
    };
  }
  failures.length = start;
  const candidates: Candidate[] = [];
  const listed = collect(compiled, signIn, failures, candidates);
  const fitted = fitToBudget(candidates, budget, failures, signIn.v1);
  return {
    id: fitted.id,
    access: fitted.access,
    deniedClaim: listed.deniedClaim ?? fitted.deniedClaim,
    leftOut: fitted.leftOut,
  };
}

/** Which rule gave each claim in each token (`$.claims[index]`), before the budget: for preview. */
export function claimSources(
  compiled: CompiledConfig,
  signIn: SignIn,
): { readonly id: ReadonlyMap<string, number>; readonly access: ReadonlyMap<string, number> } {
  const candidates: Candidate[] = [];
  collect(compiled, signIn, [], candidates);
  const sources = { id: new Map<string, number>(), access: new Map<string, number>() };
  for (const { plan, token } of candidates) sources[token].set(plan.claim, plan.index);
  return sources;
}
