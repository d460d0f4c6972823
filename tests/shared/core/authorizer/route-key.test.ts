import {
  parseRouteTemplate,
  ROUTE_KEY_PATTERN,
  type RouteShape,
  routeIdentity,
} from '../../../../shared/core/authorizer/route-key';

describe('ROUTE_KEY_PATTERN', () => {
  it.each([
    '*',
    '$default',
    'GET /',
    'GET /me',
    'DELETE /items/{id}',
    'ANY /{proxy+}',
    'GET /files/{path+}',
    'POST /v1.2/orders,archive/a:b_c-d',
    'GET /items/{id}/parts/{part}',
  ])('accepts %s', (key) => {
    // Act
    const accepted = ROUTE_KEY_PATTERN.test(key);

    // Assess
    expect(accepted).toBe(true);
  });

  it.each([
    ['a lower-case method', 'get /me'],
    ['an unknown method', 'FETCH /me'],
    ['no path', 'GET'],
    ['a path without a leading slash', 'GET me'],
    ['a trailing slash', 'GET /items/'],
    ['an empty segment', 'GET /items//parts'],
    ['a dot segment', 'GET /items/./parts'],
    ['a dot-dot segment', 'GET /items/..'],
    ['a percent-encoded character', 'GET /a%20b'],
    ['an IAM wildcard', 'GET /items/*'],
    ['a greedy segment before the last', 'GET /{proxy+}/more'],
    ['a parameter inside a segment', 'GET /items{id}'],
    ['a space in the path', 'GET /a b'],
    ['an object member name', 'toString'],
    ['__proto__', '__proto__'],
  ])('rejects %s', (_name, key) => {
    // Act
    const accepted = ROUTE_KEY_PATTERN.test(key);

    // Assess
    expect(accepted).toBe(false);
  });
});

describe('parseRouteTemplate', () => {
  it('reads the method, literal segments, parameters and a greedy parameter', () => {
    // Act
    const shape = parseRouteTemplate('GET /files/{owner}/{path+}');

    // Assess
    expect(shape).toEqual({
      method: 'GET',
      segments: [
        { kind: 'literal', text: 'files' },
        { kind: 'param', text: '{owner}' },
        { kind: 'greedy', text: '{path+}' },
      ],
    });
  });

  it('reads the root path as no segments', () => {
    // Act
    const shape = parseRouteTemplate('GET /');

    // Assess
    expect(shape).toEqual({ method: 'GET', segments: [] });
  });

  it.each(['*', '$default', 'toString', 'GET', ' /x', 'GET x'])('gives nothing for %j', (key) => {
    // Act
    const shape = parseRouteTemplate(key);

    // Assess
    expect(shape).toBeUndefined();
  });
});

describe('routeIdentity', () => {
  it('names two templates that differ only in parameter names as the same route', () => {
    // Prepare
    const keys = ['GET /items/{id}', 'GET /items/{itemId}', 'GET /items/{id+}'];

    // Act
    const identities = keys.map((key) => routeIdentity(parseRouteTemplate(key) as RouteShape));

    // Assess
    expect(identities).toEqual(['GET /items/{}', 'GET /items/{}', 'GET /items/{+}']);
  });
});
