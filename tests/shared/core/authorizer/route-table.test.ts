import {
  compileRoutes,
  placeRequest,
  type RoutePlacement,
} from '../../../../shared/core/authorizer/route-table';
import { parseConfig } from '../../../../shared/core/config/parse-config';

/** A table whose routes each require one claim named after the route, to tell them apart. */
const tableOf = (keys: readonly string[]) =>
  compileRoutes(
    parseConfig({
      claims: [],
      authorizer: { routes: Object.fromEntries(keys.map((key) => [key, { claims: ['c'] }])) },
    }).authorizer.routes,
  );

/** The config key a request gets, or the reason it gets none. */
const placed = (placement: RoutePlacement): string =>
  placement.ok ? (placement.route?.key ?? '(no routes)') : placement.reason;

describe('placeRequest, a route template (HTTP API routeKey, REST REQUEST resource)', () => {
  it('gives the route of the same key', () => {
    // Prepare
    const table = tableOf(['GET /me', 'GET /items/{id}', '*']);

    // Act
    const route = placeRequest(table, 'GET /items/{id}', false);

    // Assess
    expect(placed(route)).toBe('GET /items/{id}');
  });

  it('matches a template whose parameters have other names', () => {
    // Prepare
    const table = tableOf(['GET /items/{itemId}']);

    // Act
    const route = placeRequest(table, 'GET /items/{id}', false);

    // Assess
    expect(placed(route)).toBe('GET /items/{itemId}');
  });

  it('does not give a literal route to the template API Gateway selected beside it', () => {
    // Prepare
    const table = tableOf(['GET /items/special', 'GET /items/{id}']);

    // Act
    const route = placeRequest(table, 'GET /items/{name}', false);

    // Assess
    expect(placed(route)).toBe('GET /items/{id}');
  });

  it('covers a greedy template only with a greedy route', () => {
    // Prepare
    const table = tableOf(['GET /{id}', 'GET /{path+}']);

    // Act
    const route = placeRequest(table, 'GET /{proxy+}', false);

    // Assess
    expect(placed(route)).toBe('GET /{path+}');
  });

  it('gives an ANY route only ANY routes, not one for a single method', () => {
    // Prepare
    const table = tableOf(['GET /{proxy+}', 'ANY /{proxy+}']);

    // Act
    const route = placeRequest(table, 'ANY /{proxy+}', false);

    // Assess
    expect(placed(route)).toBe('ANY /{proxy+}');
  });

  it('gives "$default" its own key, else "*"', () => {
    // Act
    const own = placeRequest(tableOf(['GET /me', '$default']), '$default', false);
    const star = placeRequest(tableOf(['GET /me', '*']), '$default', false);

    // Assess
    expect([placed(own), placed(star)]).toEqual(['$default', '*']);
  });
});

describe('placeRequest, a concrete path (REST TOKEN methodArn)', () => {
  it.each([
    ['GET /files/readme', 'GET /files/readme'],
    ['GET /files/other', 'GET /files/{name}'],
    ['GET /files/a/b', 'GET /files/{path+}'],
    ['GET /files', '*'],
    ['POST /files/a', '*'],
  ])('places %s on %s', (routeKey, expected) => {
    // Prepare
    const table = tableOf(['GET /files/{path+}', 'GET /files/{name}', 'GET /files/readme', '*']);

    // Act
    const route = placeRequest(table, routeKey, true);

    // Assess
    expect(placed(route)).toBe(expected);
  });

  it('prefers the left-most literal segment, as API Gateway walks its resource tree', () => {
    // Prepare
    const table = tableOf(['GET /a/{x}/{y}', 'GET /{x}/b/c']);

    // Act
    const route = placeRequest(table, 'GET /a/b/c', true);

    // Assess
    expect(placed(route)).toBe('GET /a/{x}/{y}');
  });

  it('prefers the method to ANY on the same path, and a literal path to a method', () => {
    // Prepare
    const table = tableOf(['ANY /items/{id}', 'DELETE /items/{id}', 'ANY /items/special']);

    // Act
    const picks = ['DELETE /items/42', 'GET /items/42', 'DELETE /items/special'].map((key) =>
      placed(placeRequest(table, key, true)),
    );

    // Assess
    expect(picks).toEqual(['DELETE /items/{id}', 'ANY /items/{id}', 'ANY /items/special']);
  });

  it('never lets a parameter stand for an empty segment', () => {
    // Prepare
    const table = tableOf(['GET /items/{id}', 'GET /{proxy+}']);

    // Act
    const route = placeRequest(table, 'GET /items/', true);

    // Assess
    expect(placed(route)).toBe('GET /{proxy+}');
  });

  it('keeps a colon in the path, so the path cannot pose as a lighter route', () => {
    // Prepare
    const table = tableOf(['GET /public', '*']);

    // Act
    const route = placeRequest(table, 'GET /public:x', true);

    // Assess
    expect(placed(route)).toBe('*');
  });

  it.each([
    ['a trailing slash', 'DELETE /items/42/'],
    ['a repeated slash', 'DELETE /items//42'],
    ['a leading repeated slash', 'DELETE //items/42'],
    ['a dot segment', 'DELETE /items/./42'],
    ['a dot-dot segment', 'DELETE /public/../items/42'],
    ['an encoded dot-dot segment', 'DELETE /public/%2E%2E/items/42'],
    ['a lower-case method', 'delete /items/42'],
    ['an IAM wildcard', 'DELETE /items/*'],
    ['an encoded slash', 'DELETE /items%2F42'],
  ])('denies %s whose readings give different routes', (_name, routeKey) => {
    // Prepare
    const table = tableOf(['DELETE /items/{id}', '*']);

    // Act
    const route = placeRequest(table, routeKey, true);

    // Assess
    expect(placed(route)).toBe('ROUTE_AMBIGUOUS');
  });

  it.each([
    [
      'a percent-encoded character a parameter takes either way',
      'DELETE /items/a%40b.com',
      'DELETE /items/{id}',
    ],
    [
      'a percent-encoded literal segment, whose readings differ',
      'DELETE /%69tems/42',
      'ROUTE_AMBIGUOUS',
    ],
  ])('weighs %s', (_name, routeKey, expected) => {
    // Prepare
    const table = tableOf(['DELETE /items/{id}', 'DELETE /{a}/{b}']);

    // Act
    const route = placeRequest(table, routeKey, true);

    // Assess
    expect(placed(route)).toBe(expected);
  });

  it('places a path with a trailing slash when every reading gets the same route', () => {
    // Prepare
    const table = tableOf(['GET /me', '*']);

    // Act
    const route = placeRequest(table, 'DELETE /items/42/', true);

    // Assess
    expect(placed(route)).toBe('*');
  });

  it('denies a path whose letter case decides between routes, as API Gateway does not say it compares exactly', () => {
    // Prepare
    const table = tableOf(['GET /admin', 'GET /{page}']);

    // Act
    const upper = placeRequest(table, 'GET /ADMIN', true);
    const lower = placeRequest(table, 'GET /admin', true);
    const other = placeRequest(table, 'GET /Home', true);

    // Assess
    expect(upper).toEqual({ ok: false, reason: 'ROUTE_AMBIGUOUS', forms: ['LETTER_CASE'] });
    expect([placed(lower), placed(other)]).toEqual(['GET /admin', 'GET /{page}']);
  });

  it('names the forms it could not place', () => {
    // Prepare
    const table = tableOf(['DELETE /items/{id}', '*']);

    // Act
    const route = placeRequest(table, 'delete /items/42/', true);

    // Assess
    expect(route).toEqual({
      ok: false,
      reason: 'ROUTE_AMBIGUOUS',
      forms: expect.arrayContaining(['METHOD_CASE', 'TRAILING_SLASH']),
    });
  });
});

describe('placeRequest, failing closed', () => {
  it('does not place a request no key matches once any route is configured', () => {
    // Prepare
    const table = tableOf(['GET /me']);

    // Act
    const routes = [
      placeRequest(table, 'GET /other', false),
      placeRequest(table, 'GET /other', true),
      placeRequest(table, 'POST /me', true),
    ];

    // Assess
    expect(routes.map(placed)).toEqual([
      'ROUTE_NOT_CONFIGURED',
      'ROUTE_NOT_CONFIGURED',
      'ROUTE_NOT_CONFIGURED',
    ]);
  });

  it('places every request, with no requirements, when no route is configured', () => {
    // Prepare
    const table = tableOf([]);

    // Act
    const routes = [
      placeRequest(table, 'GET /anything', false),
      placeRequest(table, 'delete //x/../y/', true),
    ];

    // Assess
    expect(routes).toEqual([{ ok: true }, { ok: true }]);
  });

  it.each([
    'toString',
    'constructor',
    '__proto__',
    'hasOwnProperty',
    'GET /toString',
    'GET /__proto__',
    'constructor /prototype',
  ])('treats %j like any other unknown route, never as an object member', (routeKey) => {
    // Prepare
    const table = tableOf(['GET /me']);

    // Act
    const routes = [placeRequest(table, routeKey, false), placeRequest(table, routeKey, true)];

    // Assess
    for (const route of routes) expect(route.ok).toBe(false);
  });
});
