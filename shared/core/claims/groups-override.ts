/**
 * The `groups` rewrite: the user's groups from an attribute, merged with or replacing the ones
 * Cognito sent. Only a config with a `groups` rule ever writes `groupOverrideDetails`: an empty
 * one would wipe the user's groups.
 */
import { AWS_USER_POOL_ID_SOURCE } from '../cognito';
import { type Failure, FailureCode, FailureLevel } from '../failure-codes';
import { parseIdentities } from '../idp/identities';
import { convertAttribute } from './convert';
import type { GroupOverrideDetails, GroupsRule, TokenRequest } from './types';

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
