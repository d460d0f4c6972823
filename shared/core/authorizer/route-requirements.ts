/**
 * A route's requirements from the config's `authorizer.routes`, checked on a verified token:
 * every listed claim present and non-empty; for each claim in `values`, at least one listed
 * value (the claim a string equal to it, or a list holding it); at least one listed scope (as API
 * Gateway's `authorizationScopes`); at least one listed group (as aws-jwt-verify's `groups`).
 * Claims are read as the token's own properties only, so a requirement named like an object
 * member (`constructor`, `toString`) is never met by the prototype. Pure.
 */

import type { RouteRequirements } from '../claims/types';
import { DenyReason } from './deny-reason';
import { compileRoutes, placeRequest } from './route-table';

export const DEFAULT_ROUTE_KEY = '*';

export type RequirementResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: DenyReason;
      /** The claim, or the scopes or groups of which none was present. */
      readonly missing: string;
      /** For CLAIM_VALUE_MISSING: the values of which none was present. */
      readonly accepted?: readonly string[];
    };

const claimOf = (claims: Readonly<Record<string, unknown>>, name: string): unknown =>
  Object.hasOwn(claims, name) ? claims[name] : undefined;

const present = (value: unknown): boolean =>
  value !== undefined &&
  value !== null &&
  value !== '' &&
  !(Array.isArray(value) && value.length === 0);

const stringsOf = (value: unknown): readonly unknown[] =>
  Array.isArray(value) ? value : typeof value === 'string' && value !== '' ? [value] : [];

const holdsOneOf = (value: unknown, accepted: readonly string[]): boolean =>
  stringsOf(value).some((item) => typeof item === 'string' && accepted.includes(item));

export function checkRouteRequirements(
  requirements: RouteRequirements | undefined,
  claims: Readonly<Record<string, unknown>>,
): RequirementResult {
  if (!requirements) return { ok: true };
  for (const claim of requirements.claims) {
    if (!present(claimOf(claims, claim))) {
      return { ok: false, reason: DenyReason.CLAIM_MISSING, missing: claim };
    }
  }
  for (const [claim, accepted] of Object.entries(requirements.values)) {
    if (!holdsOneOf(claimOf(claims, claim), accepted)) {
      return { ok: false, reason: DenyReason.CLAIM_VALUE_MISSING, missing: claim, accepted };
    }
  }
  if (requirements.scopes.length > 0) {
    const scope = claimOf(claims, 'scope');
    const scopes = typeof scope === 'string' ? scope.split(/\s+/) : [];
    if (!requirements.scopes.some((wanted) => scopes.includes(wanted))) {
      return {
        ok: false,
        reason: DenyReason.SCOPE_MISSING,
        missing: requirements.scopes.join(' '),
      };
    }
  }
  if (requirements.groups.length > 0) {
    if (!holdsOneOf(claimOf(claims, 'cognito:groups'), requirements.groups)) {
      return {
        ok: false,
        reason: DenyReason.GROUP_MISSING,
        missing: requirements.groups.join(' '),
      };
    }
  }
  return { ok: true };
}

/**
 * The requirements a route template ("GET /me") gets, for tools that describe a config; undefined
 * when none apply (or the route is not configured). The authorizer compiles its table once.
 */
export function findRouteRequirements(
  routes: Readonly<Record<string, RouteRequirements>>,
  routeKey: string,
): RouteRequirements | undefined {
  const placed = placeRequest(compileRoutes(routes), routeKey, false);
  return placed.ok ? placed.route?.requirements : undefined;
}
