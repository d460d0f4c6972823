/**
 * The `groups` rewrite: the user's groups from an attribute, merged with or replacing the ones
 * Cognito sent, then `keep`: only the groups an app client needs. Only a config with a `groups`
 * rule ever writes `groupOverrideDetails`, and `keep` only when it removes a group: an empty one
 * written by accident would wipe the user's groups.
 */
import { AWS_USER_POOL_ID_SOURCE } from '../cognito';
import { type Failure, FailureCode, FailureLevel } from '../failure-codes';
import { parseIdentities } from '../idp/identities';
import { convertAttribute } from './convert';
import type { GroupOverrideDetails, GroupsKeep, GroupsRule, TokenRequest } from './types';

/** A user pool ID as AWS issues it: a fixed pattern, compiled once, never built from input. */
const AWS_USER_POOL_ID = new RegExp(`^${AWS_USER_POOL_ID_SOURCE}$`);

const CLAIM = 'cognito:groups';

/** An attribute the user has. Only a string counts: "constructor" is not Object's function. */
const attributeOf = (request: TokenRequest, name: string): string | undefined => {
  const value: unknown = request.userAttributes[name];
  return typeof value === 'string' ? value : undefined;
};

/** The IdPs of a federated user, read by the one `identities` reader every trigger uses. */
function providerNames(identities: string | undefined): string[] {
  if (!identities) return [];
  const parsed = parseIdentities(identities);
  return parsed.ok ? parsed.identities.flatMap((identity) => identity.providerName ?? []) : [];
}

/**
 * Whether a group is the one Cognito creates for an IdP's users: `<userPoolId>_<providerName>`.
 * Matched exactly when the pool id is known, else by the pool-id shape, so a group merely ending
 * in `_<provider>` is never dropped.
 */
function isProviderGroup(
  group: string,
  providers: readonly string[],
  userPoolId: string | undefined,
): boolean {
  return providers.some((provider) => {
    if (userPoolId) return group === `${userPoolId}_${provider}`;
    const suffix = `_${provider}`;
    return (
      group.endsWith(suffix) && AWS_USER_POOL_ID.test(group.slice(0, group.length - suffix.length))
    );
  });
}

/** The groups the tokens will carry, or undefined to leave them as Cognito has them. */
export function buildGroupOverride(
  rule: GroupsRule,
  request: TokenRequest,
  failures: Failure[],
): GroupOverrideDetails | undefined {
  if (rule.from === undefined) return undefined;
  const raw = attributeOf(request, rule.from);
  if (raw === undefined) {
    failures.push({
      code: FailureCode.ATTRIBUTE_MISSING,
      level: FailureLevel.INFO,
      message: `user attribute "${rule.from}" is absent; groups left as Cognito has them`,
      claim: CLAIM,
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
      claim: CLAIM,
      attribute: rule.from,
      length: raw.length,
    });
    return undefined;
  }
  const fromAttribute = converted.value.map(String);
  const current = request.groupConfiguration?.groupsToOverride ?? [];
  const providers = rule.dropProviderGroups
    ? providerNames(attributeOf(request, 'identities'))
    : [];
  const kept =
    providers.length > 0
      ? current.filter((group) => !isProviderGroup(group, providers, request.userPoolId))
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
}

/** A `keep` entry ready for sign-ins: names in a Set, prefixes tried with startsWith. */
export interface CompiledKeep {
  readonly entry: GroupsKeep;
  /** Its place in the list the validator makes of `keep`: `$.groups.keep[index]` (a lone object is entry 0). */
  readonly index: number;
  readonly clients: ReadonlySet<string> | undefined;
  readonly names: ReadonlySet<string>;
  readonly prefixes: readonly string[];
}

export function compileKeep(keep: readonly GroupsKeep[]): CompiledKeep[] {
  return keep.map((entry, index) => ({
    entry,
    index,
    clients: entry.clients ? new Set(entry.clients) : undefined,
    names: new Set(entry.names),
    prefixes: entry.prefixes,
  }));
}

/** The first entry whose `clients` holds this app client (an entry without applies to all). */
export function keepFor(
  keep: readonly CompiledKeep[],
  clientId: string | undefined,
): CompiledKeep | undefined {
  for (const entry of keep) {
    if (entry.clients === undefined) return entry;
    if (clientId !== undefined && entry.clients.has(clientId)) return entry;
  }
  return undefined;
}

const kept = (entry: CompiledKeep, group: string): boolean => {
  if (entry.names.has(group)) return true;
  for (const prefix of entry.prefixes) if (group.startsWith(prefix)) return true;
  return false;
};

/**
 * The groups `keep` leaves: the override (or Cognito's groups) filtered. Unchanged, the input
 * comes back as it was (undefined stays undefined: nothing is written). A removed group takes
 * the IAM roles and the preferred role with it, as the rewrite does.
 */
export function keepGroups(
  entry: CompiledKeep,
  override: GroupOverrideDetails | undefined,
  request: TokenRequest,
): GroupOverrideDetails | undefined {
  const current = override?.groupsToOverride ?? request.groupConfiguration?.groupsToOverride ?? [];
  const groups = current.filter((group) => kept(entry, group));
  if (groups.length === current.length) return override;
  return { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: null };
}
