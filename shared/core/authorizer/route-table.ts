/**
 * Which configured route a request gets, the way API Gateway selects it: the most specific match,
 * segment by segment from the left (a literal beats `{param}`, which beats a greedy `{param+}`),
 * then a method over `ANY` (API Gateway developer guide, "Working with routes for HTTP APIs":
 * "API Gateway selects the route with the most-specific match"); `"*"`, then `"$default"`, for a
 * request no key matches. Fails closed: once any route is configured, a request that matches no
 * key and finds no default is not placed (ROUTE_NOT_CONFIGURED), and a concrete path whose
 * readings (request-path.ts) select different routes is not placed either (ROUTE_AMBIGUOUS).
 *
 * Built once per config, at cold start; request text only ever meets it through a `Map` or a
 * string comparison, never as a property name. Pure.
 */
import type { RouteRequirements } from '../claims/types';
import { DenyReason } from './deny-reason';
import { PathForm, type PathReading, readConcretePath } from './request-path';
import {
  DEFAULT_ROUTE_KEYS,
  parseRouteTemplate,
  type RouteSegment,
  type RouteShape,
  SegmentKind,
} from './route-key';

export interface CompiledRoute {
  /** The config key, as written: what a denial names. */
  readonly key: string;
  readonly requirements: RouteRequirements;
}

interface TemplateRoute extends CompiledRoute {
  readonly shape: RouteShape;
}

export interface RouteTable {
  /** How many keys are configured: none means any verified token will do. */
  readonly size: number;
  readonly exact: ReadonlyMap<string, CompiledRoute>;
  readonly templates: readonly TemplateRoute[];
  readonly fallback?: CompiledRoute;
}

export type RoutePlacement =
  | {
      readonly ok: true;
      /** Undefined only when no route is configured at all. */
      readonly route?: CompiledRoute;
    }
  | {
      readonly ok: false;
      readonly reason: typeof DenyReason.ROUTE_NOT_CONFIGURED | typeof DenyReason.ROUTE_AMBIGUOUS;
      readonly forms?: readonly PathForm[];
    };

export function compileRoutes(routes: Readonly<Record<string, RouteRequirements>>): RouteTable {
  const exact = new Map<string, CompiledRoute>();
  const templates: TemplateRoute[] = [];
  for (const [key, requirements] of Object.entries(routes)) {
    const route = { key, requirements };
    exact.set(key, route);
    const shape = parseRouteTemplate(key);
    if (shape) templates.push({ ...route, shape });
  }
  const fallback = DEFAULT_ROUTE_KEYS.map((key) => exact.get(key)).find((route) => route);
  return { size: exact.size, exact, templates, ...(fallback ? { fallback } : {}) };
}

const RANK = { [SegmentKind.LITERAL]: 3, [SegmentKind.PARAM]: 2, [SegmentKind.GREEDY]: 1 };

interface Match {
  readonly route: TemplateRoute;
  /** How specifically each configured segment matched, left to right. */
  readonly ranks: readonly number[];
  /** 1 for the request's own method, 0 for ANY. */
  readonly methodRank: number;
}

/**
 * Does configured `expected` take request segment `actual` (a concrete segment or a template's)?
 * `foldCase`: compare letters ignoring case, the reading of a router that would.
 */
function segmentMatches(expected: RouteSegment, actual: RouteSegment, foldCase: boolean): boolean {
  if (actual.kind === SegmentKind.GREEDY) return false;
  if (expected.kind === SegmentKind.LITERAL) {
    if (actual.kind !== SegmentKind.LITERAL) return false;
    return foldCase
      ? actual.text.toLowerCase() === expected.text.toLowerCase()
      : actual.text === expected.text;
  }
  // A path parameter never stands for an empty segment.
  return actual.kind === SegmentKind.PARAM || actual.text !== '';
}

function match(
  route: TemplateRoute,
  method: string,
  segments: readonly RouteSegment[],
  foldCase: boolean,
): Match | undefined {
  const { shape } = route;
  if (shape.method !== 'ANY' && shape.method !== method) return undefined;
  const ranks: number[] = [];
  for (let i = 0; i < shape.segments.length; i += 1) {
    const expected = shape.segments[i] as RouteSegment;
    if (expected.kind === SegmentKind.GREEDY) {
      // Validated config keys hold a greedy segment last only; it takes one or more segments.
      if (i >= segments.length) return undefined;
      ranks.push(RANK[SegmentKind.GREEDY]);
      return { route, ranks, methodRank: shape.method === 'ANY' ? 0 : 1 };
    }
    const actual = segments[i];
    if (!actual || !segmentMatches(expected, actual, foldCase)) return undefined;
    ranks.push(RANK[expected.kind]);
  }
  if (shape.segments.length !== segments.length) return undefined;
  return { route, ranks, methodRank: shape.method === 'ANY' ? 0 : 1 };
}

/** Positive when `a` is the more specific match for the same request. */
function compare(a: Match, b: Match): number {
  const length = Math.max(a.ranks.length, b.ranks.length);
  for (let i = 0; i < length; i += 1) {
    const difference = (a.ranks[i] ?? 0) - (b.ranks[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.methodRank - b.methodRank;
}

/** The most specific configured route for a method and segments, else the default, else none. */
function select(
  table: RouteTable,
  method: string,
  segments: readonly RouteSegment[],
  foldCase = false,
): CompiledRoute | undefined {
  let best: Match | undefined;
  for (const route of table.templates) {
    const found = match(route, method, segments, foldCase);
    if (found && (!best || compare(found, best) > 0)) best = found;
  }
  return best?.route ?? table.fallback;
}

const literal = (text: string): RouteSegment => ({ kind: SegmentKind.LITERAL, text });

const selectReading = (table: RouteTable, reading: PathReading, foldCase: boolean) =>
  select(table, reading.method, reading.segments.map(literal), foldCase);

/**
 * The route a request gets. `concrete`: the route key names the path as sent (REST TOKEN, from
 * `methodArn`), not the template API Gateway selected (HTTP API `routeKey`, REST `resource`).
 */
export function placeRequest(
  table: RouteTable,
  routeKey: string,
  concrete: boolean,
): RoutePlacement {
  if (table.size === 0) return { ok: true };
  if (!concrete) {
    const exact = table.exact.get(routeKey);
    if (exact) return { ok: true, route: exact };
    const shape = parseRouteTemplate(routeKey);
    const route = shape ? select(table, shape.method, shape.segments) : table.fallback;
    return route ? { ok: true, route } : { ok: false, reason: DenyReason.ROUTE_NOT_CONFIGURED };
  }
  const space = routeKey.indexOf(' ');
  const read = readConcretePath(routeKey.slice(0, Math.max(space, 0)), routeKey.slice(space + 1));
  if (!read.ok) return { ok: false, reason: DenyReason.ROUTE_AMBIGUOUS, forms: [read.form] };
  // Letter case too: API Gateway does not say that it compares paths exactly.
  const exact = read.readings.map((reading) => selectReading(table, reading, false));
  const folded = read.readings.map((reading) => selectReading(table, reading, true));
  const first = exact[0];
  if ([...exact, ...folded].some((route) => route !== first)) {
    const caseMatters = folded.some((route, i) => route !== exact[i]);
    const forms = caseMatters ? [...read.forms, PathForm.LETTER_CASE] : read.forms;
    return { ok: false, reason: DenyReason.ROUTE_AMBIGUOUS, forms };
  }
  return first
    ? { ok: true, route: first }
    : { ok: false, reason: DenyReason.ROUTE_NOT_CONFIGURED };
}
