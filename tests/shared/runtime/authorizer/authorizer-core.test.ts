import fc from 'fast-check';
import {
  CLAIMS_CONTEXT_KEY,
  decodeAuthorizerContext,
  encodeAuthorizerContext,
} from '../../../../shared/core/api/authorizer-context';
import {
  checkRouteRequirements,
  findRouteRequirements,
} from '../../../../shared/core/authorizer/route-requirements';
import { parseConfig } from '../../../../shared/core/config/parse-config';
import { routeKeyFromArn } from '../../../../shared/runtime/authorizer/authorizer-event';
import { readAuthorizerSettings } from '../../../../shared/runtime/authorizer/settings';
import { createTokenVerifier, denyReasonOf } from '../../../../shared/runtime/authorizer/verifier';
import { createSigningKey, signToken } from '../../../helpers/token-signer';

const config = parseConfig({
  claims: [],
  authorizer: {
    routes: {
      'GET /me': { claims: ['tenant_id'] },
      '*': { scopes: ['api/read', 'api/admin'], groups: ['staff'] },
    },
  },
});

describe('readAuthorizerSettings', () => {
  it('recognises a Cognito issuer and keeps its pool id', () => {
    // Act
    const settings = readAuthorizerSettings(
      {
        JWT_ISSUER_URL: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/',
        JWT_AUDIENCE: ' a, b ,',
      },
      config,
    );

    // Assess
    expect(settings).toEqual({
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
      userPoolId: 'eu-west-1_AbCdEf123',
      jwksUri:
        'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/.well-known/jwks.json',
      clientIds: ['a', 'b'],
      tokenUse: 'access',
      responseMode: 'simple',
    });
  });

  it('takes a local issuer, a JWKS override and the token use from the environment', () => {
    // Act
    const settings = readAuthorizerSettings(
      {
        JWT_ISSUER_URL: 'http://127.0.0.1:9229/local_pool',
        JWT_AUDIENCE: 'c',
        JWT_JWKS_URI: 'http://localhost:9229/local_pool/keys.json',
        AUTHORIZER_TOKEN_USE: 'id',
        AUTHORIZER_RESPONSE_MODE: 'policy',
      },
      config,
    );

    // Assess
    expect(settings.userPoolId).toBeUndefined();
    expect(settings.jwksUri).toBe('http://localhost:9229/local_pool/keys.json');
    expect(settings.tokenUse).toBe('id');
    expect(settings.responseMode).toBe('policy');
  });

  it.each([
    [{ JWT_AUDIENCE: 'c' }, /^JWT_ISSUER_URL: is required/],
    [{ JWT_ISSUER_URL: 'https://issuer.example.com' }, /^JWT_AUDIENCE: is required/],
    [{ JWT_ISSUER_URL: 'not a url', JWT_AUDIENCE: 'c' }, /^JWT_ISSUER_URL: expected a URL/],
    [
      { JWT_ISSUER_URL: 'http://10.0.0.8/p', JWT_AUDIENCE: 'c' },
      /^JWT_ISSUER_URL: expected an https URL/,
    ],
    [
      {
        JWT_ISSUER_URL: 'https://i.example.com',
        JWT_AUDIENCE: 'c',
        AUTHORIZER_TOKEN_USE: 'refresh',
      },
      /^AUTHORIZER_TOKEN_USE: expected "access" or "id"/,
    ],
    [
      { JWT_ISSUER_URL: 'https://i.example.com', JWT_AUDIENCE: 'c', AUTHORIZER_RESPONSE_MODE: 'x' },
      /^AUTHORIZER_RESPONSE_MODE: expected "simple" or "policy"/,
    ],
  ])('names the variable that is wrong in %j', (env, message) => {
    // Act
    const read = () => readAuthorizerSettings(env, config);

    // Assess
    expect(read).toThrow(message);
  });
});

describe('createTokenVerifier for a Cognito user pool', () => {
  const key = createSigningKey('cognito-kid');
  const pool = 'eu-west-1_AbCdEf123';
  const settings = readAuthorizerSettings(
    { JWT_ISSUER_URL: `https://cognito-idp.eu-west-1.amazonaws.com/${pool}`, JWT_AUDIENCE: 'web' },
    config,
  );
  const fetched: string[] = [];
  // Stands in for Cognito's https JWKS endpoint: no network.
  const verifier = createTokenVerifier(settings, {
    fetcher: {
      fetch: async (uri: string) => {
        fetched.push(uri);
        return new TextEncoder().encode(JSON.stringify({ keys: [key.jwk] })).buffer as ArrayBuffer;
      },
    },
  });
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: `https://cognito-idp.eu-west-1.amazonaws.com/${pool}`,
    sub: 'u-1',
    client_id: 'web',
    token_use: 'access',
    tenant: { id: 't-1' },
    iat: now,
    exp: now + 300,
  };

  it('verifies a pool token against the pool JWKS and keeps nested claims', async () => {
    // Act
    const payload = await verifier.verify(signToken(key, claims));

    // Assess
    expect(payload.tenant).toEqual({ id: 't-1' });
    expect(fetched).toEqual([
      `https://cognito-idp.eu-west-1.amazonaws.com/${pool}/.well-known/jwks.json`,
    ]);
  });

  it.each([
    [{ token_use: 'id', aud: 'web' }, 'TOKEN_USE_INVALID'],
    [{ client_id: 'mobile' }, 'CLIENT_INVALID'],
    [{ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other999' }, 'ISSUER_INVALID'],
    [{ exp: now - 1 }, 'TOKEN_EXPIRED'],
  ])('refuses a pool token with %j', async (change, reason) => {
    // Act
    const error = await verifier.verify(signToken(key, { ...claims, ...change })).catch((e) => e);

    // Assess
    expect(denyReasonOf(error)).toBe(reason);
  });

  it('refuses a correctly signed pool token that has no exp', async () => {
    // Prepare
    const { exp: _exp, ...timeless } = claims;

    // Act
    const error = await verifier.verify(signToken(key, timeless)).catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(denyReasonOf(error)).toBe('EXPIRY_MISSING');
  });
});

describe('route requirements', () => {
  it('uses the exact route first and "*" for every other route', () => {
    // Act
    const me = findRouteRequirements(config.authorizer.routes, 'GET /me');
    const other = findRouteRequirements(config.authorizer.routes, 'POST /orders');

    // Assess
    expect(me?.claims).toEqual(['tenant_id']);
    expect(other?.groups).toEqual(['staff']);
  });

  it.each([
    [{ tenant_id: 't' }, 'GET /me', true],
    [{ tenant_id: '' }, 'GET /me', false],
    [{ tenant_id: [] }, 'GET /me', false],
    [{ scope: 'api/admin', 'cognito:groups': ['staff'] }, 'GET /x', true],
    [{ scope: 'openid', 'cognito:groups': ['staff'] }, 'GET /x', false],
    [{ scope: 'api/read', 'cognito:groups': ['guest'] }, 'GET /x', false],
    [{ scope: 'api/read' }, 'GET /x', false],
  ])('checks %j on %s', (claims, route, ok) => {
    // Act
    const result = checkRouteRequirements(
      findRouteRequirements(config.authorizer.routes, route),
      claims,
    );

    // Assess
    expect(result.ok).toBe(ok);
  });

  it('allows any verified token on a route without requirements', () => {
    // Act
    const result = checkRouteRequirements(undefined, {});

    // Assess
    expect(result).toEqual({ ok: true });
  });

  it('derives the route key from a REST method ARN', () => {
    // Act
    const key = routeKeyFromArn('arn:aws:execute-api:eu-west-1:1:api/prod/DELETE/items/42');

    // Assess
    expect(key).toBe('DELETE /items/42');
  });
});

describe('route matching, the way API Gateway picks a route', () => {
  const admin = { groups: ['admin'] };
  const routes = (keys: Record<string, { claims?: string[]; groups?: string[] }>) =>
    parseConfig({ claims: [], authorizer: { routes: keys } }).authorizer.routes;
  /** The requirements that apply, named by the claim each configured route requires. */
  const chosen = (table: Record<string, string>, routeKey: string) => {
    const configured = routes(
      Object.fromEntries(Object.entries(table).map(([key, claim]) => [key, { claims: [claim] }])),
    );
    return findRouteRequirements(configured, routeKey)?.claims[0];
  };

  it('keeps a colon in a REST method ARN path, so the path cannot pose as a lighter route', () => {
    // Prepare
    const configured = routes({ 'GET /public': {}, '*': admin });
    const arn = 'arn:aws:execute-api:eu-west-1:1:api/prod/GET/public:x/../admin/users';

    // Act
    const routeKey = routeKeyFromArn(arn);
    const requirements = findRouteRequirements(configured, routeKey);

    // Assess
    expect(routeKey).toBe('GET /public:x/../admin/users');
    expect(requirements?.groups).toEqual(['admin']);
    expect(checkRouteRequirements(requirements, { sub: 'u' }).ok).toBe(false);
  });

  it('matches a templated route to the concrete path a REST TOKEN event names', () => {
    // Act
    const requirements = findRouteRequirements(
      routes({ 'DELETE /items/{id}': admin }),
      'DELETE /items/42',
    );

    // Assess
    expect(requirements?.groups).toEqual(['admin']);
  });

  it.each([
    ['GET /files/a/b/c', 'files'],
    ['GET /files/a', 'files'],
    ['GET /files', 'default'],
    ['POST /files/a', 'default'],
  ])('matches a greedy route only below its prefix: %s', (routeKey, expected) => {
    // Act
    const claim = chosen({ 'GET /files/{path+}': 'files', '*': 'default' }, routeKey);

    // Assess
    expect(claim).toBe(expected);
  });

  it('matches ANY to every method', () => {
    // Act
    const post = chosen({ 'ANY /x': 'any' }, 'POST /x');
    const del = chosen({ 'ANY /x': 'any' }, 'DELETE /x');

    // Assess
    expect([post, del]).toEqual(['any', 'any']);
  });

  it('prefers a literal segment to a template, and a template to a greedy one', () => {
    // Prepare
    const table = {
      'GET /files/{path+}': 'greedy',
      'GET /files/{name}': 'template',
      'GET /files/readme': 'literal',
    };

    // Act
    const picks = ['GET /files/readme', 'GET /files/other', 'GET /files/a/b'].map((key) =>
      chosen(table, key),
    );

    // Assess
    expect(picks).toEqual(['literal', 'template', 'greedy']);
  });

  it('prefers a route with the method to the same route with ANY', () => {
    // Prepare
    const table = { 'ANY /items/{id}': 'any', 'DELETE /items/{id}': 'delete' };

    // Act
    const del = chosen(table, 'DELETE /items/42');
    const get = chosen(table, 'GET /items/42');

    // Assess
    expect([del, get]).toEqual(['delete', 'any']);
  });

  it('falls back to "*", then "$default", when no route matches', () => {
    // Act
    const star = chosen({ 'GET /a': 'a', '*': 'star', $default: 'dollar' }, 'GET /b');
    const dollar = chosen({ 'GET /a': 'a', $default: 'dollar' }, 'GET /b');
    const none = chosen({ 'GET /a': 'a' }, 'GET /b');

    // Assess
    expect([star, dollar, none]).toEqual(['star', 'dollar', undefined]);
  });

  it('matches the template a REST REQUEST event names, not a literal route beside it', () => {
    // Act
    const claim = chosen(
      { 'GET /items/{id}': 'item', 'GET /items/special': 'literal' },
      'GET /items/{id}',
    );

    // Assess
    expect(claim).toBe('item');
  });
});

describe('authorizer context encoding', () => {
  const jsonValue = fc.oneof(
    fc.string(),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.array(fc.string()),
    fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())),
  );

  it('carries only strings, numbers and booleans, and decodes back to the same claims', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), jsonValue), (claims) => {
        // Act
        const context = encodeAuthorizerContext(claims);
        const decoded = decodeAuthorizerContext(context);

        // Assess
        for (const value of Object.values(context)) {
          expect(['string', 'number', 'boolean']).toContain(typeof value);
        }
        expect(decoded).toEqual(JSON.parse(JSON.stringify(claims)));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a claim named like the JSON key from overwriting it', () => {
    // Act
    const context = encodeAuthorizerContext({ [CLAIMS_CONTEXT_KEY]: 'spoof', sub: 'u' });

    // Assess
    expect(decodeAuthorizerContext(context)).toEqual({ [CLAIMS_CONTEXT_KEY]: 'spoof', sub: 'u' });
  });
});
