/**
 * What a route key is: API Gateway's `<METHOD> <path>` ("GET /items/{id}"), or `"*"` /
 * `"$default"` for the routes no key names. One grammar for the config (checked once, when it is
 * read) and for the route templates requests name (HTTP API `routeKey`, REST `resource`). Pure.
 */

/** The keys that hold the requirements for every request no other key matches. */
export const DEFAULT_ROUTE_KEYS = ['*', '$default'] as const;

export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];

// REST API resource path segments hold only "alphanumeric characters, underscores, hyphens,
// periods, commas, colons, and curly braces" (API Gateway developer guide, "Amazon API Gateway
// important notes for REST APIs"); "." and ".." are never a resource of their own.
const LITERAL = String.raw`(?!\.\.?(?:/|$))[A-Za-z0-9_.,:-]+`;
const PARAM = String.raw`\{[A-Za-z0-9_.-]+\}`;
const GREEDY = String.raw`\{[A-Za-z0-9_.-]+\+\}`;
const SEGMENT = `(?:${LITERAL}|${PARAM})`;

/** A config route key: a default key, or a method and a path whose greedy `{name+}` comes last. */
export const ROUTE_KEY_PATTERN = new RegExp(
  String.raw`^(?:\*|\$default|(?:${ROUTE_METHODS.join('|')}) (?:/|(?:/${SEGMENT})*/(?:${SEGMENT}|${GREEDY})))$`,
);

export const ROUTE_KEY_RULE =
  'a route key is "*", "$default", or "<METHOD> /path": an upper-case method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY) and "/"-separated segments of letters, digits and _ . , : - (no empty, "." or ".." segment, no trailing slash), "{name}", or a last "{name+}"';

export const SegmentKind = {
  LITERAL: 'literal',
  PARAM: 'param',
  GREEDY: 'greedy',
} as const;
export type SegmentKind = (typeof SegmentKind)[keyof typeof SegmentKind];

export interface RouteSegment {
  readonly kind: SegmentKind;
  /** The text of a literal segment; the whole `{name}` of a parameter. */
  readonly text: string;
}

export interface RouteShape {
  readonly method: string;
  readonly segments: readonly RouteSegment[];
}

/** "/items/{id}" → its segments; "/" → none. Every segment is taken as literal text. */
export function pathSegments(path: string): string[] {
  return path === '/' ? [] : path.slice(1).split('/');
}

function segmentOf(text: string): RouteSegment {
  if (text.length > 2 && text.startsWith('{') && text.endsWith('}')) {
    return { kind: text.endsWith('+}') ? SegmentKind.GREEDY : SegmentKind.PARAM, text };
  }
  return { kind: SegmentKind.LITERAL, text };
}

/**
 * A route template ("GET /items/{id}") as its method and segments, `{name}` and `{name+}` read as
 * parameters; undefined for a default key or anything that is not `<METHOD> /path`.
 */
export function parseRouteTemplate(key: string): RouteShape | undefined {
  const space = key.indexOf(' ');
  if (space < 1 || key[space + 1] !== '/') return undefined;
  return {
    method: key.slice(0, space),
    segments: pathSegments(key.slice(space + 1)).map(segmentOf),
  };
}

/** The route a template names, whatever its parameters are called: "GET /items/{}". */
export function routeIdentity(shape: RouteShape): string {
  const parts = shape.segments.map((segment) =>
    segment.kind === SegmentKind.LITERAL
      ? segment.text
      : segment.kind === SegmentKind.PARAM
        ? '{}'
        : '{+}',
  );
  return `${shape.method} /${parts.join('/')}`;
}
