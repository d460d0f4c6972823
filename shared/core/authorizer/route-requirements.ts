/**
 * A route's requirements from the config's `authorizer.routes`, checked on a verified token.
 * The route key is API Gateway's: "GET /me"; "*" holds the default for routes not listed.
 * Every listed claim must be present; at least one listed scope (as API Gateway's
 * `authorizationScopes`) and at least one listed group (as aws-jwt-verify's `groups`). Pure.
 */

import type { RouteRequirements } from '../claims/types';
import { DenyReason } from './deny-reason';

export const DEFAULT_ROUTE_KEY = '*';

interface RoutePattern {
  readonly method: string;
  readonly segments: readonly string[];
}

const parseRouteKey = (key: string): RoutePattern | undefined => {
  const match = /^([A-Z]+) (\/\S*)$/.exec(key);
  if (!match?.[1] || !match[2]) return undefined;
  return { method: match[1], segments: match[2].split('/').slice(1) };
};

/**
 * How specifically a configured key matches a request, or undefined when it does not:
 * literal segments beat `{param}`, which beats a greedy `{param+}`; a method beats ANY. This is
 * API Gateway's own rule (the most specific route wins), so requirements follow the route that
 * actually serves the request, whether the event names a template ("/items/{id}", REST REQUEST)
 * or the concrete path ("/items/42", REST TOKEN).
 */
const specificity = (pattern: RoutePattern, request: RoutePattern): number | undefined => {
  if (pattern.method !== 'ANY' && pattern.method !== request.method) return undefined;
  let score = pattern.method === 'ANY' ? 0 : 1;
  for (let i = 0; i < pattern.segments.length; i += 1) {
    const expected = pattern.segments[i] ?? '';
    const actual = request.segments[i];
    if (/^\{[^}]+\+\}$/.test(expected)) {
      return i === pattern.segments.length - 1 && actual !== undefined ? score : undefined;
    }
    if (actual === undefined) return undefined;
    if (expected === actual) score += 4;
    else if (/^\{[^}]+\}$/.test(expected)) score += 2;
    else return undefined;
  }
  return pattern.segments.length === request.segments.length ? score : undefined;
};

export const findRouteRequirements = (
  routes: Readonly<Record<string, RouteRequirements>>,
  routeKey: string,
): RouteRequirements | undefined => {
  const exact = routes[routeKey];
  if (exact) return exact;
  const request = parseRouteKey(routeKey);
  let best: { score: number; requirements: RouteRequirements } | undefined;
  if (request) {
    for (const [key, requirements] of Object.entries(routes)) {
      const pattern = parseRouteKey(key);
      const score = pattern ? specificity(pattern, request) : undefined;
      if (score !== undefined && (!best || score > best.score)) best = { score, requirements };
    }
  }
  return best?.requirements ?? routes[DEFAULT_ROUTE_KEY] ?? routes.$default;
};

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
