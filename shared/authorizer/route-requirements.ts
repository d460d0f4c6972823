/**
 * A route's requirements from the config's `authorizer.routes`, checked on a verified token.
 * The route key is API Gateway's: "GET /me"; "*" holds the default for routes not listed.
 * Every listed claim must be present; at least one listed scope (as API Gateway's
 * `authorizationScopes`) and at least one listed group (as aws-jwt-verify's `groups`). Pure.
 */
import type { RouteRequirements } from '../claims/types';
import { DenyReason } from './verifier';

export const DEFAULT_ROUTE_KEY = '*';

export const findRouteRequirements = (
  routes: Readonly<Record<string, RouteRequirements>>,
  routeKey: string,
): RouteRequirements | undefined => routes[routeKey] ?? routes[DEFAULT_ROUTE_KEY];

export type RequirementResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: DenyReason; readonly missing: string };

const present = (value: unknown): boolean =>
  value !== undefined &&
  value !== null &&
  value !== '' &&
  !(Array.isArray(value) && value.length === 0);

const groupsOf = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' && value !== '' ? [value] : [];
};

export const checkRouteRequirements = (
  requirements: RouteRequirements | undefined,
  claims: Readonly<Record<string, unknown>>,
): RequirementResult => {
  if (!requirements) return { ok: true };
  for (const claim of requirements.claims) {
    if (!present(claims[claim])) {
      return { ok: false, reason: DenyReason.CLAIM_MISSING, missing: claim };
    }
  }
  if (requirements.scopes.length > 0) {
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(/\s+/) : [];
    if (!requirements.scopes.some((scope) => scopes.includes(scope))) {
      return {
        ok: false,
        reason: DenyReason.SCOPE_MISSING,
        missing: requirements.scopes.join(' '),
      };
    }
  }
  if (requirements.groups.length > 0) {
    const groups = groupsOf(claims['cognito:groups']);
    if (!requirements.groups.some((group) => groups.includes(group))) {
      return {
        ok: false,
        reason: DenyReason.GROUP_MISSING,
        missing: requirements.groups.join(' '),
      };
    }
  }
  return { ok: true };
};
