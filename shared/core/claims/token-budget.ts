/**
 * The exact accounting, for the rare sign-in whose claims may not all fit a token's budget:
 * claims are admitted one by one by their exact size, required ones first, so an optional claim
 * listed earlier can never be the reason a sign-in is refused; tokens still list them in order.
 */
import { type Failure, FailureCode, FailureLevel } from '../failure-codes';
import { jsonBytes } from './claim-size';
import type { RulePlan } from './compile';
import type { Budget, ClaimValue, TokenKind } from './types';

/** A claim the rules chose for a token, before the budget has its say. */
export interface Candidate {
  readonly plan: RulePlan;
  readonly token: TokenKind;
  readonly value: ClaimValue;
  /** Whether a required rule of its chain held: leaving it out denies the sign-in. */
  readonly required: boolean;
}

export interface Fitted {
  readonly id: Record<string, ClaimValue>;
  readonly access: Record<string, ClaimValue>;
  /** The first required claim left out. */
  readonly deniedClaim: string | undefined;
  readonly leftOut: readonly LeftOut[];
}

/** A claim left out of a token for size: what it needed, what was left, of which budget. */
export interface LeftOut {
  readonly candidate: Candidate;
  readonly bytes: number;
  readonly left: number;
  readonly budget: number;
  /** The total across both tokens refused it, not the token's own budget. */
  readonly byTotal: boolean;
}

/** Sets a claim as an own property, "__proto__" included. */
export function setClaim(
  claims: Record<string, ClaimValue>,
  claim: string,
  value: ClaimValue,
): void {
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
}

const NO_ROOM = { id: 0, access: 0 } as const;

/** Bytes of `"claim":value` plus the comma before it: what the overage claim may take. */
const overageRoom = (claim: string, names: readonly string[], v1: boolean): number =>
  jsonBytes(claim) + 1 + jsonBytes(v1 ? JSON.stringify(names) : names) + 1;

/** One admission pass, with `reserve` bytes per token kept free from optional claims. */
function admit(
  candidates: readonly Candidate[],
  sizes: readonly number[],
  budget: Budget,
  reserve: Readonly<Record<TokenKind, number>>,
): { used: Record<TokenKind, number>; accepted: Set<Candidate>; leftOut: LeftOut[] } {
  const used = { id: 2, access: 2 }; // "{}"
  const total = budget.total ?? Number.POSITIVE_INFINITY;
  const accepted = new Set<Candidate>();
  const leftOut: LeftOut[] = [];
  for (const required of [true, false]) {
    const held = required ? NO_ROOM : reserve;
    candidates.forEach((candidate, i) => {
      if (candidate.required !== required) return;
      const { token } = candidate;
      // Every entry after the first brings a comma.
      const size = (sizes[i] as number) + (used[token] > 2 ? 1 : 0);
      const tokenLeft = budget[token] - used[token] - held[token];
      const totalLeft = total - used.id - used.access - held.id - held.access;
      if (size <= tokenLeft && size <= totalLeft) {
        used[token] += size;
        accepted.add(candidate);
        return;
      }
      const byTotal = size <= tokenLeft;
      leftOut.push({
        candidate,
        bytes: sizes[i] as number,
        left: Math.max(0, byTotal ? totalLeft : tokenLeft),
        budget: byTotal ? total : budget[token],
        byTotal,
      });
    });
  }
  return { used, accepted, leftOut };
}

/**
 * Admits the claims, required first, against each token's budget and the total. With an
 * overage claim, when not everything fits, room for it (listing every claim the token could
 * lose) is kept free before optional claims are admitted, so it fits unless the required claims
 * alone took that room.
 */
export function fitToBudget(
  candidates: readonly Candidate[],
  budget: Budget,
  failures: Failure[],
  v1 = false,
): Fitted {
  const sizes = candidates.map(({ plan, value }) => plan.nameBytes + jsonBytes(value));
  const overage = budget.overageClaim;
  const names = (
    list: readonly { readonly candidate?: Candidate }[] | readonly Candidate[],
    token: TokenKind,
  ) => [
    ...new Set(
      list.flatMap((one) => {
        const c = 'candidate' in one && one.candidate ? one.candidate : (one as Candidate);
        return c.token === token ? [c.plan.claim] : [];
      }),
    ),
  ];
  const room = (list: string[]) =>
    overage === undefined || list.length === 0 ? 0 : overageRoom(overage, list, v1);
  let pass = admit(candidates, sizes, budget, NO_ROOM);
  if (overage !== undefined && pass.leftOut.length > 0) {
    const reserve = {
      id: room(names(candidates, 'id')),
      access: room(names(candidates, 'access')),
    };
    pass = admit(candidates, sizes, budget, reserve);
  }
  const { used } = pass;
  let deniedClaim: string | undefined;
  for (const { candidate, bytes, left, budget: limit, byTotal } of pass.leftOut) {
    const { plan, token, required } = candidate;
    if (required && deniedClaim === undefined) deniedClaim = plan.claim;
    failures.push({
      code: FailureCode.TOKEN_BUDGET_EXCEEDED,
      level: required ? FailureLevel.ERROR : FailureLevel.WARN,
      message: `claim "${plan.claim}" does not fit the ${byTotal ? 'total budget of both tokens' : `${token} token budget`} (${bytes} bytes needed, ${left} of ${limit} left); left out of the ${token} token`,
      claim: plan.claim,
      ...(plan.rule.from !== undefined ? { attribute: plan.rule.from } : {}),
      token,
      required,
      bytes,
      budget: limit,
    });
  }
  const tokens = { id: {} as Record<string, ClaimValue>, access: {} as Record<string, ClaimValue> };
  for (const candidate of candidates) {
    if (pass.accepted.has(candidate)) {
      setClaim(tokens[candidate.token], candidate.plan.claim, candidate.value);
    }
  }
  for (const token of ['id', 'access'] as const) {
    const list = names(pass.leftOut, token);
    const size = room(list);
    if (size === 0 || overage === undefined) continue;
    // Counted with its comma, as when its room was kept: it fits wherever that room was left.
    if (
      used[token] + size <= budget[token] &&
      used.id + used.access + size <= (budget.total ?? Number.POSITIVE_INFINITY)
    ) {
      used[token] += size;
      setClaim(tokens[token], overage, v1 ? JSON.stringify(list) : list);
    } else {
      failures.push({
        code: FailureCode.TOKEN_BUDGET_EXCEEDED,
        level: FailureLevel.WARN,
        message: `overage claim "${overage}" left out of the ${token} token: required claims took its room`,
        claim: overage,
        token,
        required: false,
        bytes: size,
        budget: budget[token],
      });
    }
  }
  return { ...tokens, deniedClaim, leftOut: pass.leftOut };
}
