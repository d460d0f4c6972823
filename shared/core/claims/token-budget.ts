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
  let pass = admit(candidates, sizes, budget, NO_ROOM);
  if (overage !== undefined && pass.leftOut.length > 0) {
    const names = (token: TokenKind) => [
      ...new Set(candidates.filter((c) => c.token === token).map((c) => c.plan.claim)),
    ];
    const reserve = {
      id: names('id').length > 0 ? overageRoom(overage, names('id'), v1) : 0,
      access: names('access').length > 0 ? overageRoom(overage, names('access'), v1) : 0,
    };
    pass = admit(candidates, sizes, budget, reserve);
  }
  let deniedClaim: string | undefined;
  for (const { candidate, bytes, left, budget: limit, byTotal } of pass.leftOut) {
    const { plan, token, required } = candidate;
    if (required && deniedClaim === undefined) deniedClaim = plan.claim;
    failures.push({
      code: FailureCode.TOKEN_BUDGET_EXCEEDED,
      level: required ? FailureLevel.ERROR : FailureLevel.WARN,
      message: byTotal
        ? `claim "${plan.claim}" does not fit the total budget of both tokens (${bytes} bytes needed, ${left} of ${limit} left); left out of the ${token} token`
        : `claim "${plan.claim}" does not fit the ${token} token budget (${pass.used[token]} of ${limit} bytes used); left out`,
      claim: plan.claim,
      ...(plan.rule.from !== undefined ? { attribute: plan.rule.from } : {}),
      token,
      required,
      bytes,
      budget: limit,
    });
  }
  const id: Record<string, ClaimValue> = {};
  const access: Record<string, ClaimValue> = {};
  for (const candidate of candidates) {
    if (!pass.accepted.has(candidate)) continue;
    setClaim(candidate.token === 'id' ? id : access, candidate.plan.claim, candidate.value);
  }
  if (overage !== undefined) {
    for (const token of ['id', 'access'] as const) {
      const names = [
        ...new Set(
          pass.leftOut
            .filter(({ candidate }) => candidate.token === token)
            .map(({ candidate }) => candidate.plan.claim),
        ),
      ];
      if (names.length === 0) continue;
      const size = jsonBytes(overage) + 1 + jsonBytes(v1 ? JSON.stringify(names) : names);
      const withComma = size + (pass.used[token] > 2 ? 1 : 0);
      const total = budget.total ?? Number.POSITIVE_INFINITY;
      if (
        pass.used[token] + withComma <= budget[token] &&
        pass.used.id + pass.used.access + withComma <= total
      ) {
        pass.used[token] += withComma;
        setClaim(token === 'id' ? id : access, overage, v1 ? JSON.stringify(names) : names);
      } else {
        failures.push({
          code: FailureCode.TOKEN_BUDGET_EXCEEDED,
          level: FailureLevel.WARN,
          message: `overage claim "${overage}" does not fit the ${token} token: its required claims took the room kept for it; left out`,
          claim: overage,
          token,
          required: false,
          bytes: size,
          budget: budget[token],
        });
      }
    }
  }
  return { id, access, deniedClaim, leftOut: pass.leftOut };
}
