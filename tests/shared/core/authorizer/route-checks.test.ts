import { routeConfigIssues } from '../../../../shared/core/authorizer/route-checks';
import { parseConfig } from '../../../../shared/core/config/parse-config';
import { ConfigError } from '../../../../shared/core/errors';

const issuesOf = (routes: Record<string, unknown>): { path: string; message: string }[] => {
  try {
    parseConfig({ claims: [], authorizer: { routes } }, 'test');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  return [];
};

describe('routeConfigIssues', () => {
  it('finds two keys for one route, whatever their parameters are called', () => {
    // Act
    const issues = routeConfigIssues({
      'GET /items/{id}': {},
      'GET /items/{itemId}': {},
      'DELETE /items/{itemId}': {},
    });

    // Assess
    expect(issues).toEqual([
      {
        path: ['GET /items/{itemId}'],
        message:
          'names the same route as "GET /items/{id}" (only the parameter names differ); keep one',
      },
    ]);
  });

  it('finds "$default" beside "*", and values for the scope claim', () => {
    // Act
    const issues = routeConfigIssues({
      '*': {},
      $default: {},
      'GET /x': { values: { scope: [] } },
    });

    // Assess
    expect(issues.map((issue) => issue.path)).toEqual([
      ['GET /x', 'values', 'scope'],
      ['$default'],
    ]);
  });
});

describe('the config reader, on authorizer routes', () => {
  it('reads claim-value requirements, without duplicate values', () => {
    // Act
    const routes = parseConfig({
      claims: [],
      authorizer: {
        routes: {
          'DELETE /items/{id}': { values: { permissions: ['items:write', 'items:write'] } },
        },
      },
    }).authorizer.routes;

    // Assess
    expect(routes['DELETE /items/{id}']).toEqual({
      claims: [],
      values: { permissions: ['items:write'] },
      scopes: [],
      groups: [],
    });
  });

  it('fills in no values for a route without them', () => {
    // Act
    const routes = parseConfig({
      claims: [],
      authorizer: { routes: { 'GET /me': { claims: ['tenant_id'] } } },
    }).authorizer.routes;

    // Assess
    expect(routes['GET /me']?.values).toEqual({});
  });

  it('names every bad value requirement with its JSON path, in one pass', () => {
    // Act
    const issues = issuesOf({
      'GET /a': { values: { permissions: [] } },
      'GET /b': { values: { permissions: [''] } },
      'GET /c': { values: { permissions: 'items:write' } },
      'GET /d': { values: { 'bad name': ['x'] } },
      'GET /e': { values: ['permissions'] },
      'GET /f': { value: { permissions: ['x'] } },
    });

    // Assess
    expect(issues).toEqual([
      {
        path: '$.authorizer.routes["GET /a"].values.permissions',
        message: 'list at least one value, or leave the claim out',
      },
      {
        path: '$.authorizer.routes["GET /b"].values.permissions[0]',
        message: 'a claim value must not be empty',
      },
      {
        path: '$.authorizer.routes["GET /c"].values.permissions',
        message: 'expected an array of claim values',
      },
      {
        path: '$.authorizer.routes["GET /d"].values["bad name"]',
        message: 'bad key: a claim name must not contain spaces or control characters',
      },
      { path: '$.authorizer.routes["GET /e"].values', message: 'expected an object' },
      {
        path: '$.authorizer.routes["GET /f"].value',
        message: expect.stringMatching(/^unknown key/),
      },
    ]);
  });

  it('rejects a route key API Gateway could not route to, naming the rule', () => {
    // Act
    const issues = issuesOf({ 'GET /items/': {}, 'GET /items/{id}': {} });

    // Assess
    expect(issues).toEqual([
      {
        path: '$.authorizer.routes["GET /items/"]',
        message: expect.stringMatching(/^bad key: a route key is .*no trailing slash/),
      },
    ]);
  });

  it('rejects two keys for one route with the path of the second', () => {
    // Act
    const issues = issuesOf({ 'GET /items/{id}': {}, 'GET /items/{itemId}': {} });

    // Assess
    expect(issues.map((issue) => issue.path)).toEqual([
      '$.authorizer.routes["GET /items/{itemId}"]',
    ]);
  });
});
