/**
 * The exact accounting, for the rare sign-in whose claims may not all fit a token's budget:
 * claims are admitted one by one by their exact size, required ones first, so an optional claim
 * listed earlier can never be the reason a sign-in is refused; tokens still list them in order.
 */
import { type Failure, FailureCode, FailureLevel } from '../failure-codes';
import { jsonBytes } from './claim-size';
import type { RulePlan } from './compile';
import type { ClaimsConfig, ClaimValue, TokenKind } from './types';

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

export function fitToBudget(
  candidates: readonly Candidate[],
  budget: ClaimsConfig['budget'],
  failures: Failure[],
): Fitted {
  const used = { id: 2, access: 2 }; // "{}"
  const accepted = new Set<Candidate>();
  let deniedClaim: string | undefined;
  for (const required of [true, false]) {
    for (const candidate of candidates) {
      const { plan, token, value } = candidate;
      if (candidate.required !== required) continue;
      const bytes = plan.nameBytes + jsonBytes(value);
      // Every entry after the first brings a comma.
      const size = bytes + (used[token] > 2 ? 1 : 0);
      if (used[token] + size <= budget[token]) {
        used[token] += size;
        accepted.add(candidate);
        continue;
      }
      if (required && deniedClaim === undefined) deniedClaim = plan.claim;
      failures.push({
        code: FailureCode.TOKEN_BUDGET_EXCEEDED,
        level: required ? FailureLevel.ERROR : FailureLevel.WARN,
        message: `claim "${plan.claim}" does not fit the ${token} token budget (${used[token]} of ${budget[token]} bytes used); left out`,
        claim: plan.claim,
        ...(plan.rule.from !== undefined ? { attribute: plan.rule.from } : {}),
        token,
        required,
        bytes,
        budget: budget[token],
      });
    }
  }
  const id: Record<string, ClaimValue> = {};
  const access: Record<string, ClaimValue> = {};
  for (const candidate of candidates) {
    if (!accepted.has(candidate)) continue;
    setClaim(candidate.token === 'id' ? id : access, candidate.plan.claim, candidate.value);
  }
  return { id, access, deniedClaim };
}
