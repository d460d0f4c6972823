import {
  checkRouteRequirements,
  findRouteRequirements,
} from '../../../../shared/core/authorizer/route-requirements';
import type { RouteRequirements } from '../../../../shared/core/claims/types';
import { parseConfig } from '../../../../shared/core/config/parse-config';

const requirements = (route: Record<string, unknown>): RouteRequirements =>
  parseConfig({ claims: [], authorizer: { routes: { 'GET /x': route } } }).authorizer.routes[
    'GET /x'
  ] as RouteRequirements;

describe('checkRouteRequirements', () => {
  it.each([
    [{ tenant_id: 't' }, true],
    [{ tenant_id: '' }, false],
    [{ tenant_id: [] }, false],
    [{ tenant_id: null }, false],
    [{}, false],
  ])('requires a listed claim to be present and non-empty: %j', (claims, ok) => {
    // Act
    const result = checkRouteRequirements(requirements({ claims: ['tenant_id'] }), claims);

    // Assess
    expect(result.ok).toBe(ok);
  });

  it.each([
    [{ permissions: 'items:write' }, true],
    [{ permissions: ['items:read', 'items:write'] }, true],
    [{ permissions: ['items:admin'] }, true],
    [{ permissions: 'items:read' }, false],
    [{ permissions: ['items:read'] }, false],
    [{ permissions: 'items:write items:read' }, false],
    [{ permissions: [['items:write']] }, false],
    [{ permissions: { 'items:write': true } }, false],
    [{ permissions: 1 }, false],
    [{}, false],
  ])('requires one listed value in a claim that is a string or a list: %j', (claims, ok) => {
    // Prepare
    const route = requirements({ values: { permissions: ['items:write', 'items:admin'] } });

    // Act
    const result = checkRouteRequirements(route, claims);

    // Assess
    expect(result.ok).toBe(ok);
  });

  it('requires every claim in values, and names the one that misses with its accepted values', () => {
    // Prepare
    const route = requirements({ values: { tier: ['gold'], permissions: ['items:write'] } });

    // Act
    const result = checkRouteRequirements(route, { tier: 'gold', permissions: ['items:read'] });

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'CLAIM_VALUE_MISSING',
      missing: 'permissions',
      accepted: ['items:write'],
    });
  });

  it.each([
    [{ scope: 'openid api/admin' }, true],
    [{ scope: 'openid' }, false],
    [{ scope: ['api/admin'] }, false],
    [{}, false],
  ])('requires one listed scope in the space-separated scope claim: %j', (claims, ok) => {
    // Act
    const result = checkRouteRequirements(
      requirements({ scopes: ['api/read', 'api/admin'] }),
      claims,
    );

    // Assess
    expect(result.ok).toBe(ok);
  });

  it.each([
    [{ 'cognito:groups': ['staff', 'x'] }, true],
    [{ 'cognito:groups': 'staff' }, true],
    [{ 'cognito:groups': ['guest'] }, false],
    [{}, false],
  ])('requires one listed group in cognito:groups: %j', (claims, ok) => {
    // Act
    const result = checkRouteRequirements(requirements({ groups: ['staff'] }), claims);

    // Assess
    expect(result.ok).toBe(ok);
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'never finds a required claim %s on the object prototype',
    (name) => {
      // Prepare
      const route = requirements({ claims: [name], values: { [name]: ['x'] } });

      // Act
      const result = checkRouteRequirements(route, { sub: 'u' });

      // Assess
      expect(result).toEqual({ ok: false, reason: 'CLAIM_MISSING', missing: name });
    },
  );

  it('never finds scopes or groups on the object prototype', () => {
    // Prepare
    const claims = Object.create({ scope: 'api/read', 'cognito:groups': ['staff'] }) as Record<
      string,
      unknown
    >;

    // Act
    const scope = checkRouteRequirements(requirements({ scopes: ['api/read'] }), claims);
    const group = checkRouteRequirements(requirements({ groups: ['staff'] }), claims);

    // Assess
    expect([scope.ok, group.ok]).toEqual([false, false]);
  });

  it('allows any verified token on a route without requirements', () => {
    // Act
    const result = checkRouteRequirements(undefined, {});

    // Assess
    expect(result).toEqual({ ok: true });
  });
});

describe('findRouteRequirements', () => {
  it('gives the requirements of a route template, and none for a route not configured', () => {
    // Prepare
    const routes = parseConfig({
      claims: [],
      authorizer: { routes: { 'GET /me': { claims: ['tenant_id'] } } },
    }).authorizer.routes;

    // Act
    const me = findRouteRequirements(routes, 'GET /me');
    const other = findRouteRequirements(routes, 'GET /other');

    // Assess
    expect(me?.claims).toEqual(['tenant_id']);
    expect(other).toBeUndefined();
  });
});
