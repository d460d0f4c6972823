/**
 * Why each claim and scope came out as it did for one sign-in, as data: for each claim in each
 * token, the rule that won (its index and a short description) or, rule by rule, why none did;
 * the scopes; the groups kept and removed. Built from the claims core's own steps, so it says
 * what the trigger does. Shared by `preview` and any tool that explains a sign-in.
 */
import type { CompiledConfig, RulePlan } from '../../shared/core/claims/compile';
import { compileConditions, failedCondition } from '../../shared/core/claims/conditions';
import { keepFor } from '../../shared/core/claims/groups-override';
import { Miss, resolveValue } from '../../shared/core/claims/resolve-value';
import { selectClaims } from '../../shared/core/claims/select-claims';
import { readSignIn, type SignIn } from '../../shared/core/claims/sign-in';
import type { ScopeRule, TokenRequest } from '../../shared/core/claims/types';
import { scopeAddReason, type TokenKind } from '../../shared/core/cognito';
import { FailureCode } from '../../shared/core/failure-codes';
import type { SourcedValues } from '../../shared/core/sources/sourced-value';

export const RuleOutcome = {
  WON: 'won',
  DEFAULT: 'default',
  TOKEN_NOT_CUSTOMISED: 'token-not-customised',
  CLIENT: 'client',
  CONDITION: 'condition',
  ALREADY_WON: 'already-won',
  ATTRIBUTE_ABSENT: 'attribute-absent',
  MAP_EMPTY: 'map-empty',
  TRANSFORM_EMPTY: 'transform-empty',
  TYPE_MISMATCH: 'type-mismatch',
  RESERVED: 'reserved',
  SIZE: 'size',
} as const;
export type RuleOutcome = (typeof RuleOutcome)[keyof typeof RuleOutcome];

export interface RuleStep {
  /** `$.claims[2]` */
  readonly rule: string;
  readonly description: string;
  readonly outcome: RuleOutcome;
  /** Which condition did not hold (`when.groups`), or what the source gave, in words. */
  readonly detail?: string;
  /** For SIZE: the claim's bytes, the bytes left, and the budget that refused it. */
  readonly bytes?: number;
  readonly left?: number;
  readonly budget?: number;
  readonly budgetName?: 'token' | 'total';
}

export interface ClaimExplanation {
  readonly claim: string;
  readonly token: TokenKind;
  /** Whether the token carries the claim. */
  readonly added: boolean;
  /** The rule that gave it, when one did. */
  readonly rule?: string;
  /** Every rule of the claim's chain for this token, in config order, with what it did. */
  readonly steps: readonly RuleStep[];
}

export interface ScopeExplanation {
  readonly scope: string;
  readonly action: 'add' | 'suppress';
  readonly applied: boolean;
  /** Where it is configured: `$.scopes.add "orders/read"` (plain and `when` entries share the list). */
  readonly rule: string;
  readonly reason: string;
}

export interface GroupsExplanation {
  /** The groups Cognito sent. */
  readonly before: readonly string[];
  /** The groups the tokens carry. */
  readonly kept: readonly string[];
  readonly removed: readonly string[];
  /** The `groups.keep` entry that applied (`$.groups.keep[0]`), if any. */
  readonly keepRule?: string;
}

export interface SignInExplanation {
  readonly claims: readonly ClaimExplanation[];
  readonly scopes: readonly ScopeExplanation[];
  readonly groups?: GroupsExplanation;
}

/** A rule in a few words: where its value comes from and what limits it. */
export function describeRule(plan: RulePlan): string {
  const { rule } = plan;
  // A sourced rule's `from` is a path into the source's item, not a user attribute.
  const read =
    plan.sourceIndex >= 0
      ? `source "${plan.sourceName}", item path "${plan.attribute}"`
      : `attribute "${plan.attribute}"`;
  const parts = [
    rule.value !== undefined ? 'a constant value' : plan.readsGroups ? "the user's groups" : read,
  ];
  if (rule.clients) parts.push(`for clients ${rule.clients.join(', ')}`);
  if (rule.when) parts.push(`when ${Object.keys(rule.when).join(' and ')} hold`);
  if (rule.transform) parts.push('through its transform');
  if (rule.map) parts.push('through its map');
  if (rule.default !== undefined) parts.push('with a default');
  if (rule.required) parts.push('required');
  return parts.join(', ');
}

const missOutcome = (miss: Miss): RuleOutcome => {
  if (miss.code === FailureCode.TYPE_MISMATCH) return RuleOutcome.TYPE_MISMATCH;
  if (miss.text.includes('"map"')) return RuleOutcome.MAP_EMPTY;
  if (miss.text.includes('"transform"')) return RuleOutcome.TRANSFORM_EMPTY;
  return RuleOutcome.ATTRIBUTE_ABSENT;
};

const tokensOf = (plan: RulePlan, signIn: SignIn): readonly TokenKind[] =>
  signIn.v1 ? plan.v1Tokens : signIn.m2m ? plan.m2mTokens : plan.tokens;

function explainScopes(compiled: CompiledConfig, signIn: SignIn): ScopeExplanation[] {
  const { config } = compiled;
  const out: ScopeExplanation[] = [];
  const conditional = (entries: readonly ScopeRule[] | undefined, action: 'add' | 'suppress') => {
    for (const entry of entries ?? []) {
      const reserved = action === 'add' ? scopeAddReason(entry.scope) : undefined;
      const failed = reserved ?? failedCondition(compileConditions(entry.when), signIn);
      out.push({
        scope: entry.scope,
        action,
        applied: failed === undefined && !signIn.v1,
        rule: `$.scopes.${action} "${entry.scope}" (with when)`,
        reason: signIn.v1
          ? 'event version 1 does not customise the access token'
          : failed === undefined
            ? 'its conditions hold'
            : reserved !== undefined
              ? reserved
              : `${failed} does not hold`,
      });
    }
  };
  for (const scope of config.scopes.add) {
    const reserved = scopeAddReason(scope);
    out.push({
      scope,
      action: 'add',
      applied: reserved === undefined && !signIn.v1,
      rule: `$.scopes.add "${scope}"`,
      reason: signIn.v1
        ? 'event version 1 does not customise the access token'
        : (reserved ?? 'always added'),
    });
  }
  conditional(config.scopes.addWhen, 'add');
  for (const scope of config.scopes.suppress) {
    out.push({
      scope,
      action: 'suppress',
      applied: !signIn.v1,
      rule: `$.scopes.suppress "${scope}"`,
      reason: signIn.v1
        ? 'event version 1 does not customise the access token'
        : 'always suppressed',
    });
  }
  conditional(config.scopes.suppressWhen, 'suppress');
  return out;
}

function explainGroups(compiled: CompiledConfig, signIn: SignIn): GroupsExplanation | undefined {
  if (!compiled.config.groups || signIn.m2m) return undefined;
  const before = signIn.request.groupConfiguration?.groupsToOverride ?? [];
  const kept = signIn.groups;
  const keep = compiled.groups?.keep && keepFor(compiled.groups.keep, signIn.clientId);
  return {
    before,
    kept,
    removed: before.filter((group) => !kept.includes(group)),
    ...(keep ? { keepRule: `$.groups.keep[${keep.index}]` } : {}),
  };
}

/** Why every claim, scope and group came out as it did for this sign-in. */
/** @param sourced what the config's sources gave, when preview has their items */
export function explainSignIn(
  compiled: CompiledConfig,
  request: TokenRequest,
  sourced?: SourcedValues,
): SignInExplanation {
  const signIn = readSignIn(compiled, request, [], sourced);
  const selected = selectClaims(compiled, signIn, []);
  const claims: ClaimExplanation[] = [];
  const byKey = new Map<string, { steps: RuleStep[]; won?: string }>();
  const order: { claim: string; token: TokenKind }[] = [];
  for (const plan of compiled.rules) {
    const allowed = tokensOf(plan, signIn);
    for (const token of plan.tokens) {
      const key = `${token}\u0000${plan.claim}`;
      let chain = byKey.get(key);
      if (!chain) {
        chain = { steps: [] };
        byKey.set(key, chain);
        order.push({ claim: plan.claim, token });
      }
      const step = (outcome: RuleOutcome, extra: Partial<RuleStep> = {}) => {
        chain.steps.push({
          rule: `$.claims[${plan.index}]`,
          description: describeRule(plan),
          outcome,
          ...extra,
        });
      };
      if (!allowed.includes(token)) {
        step(RuleOutcome.TOKEN_NOT_CUSTOMISED, {
          detail: signIn.v1
            ? 'event version 1 customises the ID token only'
            : 'a client-credentials sign-in issues an access token only',
        });
        continue;
      }
      if (chain.won !== undefined) {
        step(RuleOutcome.ALREADY_WON, { detail: `${chain.won} gave the claim` });
        continue;
      }
      if (
        plan.clients !== undefined &&
        (signIn.clientId === undefined || !plan.clients.has(signIn.clientId))
      ) {
        step(RuleOutcome.CLIENT, {
          detail: `app client ${signIn.clientId ?? '(none)'} is not listed`,
        });
        continue;
      }
      const failed = plan.when ? failedCondition(plan.when, signIn) : undefined;
      if (failed !== undefined) {
        step(RuleOutcome.CONDITION, { detail: `${failed} does not hold` });
        continue;
      }
      const resolved = resolveValue(plan, signIn);
      if (resolved === undefined) continue;
      let outcome: RuleOutcome = RuleOutcome.WON;
      let detail: string | undefined;
      if (resolved instanceof Miss) {
        if (plan.fallback === undefined) {
          step(missOutcome(resolved), { detail: resolved.text });
          continue;
        }
        outcome = RuleOutcome.DEFAULT;
        detail = `${resolved.text}: its default`;
      }
      const target = token === 'id' ? selected.id : selected.access;
      const sized = selected.leftOut.find(
        ({ candidate }) => candidate.plan === plan && candidate.token === token,
      );
      if (sized) {
        step(RuleOutcome.SIZE, {
          detail: `${sized.bytes} bytes needed, ${sized.left} left of the ${sized.byTotal ? 'total' : `${token} token`} budget of ${sized.budget}`,
          bytes: sized.bytes,
          left: sized.left,
          budget: sized.budget,
          budgetName: sized.byTotal ? 'total' : 'token',
        });
        chain.won = `$.claims[${plan.index}]`;
        continue;
      }
      if (!Object.hasOwn(target, plan.claim)) {
        step(RuleOutcome.RESERVED, { detail: 'Cognito keeps this claim to itself in this token' });
        continue;
      }
      step(outcome, detail !== undefined ? { detail } : {});
      chain.won = `$.claims[${plan.index}]`;
    }
  }
  for (const { claim, token } of order) {
    const chain = byKey.get(`${token}\u0000${claim}`);
    if (!chain) continue;
    const winner = chain.steps.find(
      (step) => step.outcome === RuleOutcome.WON || step.outcome === RuleOutcome.DEFAULT,
    );
    claims.push({
      claim,
      token,
      added: winner !== undefined,
      ...(winner ? { rule: winner.rule } : {}),
      steps: chain.steps,
    });
  }
  const groups = explainGroups(compiled, signIn);
  return { claims, scopes: explainScopes(compiled, signIn), ...(groups ? { groups } : {}) };
}
