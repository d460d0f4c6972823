/**
 * The compile step: what a config's rules always give, worked out once per config (at cold
 * start), not per sign-in: each rule's plan, the fallback chains, the scopes. Every plan has the
 * same fields in the same order (config rules differ in which optional fields they have), so the
 * per-sign-in loop reads them at one shape's speed.
 */
import { isReserved, scopeAddReason, type TokenKind } from '../cognito';
import type { Failure } from '../failure-codes';
import type { SourceConfig } from '../sources/types';
import { jsonBytes } from './claim-size';
import { type CompiledConditions, compileConditions } from './conditions';
import type { CompiledKeep } from './groups-override';
import { type CompiledMap, compileMap } from './map-values';
import {
  type ClaimRule,
  type ClaimsConfig,
  type ClaimValue,
  GROUPS_SOURCE,
  type GroupOverrideDetails,
  type GroupsRule,
  type ScopeRule,
  type TokenRequest,
  type TransformStep,
} from './types';

/** A rule's `transform`, compiled: the text through every step, undefined when it gives nothing. */
export type CompiledTransform = (text: string) => string | undefined;

/** The `groups` rewrite and its `keep`, compiled. */
export interface CompiledGroups {
  /** `groups.keep`, when configured (preview names the entry that applied). */
  readonly keep: readonly CompiledKeep[] | undefined;
  /** The groups the tokens will carry, or undefined to leave them as Cognito has them. */
  readonly groupsFor: (
    request: TokenRequest,
    failures: Failure[],
  ) => GroupOverrideDetails | undefined;
}

/**
 * What compiles the rules few configs use, handed in rather than imported so a function whose
 * config uses none of them never loads their code: `RULE_FEATURES` (./rule-features).
 */
export interface RuleFeatures {
  readonly transform: (steps: readonly TransformStep[]) => CompiledTransform;
  readonly groups: (rule: GroupsRule) => CompiledGroups;
}

/** Whether the config needs the rule features: a `transform` on some rule, or `groups`. */
export function usesRuleFeatures(config: ClaimsConfig): boolean {
  return config.groups !== undefined || config.claims.some((rule) => rule.transform !== undefined);
}

const withFeatures = (features: RuleFeatures | undefined): RuleFeatures => {
  if (features === undefined) {
    throw new Error('the config uses "transform" or "groups": compile it with RULE_FEATURES');
  }
  return features;
};

export interface RulePlan {
  readonly rule: ClaimRule;
  /** Its place in the config: `$.claims[index]`. */
  readonly index: number;
  readonly claim: string;
  readonly attribute: string;
  /** What the rule reads, as a failure record names it (never a value). */
  readonly source: string;
  /** `from: "cognito:groups"`: the user's groups, not an attribute. */
  readonly readsGroups: boolean;
  /** The `sources` entry the rule reads (its index in `CompiledConfig.sources`), else -1. */
  readonly sourceIndex: number;
  readonly sourceName: string | undefined;
  /** With a source: the dot path into its item, split once here. */
  readonly path: readonly string[];
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
  readonly when: CompiledConditions | undefined;
  readonly transform: CompiledTransform | undefined;
  readonly map: CompiledMap | undefined;
  /** Whether the value goes through `transform` or `map`. */
  readonly shaped: boolean;
  /** Bytes of `"claim":`, the part of a token entry that does not depend on the value. */
  readonly nameBytes: number;
  /** Whether Cognito reserves the claim in each token, whatever its value. */
  readonly idBlocked: boolean;
  readonly accessBlocked: boolean;
  /** The rule's (claim, token) chain in each token; -1 when it does not write that token. */
  readonly idSlot: number;
  readonly accessSlot: number;
  /** Whether a later rule writes the same claim to that token: the fallback chain goes on. */
  readonly idFollowed: boolean;
  readonly accessFollowed: boolean;
}

export interface CompiledScope {
  readonly scope: string;
  readonly when: CompiledConditions;
}

export interface CompiledScopes {
  /** The unconditional ones: the config's own frozen lists when nothing had to be dropped. */
  readonly add: readonly string[];
  readonly suppress: readonly string[];
  readonly addWhen: readonly CompiledScope[];
  readonly suppressWhen: readonly CompiledScope[];
  /** Adds Cognito keeps to itself, left out (the validator refuses them; this is the last guard). */
  readonly dropped: readonly string[];
}

export interface CompiledSource {
  readonly name: string;
  readonly config: SourceConfig;
}

export interface CompiledConfig {
  readonly config: ClaimsConfig;
  readonly rules: readonly RulePlan[];
  /** The configured sources, in config order; empty without `sources`. */
  readonly sources: readonly CompiledSource[];
  /** How many (claim, token) chains there are; each has a number, in config order. */
  readonly slots: number;
  readonly slotClaims: readonly string[];
  /** Whether any chain has more than one rule; without, the chain bookkeeping is skipped. */
  readonly chained: boolean;
  /** Whether any condition reads the user's IdP (the `identities` attribute is parsed only then). */
  readonly readsProviders: boolean;
  readonly scopes: CompiledScopes;
  /** The `groups` rewrite, when configured. */
  readonly groups: CompiledGroups | undefined;
  /** Whether the config changes what only a V2/V3 event can: scopes, access suppressions. */
  readonly changesAccessOnly: boolean;
}

const compileScopes = (entries: readonly ScopeRule[] | undefined): CompiledScope[] =>
  (entries ?? []).map((entry) => ({ scope: entry.scope, when: compileConditions(entry.when) }));

/** @param features required when `usesRuleFeatures(config)`: `RULE_FEATURES` */
export function compileConfig(config: ClaimsConfig, features?: RuleFeatures): CompiledConfig {
  const sources = Object.entries(config.sources ?? {}).map(([name, source]) => ({
    name,
    config: source,
  }));
  const slotOf = new Map<string, number>();
  const slotClaims: string[] = [];
  const slotRules: number[] = [];
  const slot = (claim: string, token: TokenKind): number => {
    const key = `${token}\u0000${claim}`;
    let found = slotOf.get(key);
    if (found === undefined) {
      found = slotClaims.length;
      slotOf.set(key, found);
      slotClaims.push(claim);
      slotRules.push(0);
    }
    slotRules[found] = (slotRules[found] ?? 0) + 1;
    return found;
  };
  const slots = config.claims.map((rule) => ({
    id: rule.tokens.includes('id') ? slot(rule.claim, 'id') : -1,
    access: rule.tokens.includes('access') ? slot(rule.claim, 'access') : -1,
  }));
  const followed = (index: number, token: TokenKind): boolean => {
    const mine = slots[index]?.[token] ?? -1;
    return mine >= 0 && slots.some((other, j) => j > index && other[token] === mine);
  };
  const rules = config.claims.map((rule, index): RulePlan => {
    const sourceIndex = sources.findIndex((source) => source.name === rule.source);
    const readsGroups = sourceIndex < 0 && rule.from === GROUPS_SOURCE;
    const attribute = rule.from ?? rule.claim;
    return {
      rule,
      index,
      claim: rule.claim,
      attribute,
      source:
        sourceIndex >= 0
          ? `"${attribute}" of source "${rule.source}"`
          : readsGroups
            ? `group list "${GROUPS_SOURCE}"`
            : `user attribute "${attribute}"`,
      readsGroups,
      sourceIndex,
      sourceName: rule.source,
      path: sourceIndex >= 0 ? attribute.split('.') : [],
      value: rule.value,
      fallback: rule.default,
      type: rule.type,
      required: rule.required,
      tokens: [...rule.tokens],
      v1Tokens: rule.tokens.filter((token) => token === 'id'),
      m2mTokens: rule.tokens.filter((token) => token === 'access'),
      access: rule.tokens.includes('access'),
      clients: rule.clients ? new Set(rule.clients) : undefined,
      when: rule.when ? compileConditions(rule.when) : undefined,
      transform: rule.transform ? withFeatures(features).transform(rule.transform) : undefined,
      map: rule.map ? compileMap(rule.map) : undefined,
      shaped: rule.transform !== undefined || rule.map !== undefined,
      nameBytes: jsonBytes(rule.claim) + 1,
      idBlocked: isReserved('id', rule.claim),
      accessBlocked: isReserved('access', rule.claim),
      idSlot: slots[index]?.id ?? -1,
      accessSlot: slots[index]?.access ?? -1,
      idFollowed: followed(index, 'id'),
      accessFollowed: followed(index, 'access'),
    };
  });
  const { scopes } = config;
  const dropped = scopes.add.filter((scope) => scopeAddReason(scope) !== undefined);
  const addWhen = compileScopes(scopes.addWhen).filter(
    (entry) => scopeAddReason(entry.scope) === undefined,
  );
  const suppressWhen = compileScopes(scopes.suppressWhen);
  const conditions = [
    ...rules.flatMap((plan) => (plan.when ? [plan.when] : [])),
    ...addWhen.map((entry) => entry.when),
    ...suppressWhen.map((entry) => entry.when),
  ];
  return {
    config,
    rules,
    sources,
    slots: slotClaims.length,
    slotClaims,
    chained: slotRules.some((count) => count > 1),
    readsProviders: conditions.some((when) => when.providers !== undefined),
    scopes: {
      add: dropped.length > 0 ? scopes.add.filter((scope) => !dropped.includes(scope)) : scopes.add,
      suppress: scopes.suppress,
      addWhen,
      suppressWhen,
      dropped: [
        ...dropped,
        ...(scopes.addWhen ?? [])
          .map((entry) => entry.scope)
          .filter((scope) => scopeAddReason(scope) !== undefined),
      ],
    },
    groups: config.groups ? withFeatures(features).groups(config.groups) : undefined,
    changesAccessOnly:
      scopes.add.length > 0 ||
      scopes.suppress.length > 0 ||
      (scopes.addWhen?.length ?? 0) > 0 ||
      (scopes.suppressWhen?.length ?? 0) > 0 ||
      config.suppress.access.length > 0,
  };
}
