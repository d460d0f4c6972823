/**
 * The authorizer's route placement against a model of API Gateway's own routing, written
 * independently: a walk down the resource tree that tries a literal child, then `{param}`, then a
 * greedy `{param+}`, backing out of a branch that does not end in the method (or ANY), and `"*"`
 * for what no key matches. For every canonical path the placement is the model's route; for every
 * path in a form API Gateway does not document (trailing slash, repeated slashes, dot segments,
 * percent-encoding, letter case, a lower-case method) it is a denial, or the route the model gives
 * both the canonical path and the path taken as sent: never a route API Gateway would not have
 * applied (the encoding may even be applied twice: API Gateway does not say how often it decodes).
 */
import fc from 'fast-check';
import { compileRoutes, placeRequest } from '../../shared/core/authorizer/route-table';
import { parseConfig } from '../../shared/core/config/parse-config';

const RUNS = 400;
const LITERALS = ['a', 'b', 'items', '42'] as const;
const METHODS = ['GET', 'DELETE', 'POST'] as const;

interface Node {
  readonly literal: Map<string, Node>;
  param?: Node;
  greedy?: Node;
  readonly methods: Map<string, string>;
}

const node = (): Node => ({ literal: new Map(), methods: new Map() });

/** The resource tree of the configured keys ("*" left out). */
function treeOf(keys: readonly string[]): Node {
  const root = node();
  for (const key of keys) {
    if (key === '*') continue;
    const [method = '', path = ''] = key.split(' ');
    let at = root;
    for (const part of path === '/' ? [] : path.slice(1).split('/')) {
      if (part.endsWith('+}')) {
        at.greedy ??= node();
        at = at.greedy;
      } else if (part.startsWith('{')) {
        at.param ??= node();
        at = at.param;
      } else {
        const next = at.literal.get(part) ?? node();
        at.literal.set(part, next);
        at = next;
      }
    }
    at.methods.set(method, key);
  }
  return root;
}

/** The key API Gateway's routing gives `method` and `segments`, by the model above. */
function modelRoute(keys: readonly string[], method: string, segments: readonly string[]) {
  const methodOf = (at: Node) => at.methods.get(method) ?? at.methods.get('ANY');
  const walk = (at: Node, i: number): string | undefined => {
    if (i === segments.length) return methodOf(at);
    const segment = segments[i] as string;
    const literal = at.literal.get(segment);
    const viaLiteral = literal ? walk(literal, i + 1) : undefined;
    if (viaLiteral) return viaLiteral;
    const viaParam = at.param && segment !== '' ? walk(at.param, i + 1) : undefined;
    if (viaParam) return viaParam;
    return at.greedy ? methodOf(at.greedy) : undefined;
  };
  return walk(treeOf(keys), 0) ?? (keys.includes('*') ? '*' : undefined);
}

const segmentArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...LITERALS) },
  { weight: 2, arbitrary: fc.constant('{id}') },
);
const keyArb = fc
  .tuple(fc.constantFrom(...METHODS, 'ANY'), fc.array(segmentArb, { maxLength: 3 }), fc.boolean())
  .map(([method, segments, greedy]) => {
    const parts = greedy ? [...segments, '{proxy+}'] : segments;
    return `${method} /${parts.join('/')}`;
  });
/** Keys API Gateway would accept together: no two differing only in parameter names. */
const keysArb = fc
  .tuple(fc.uniqueArray(keyArb, { maxLength: 8 }), fc.boolean())
  .map(([keys, star]) => (star ? [...keys, '*'] : keys));

const pathArb = fc.array(fc.constantFrom(...LITERALS), { maxLength: 4 });

const tableOf = (keys: readonly string[]) =>
  compileRoutes(
    parseConfig({
      claims: [],
      authorizer: { routes: Object.fromEntries(keys.map((key) => [key, {}])) },
    }).authorizer.routes,
  );

/** One way to write a canonical path that API Gateway does not document how it routes. */
const FORMS = {
  trailingSlash: (segments: readonly string[]) => [...segments, ''],
  repeatedSlash: (segments: readonly string[], at: number) => [
    ...segments.slice(0, at),
    '',
    ...segments.slice(at),
  ],
  dotSegment: (segments: readonly string[], at: number) => [
    ...segments.slice(0, at),
    '.',
    ...segments.slice(at),
  ],
  dotDotSegment: (segments: readonly string[], at: number) => [
    ...segments.slice(0, at),
    'x',
    '..',
    ...segments.slice(at),
  ],
  letterCase: (segments: readonly string[], at: number) =>
    segments.map((segment, i) => (i === at ? segment.toUpperCase() : segment)),
  percentEncoded: (segments: readonly string[], at: number) =>
    segments.map((segment, i) =>
      i === at % Math.max(segments.length, 1)
        ? [...segment].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('')
        : segment,
    ),
} as const;
type Form = keyof typeof FORMS;

const formsArb = fc.array(
  fc.tuple(fc.constantFrom(...(Object.keys(FORMS) as Form[])), fc.nat({ max: 4 })),
  { minLength: 1, maxLength: 3 },
);

const resultOf = (keys: readonly string[], routeKey: string) => {
  const placed = placeRequest(tableOf(keys), routeKey, true);
  return placed.ok ? placed.route?.key : placed.reason;
};

describe('route placement against a model of API Gateway routing', () => {
  it('gives every canonical path the route API Gateway selects, or denies what no key matches', () => {
    fc.assert(
      fc.property(keysArb, fc.constantFrom(...METHODS), pathArb, (keys, method, segments) => {
        // Act
        const placed = resultOf(keys, `${method} /${segments.join('/')}`);

        // Assess
        const expected = modelRoute(keys, method, segments) ?? 'ROUTE_NOT_CONFIGURED';
        expect(placed).toBe(keys.length === 0 ? undefined : expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('gives a path in an undocumented form the route of its canonical form and of the path as sent, or a denial', () => {
    fc.assert(
      fc.property(
        keysArb.filter((keys) => keys.length > 0),
        fc.constantFrom(...METHODS),
        fc.boolean(),
        pathArb,
        formsArb,
        (keys, method, lowerCase, segments, forms) => {
          // Prepare
          const written = forms.reduce<readonly string[]>(
            (path, [form, at]) => FORMS[form](path, at % (path.length + 1)),
            segments,
          );
          const path = `/${written.join('/')}`;
          const sent = path === '/' ? [] : path.slice(1).split('/');
          const sentMethod = lowerCase ? method.toLowerCase() : method;

          // Act
          const placed = resultOf(keys, `${sentMethod} ${path}`);

          // Assess: a route only where both readings agree on it; else a denial.
          const canonical = modelRoute(keys, method, segments);
          const asSent = modelRoute(keys, sentMethod, sent);
          const agreed = canonical !== undefined && canonical === asSent ? [canonical] : [];
          const allowed = ['ROUTE_AMBIGUOUS', 'ROUTE_NOT_CONFIGURED', ...agreed];
          expect(allowed).toContain(placed);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('never places a request that no reading of it matches, once a route is configured', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(keyArb, { minLength: 1, maxLength: 6 }),
        fc.string({ maxLength: 30 }),
        fc.boolean(),
        (keys, routeKey, concrete) => {
          // Act
          const placed = placeRequest(tableOf(keys), routeKey, concrete);

          // Assess
          const outcome = placed.ok ? placed.route?.key : placed.reason;
          expect([...keys, 'ROUTE_NOT_CONFIGURED', 'ROUTE_AMBIGUOUS']).toContain(outcome);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
