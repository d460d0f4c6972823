/**
 * What the config's `authorizer.routes` must hold beyond its shape, checked once when the config
 * is read: no two keys for the one route (API Gateway selects a route by its segments, not by what
 * its parameters are called, so "GET /items/{id}" and "GET /items/{itemId}" would tie), one
 * default key at most, and no `values` for `scope` (a space-separated list: `scopes` checks it).
 * Pure.
 */
import { parseRouteTemplate, routeIdentity } from './route-key';

export interface RouteIssue {
  /** Below `$.authorizer.routes`. */
  readonly path: readonly string[];
  readonly message: string;
}

export function routeConfigIssues(
  routes: Readonly<Record<string, { readonly values?: Readonly<Record<string, unknown>> }>>,
): RouteIssue[] {
  const issues: RouteIssue[] = [];
  const seen = new Map<string, string>();
  for (const [key, entry] of Object.entries(routes)) {
    const shape = parseRouteTemplate(key);
    if (shape) {
      const identity = routeIdentity(shape);
      const earlier = seen.get(identity);
      if (earlier !== undefined) {
        issues.push({
          path: [key],
          message: `names the same route as "${earlier}" (only the parameter names differ); keep one`,
        });
      } else {
        seen.set(identity, key);
      }
    }
    if (entry.values && Object.hasOwn(entry.values, 'scope')) {
      issues.push({
        path: [key, 'values', 'scope'],
        message: '"scope" is a space-separated list: require scopes with "scopes" instead',
      });
    }
  }
  if (Object.hasOwn(routes, '*') && Object.hasOwn(routes, '$default')) {
    issues.push({
      path: ['$default'],
      message: 'never applies beside "*" (both hold the default requirements); keep one',
    });
  }
  return issues;
}
