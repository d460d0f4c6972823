/**
 * Every denial through the real authorizer handler, in each event shape it serves: HTTP API
 * payload 2.0 with simple responses and with IAM policies, REST TOKEN (concrete path from
 * `methodArn`) and REST REQUEST (resource template). Each one answers as documented, logs its
 * reason code once and counts it once as an EMF metric.
 */
import type { Context } from 'aws-lambda';
import type { PolicyResponse, SimpleResponse } from '../../shared/runtime/authorizer/authorizer';
import { getTestEvent } from '../helpers/events';
import { type FaultyJwks, serveFaultyJwks } from '../helpers/jwks-faults';
import { lambdaContext } from '../helpers/lambda-context';
import { loadHandler } from '../helpers/load-handler';
import { capturedRecords, clearLogs } from '../helpers/log-capture';
import {
  createSigningKey,
  type JwksServer,
  serveJwks,
  signToken,
  tamperToken,
} from '../helpers/token-signer';

type Handler = (event: unknown, context: Context) => Promise<unknown>;
type Claims = Record<string, unknown>;

const HANDLER = '../../functions/authorizer/handler';
const POOL = 'local_TestPool1';
const CLIENT = 'client-web-1';

const config = {
  claims: [],
  authorizer: {
    routes: {
      'GET /me': { claims: ['tenant_id'] },
      'GET /admin': { groups: ['admin'] },
      'GET /reports': { scopes: ['reports/read'] },
      'DELETE /items/{id}': { values: { permissions: ['items:write'] } },
    },
  },
};

const SHAPES = ['http-api-simple', 'http-api-policy', 'rest-token', 'rest-request'] as const;
type Shape = (typeof SHAPES)[number];

interface Route {
  readonly method: string;
  readonly template: string;
  readonly path: string;
}

const ME: Route = { method: 'GET', template: '/me', path: '/me' };
const key = createSigningKey('kid-1');
const otherKey = createSigningKey('kid-unknown');
let jwks: JwksServer;
let issuer: string;
const handlers = new Map<string, Handler>();

const withEnv = <T>(env: Record<string, string | undefined>, load: () => T): T => {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    return load();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
};

const loadAuthorizer = (env: Record<string, string | undefined>, claimsConfig: unknown = config) =>
  withEnv(env, () => loadHandler<Handler>(HANDLER, claimsConfig));

const now = () => Math.floor(Date.now() / 1000);

const accessClaims = (change: Claims = {}): Claims => ({
  sub: '7d2b8f0e-1111-4c6e-9f43-0123456789ab',
  iss: issuer,
  client_id: CLIENT,
  token_use: 'access',
  scope: 'openid',
  'cognito:groups': ['editor'],
  permissions: ['items:read'],
  auth_time: now(),
  iat: now(),
  exp: now() + 600,
  jti: 'b1d7c0a2-2222-4d3e-8a5b-abcdefabcdef',
  ...change,
});

const ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234';

/** The event API Gateway sends for `route` in `shape`, carrying `token` (or none). */
const eventFor = (shape: Shape, token: string | undefined, route: Route): Claims => {
  const bearer = token === undefined ? undefined : `Bearer ${token}`;
  if (shape === 'http-api-simple' || shape === 'http-api-policy') {
    const event = getTestEvent<Claims>('authorizer/http-api-v2');
    event.routeKey = `${route.method} ${route.template}`;
    event.routeArn = `${ARN}/$default/${route.method}${route.template}`;
    event.identitySource = bearer === undefined ? [] : [bearer];
    event.headers = bearer === undefined ? {} : { authorization: bearer };
    return event;
  }
  if (shape === 'rest-token') {
    const event = getTestEvent<Claims>('authorizer/rest-token');
    event.authorizationToken = bearer ?? '';
    event.methodArn = `${ARN}/prod/${route.method}${route.path}`;
    return event;
  }
  const event = getTestEvent<Claims>('authorizer/rest-request');
  event.resource = route.template;
  event.path = route.path;
  event.httpMethod = route.method;
  event.methodArn = `${ARN}/prod/${route.method}${route.path}`;
  event.headers = bearer === undefined ? {} : { Authorization: bearer };
  return event;
};

const resourceOf = (event: Claims): unknown => event.routeArn ?? event.methodArn;

/** The handler for a shape: simple responses for the first, IAM policies for the others. */
const handlerFor = (shape: Shape): Handler => handlers.get(shape) as Handler;

/**
 * What the handler answered, or the message of what it threw. The context has the 10 s the
 * deployed authorizer gets (serverless.yml): middy aborts a handler at the Lambda deadline, and
 * a loaded machine can take the JWKS timeouts past the 5 s of a trigger's context.
 */
const answer = (handler: Handler, event: unknown): Promise<unknown> =>
  handler(event, { ...lambdaContext(), getRemainingTimeInMillis: () => 10_000 }).catch(
    (error: unknown) => ({
      thrown: error instanceof Error ? error.message : String(error),
    }),
  );

const denials = () =>
  capturedRecords().flatMap((record) =>
    record.denied ? [record.denied as Record<string, unknown>] : [],
  );

/** The EMF documents counting denials, per code (the total carries no code). */
const denialCounts = () =>
  capturedRecords()
    .filter((record) => record.AuthorizerDenials !== undefined)
    .map((record) => ({
      code: record.code,
      count: record.AuthorizerDenials,
      service: record.service,
    }));

/** Asserts one denial: the answer for its shape and status, one log line, one count. */
const expectDenied = (
  shape: Shape,
  event: Claims,
  result: unknown,
  reason: string,
  status: 401 | 403,
) => {
  if (shape === 'http-api-simple') expect(result).toEqual({ isAuthorized: false });
  else if (status === 401) expect(result).toEqual({ thrown: 'Unauthorized' });
  else {
    expect((result as PolicyResponse).policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: resourceOf(event) },
    ]);
  }
  expect(denials().map((denied) => denied.reason)).toEqual([reason]);
  expect(denialCounts()).toEqual([
    { code: reason, count: 1, service: 'authorizer' },
    { code: undefined, count: 1, service: 'authorizer' },
  ]);
};

beforeAll(async () => {
  jwks = await serveJwks([key]);
  issuer = `${jwks.baseUrl}/${POOL}`;
  const env = { JWT_ISSUER_URL: issuer, JWT_AUDIENCE: CLIENT };
  handlers.set('http-api-simple', loadAuthorizer(env));
  const policy = loadAuthorizer({ ...env, AUTHORIZER_RESPONSE_MODE: 'policy' });
  for (const shape of ['http-api-policy', 'rest-token', 'rest-request'])
    handlers.set(shape, policy);
});

afterAll(async () => {
  await jwks.close();
});

beforeEach(() => clearLogs());

const TOKEN_DENIALS: readonly [string, () => string | undefined, string][] = [
  ['no token', () => undefined, 'TOKEN_MISSING'],
  ['a token that is not a JWT', () => 'not-a-jwt', 'TOKEN_MALFORMED'],
  [
    'a tampered payload',
    () => tamperToken(signToken(key, accessClaims()), { 'cognito:groups': ['admin'] }),
    'SIGNATURE_INVALID',
  ],
  [
    'a token signed with HS256',
    () => signToken(key, accessClaims(), { alg: 'HS256' }),
    'ALGORITHM_NOT_ALLOWED',
  ],
  ['an unknown kid', () => signToken(otherKey, accessClaims()), 'KEY_UNKNOWN'],
  [
    'another issuer',
    () => signToken(key, accessClaims({ iss: 'http://127.0.0.1:1/other' })),
    'ISSUER_INVALID',
  ],
  ['an ID token', () => signToken(key, accessClaims({ token_use: 'id' })), 'TOKEN_USE_INVALID'],
  ['another app client', () => signToken(key, accessClaims({ client_id: 'x' })), 'CLIENT_INVALID'],
  [
    'an expired token',
    () => signToken(key, accessClaims({ iat: now() - 7200, exp: now() - 3600 })),
    'TOKEN_EXPIRED',
  ],
  ['a token without exp', () => signToken(key, accessClaims({ exp: undefined })), 'EXPIRY_MISSING'],
  [
    'a token not valid yet',
    () => signToken(key, accessClaims({ nbf: now() + 600, exp: now() + 1200 })),
    'TOKEN_NOT_YET_VALID',
  ],
  [
    'a token issued an hour in the future',
    () => signToken(key, accessClaims({ iat: now() + 3600, exp: now() + 7200 })),
    'TOKEN_ISSUED_IN_FUTURE',
  ],
];

describe.each(SHAPES)('the authorizer, %s', (shape) => {
  it.each(TOKEN_DENIALS)('denies %s as not authenticated', async (_name, makeToken, reason) => {
    // Prepare
    const event = eventFor(shape, makeToken(), ME);

    // Act
    const result = await answer(handlerFor(shape), event);

    // Assess
    expectDenied(shape, event, result, reason, 401);
  });

  it.each<[string, Claims, Route, string]>([
    ['a missing claim', { tenant_id: undefined }, ME, 'CLAIM_MISSING'],
    [
      'a claim without an accepted value',
      { permissions: ['items:read'] },
      { method: 'DELETE', template: '/items/{id}', path: '/items/42' },
      'CLAIM_VALUE_MISSING',
    ],
    [
      'a missing scope',
      {},
      { method: 'GET', template: '/reports', path: '/reports' },
      'SCOPE_MISSING',
    ],
    ['a missing group', {}, { method: 'GET', template: '/admin', path: '/admin' }, 'GROUP_MISSING'],
    [
      'a route no key matches (no "*" configured)',
      { tenant_id: 't' },
      { method: 'GET', template: '/other', path: '/other' },
      'ROUTE_NOT_CONFIGURED',
    ],
  ])('denies a verified token on %s as forbidden', async (_name, change, route, reason) => {
    // Prepare
    const event = eventFor(shape, signToken(key, accessClaims(change)), route);

    // Act
    const result = await answer(handlerFor(shape), event);

    // Assess
    expectDenied(shape, event, result, reason, 403);
    expect(denials()[0]).toMatchObject({ sub: accessClaims().sub, eventKind: expect.any(String) });
  });

  it('names the route, the claim and the accepted values of a claim-value denial', async () => {
    // Prepare
    const route = { method: 'DELETE', template: '/items/{id}', path: '/items/42' };
    const event = eventFor(shape, signToken(key, accessClaims()), route);

    // Act
    await answer(handlerFor(shape), event);

    // Assess
    expect(denials()).toEqual([
      expect.objectContaining({
        reason: 'CLAIM_VALUE_MISSING',
        route: 'DELETE /items/{id}',
        missing: 'permissions',
        accepted: ['items:write'],
      }),
    ]);
  });

  it('allows a token whose claim holds an accepted value', async () => {
    // Prepare
    const route = { method: 'DELETE', template: '/items/{id}', path: '/items/42' };
    const token = signToken(key, accessClaims({ permissions: ['items:read', 'items:write'] }));

    // Act
    const result = await answer(handlerFor(shape), eventFor(shape, token, route));

    // Assess
    const allowed =
      shape === 'http-api-simple'
        ? (result as SimpleResponse).isAuthorized
        : (result as PolicyResponse).policyDocument.Statement[0]?.Effect === 'Allow';
    expect(allowed).toBe(true);
    expect(denialCounts()).toEqual([]);
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    'denies a route named like the object member %s as not configured, without throwing',
    async (member) => {
      // Prepare
      const route = { method: 'GET', template: `/${member}`, path: `/${member}` };
      const event = eventFor(shape, signToken(key, accessClaims({ tenant_id: 't' })), route);

      // Act
      const result = await answer(handlerFor(shape), event);

      // Assess
      expectDenied(shape, event, result, 'ROUTE_NOT_CONFIGURED', 403);
    },
  );

  it('denies every request while the JWKS sends its body too slowly, as JWKS_UNAVAILABLE', async () => {
    // Prepare
    const slow: FaultyJwks = await serveFaultyJwks('stall');
    try {
      const slowIssuer = `${slow.baseUrl}/${POOL}`;
      const handler = loadAuthorizer({
        JWT_ISSUER_URL: slowIssuer,
        JWT_AUDIENCE: CLIENT,
        AUTHORIZER_RESPONSE_MODE: shape === 'http-api-simple' ? 'simple' : 'policy',
      });
      const event = eventFor(shape, signToken(key, accessClaims({ iss: slowIssuer })), ME);

      // Act
      const result = await answer(handler, event);

      // Assess
      expectDenied(shape, event, result, 'JWKS_UNAVAILABLE', 401);
    } finally {
      await slow.close();
    }
  });

  it('denies every request when misconfigured, as AUTHORIZER_MISCONFIGURED', async () => {
    // Prepare
    const handler = loadAuthorizer({
      JWT_ISSUER_URL: undefined,
      JWT_AUDIENCE: CLIENT,
      AUTHORIZER_RESPONSE_MODE: shape === 'http-api-simple' ? 'simple' : 'policy',
    });
    clearLogs();
    const event = eventFor(shape, signToken(key, accessClaims()), ME);

    // Act
    const result = await answer(handler, event);

    // Assess: misconfigured, it cannot know the response mode, so HTTP API gets the plain no.
    expectDenied(
      shape.startsWith('http-api') ? 'http-api-simple' : shape,
      event,
      result,
      'AUTHORIZER_MISCONFIGURED',
      401,
    );
  });
});

describe('the authorizer, REST TOKEN paths API Gateway does not document', () => {
  const routes = {
    'DELETE /items/{id}': { groups: ['admin'], scopes: ['items/write'] },
    '*': { claims: ['tenant_id'] },
  };
  let handler: Handler;
  beforeAll(() => {
    handler = loadAuthorizer(
      { JWT_ISSUER_URL: issuer, JWT_AUDIENCE: CLIENT },
      { claims: [], authorizer: { routes } },
    );
  });
  // A user who meets "*" but neither the group nor the scope DELETE /items/{id} requires.
  const editor = () => signToken(key, accessClaims({ tenant_id: 't' }));

  it.each([
    ['a trailing slash', 'DELETE', '/items/42/'],
    ['a repeated slash', 'DELETE', '/items//42'],
    ['a leading repeated slash', 'DELETE', '//items/42'],
    ['a dot segment', 'DELETE', '/items/./42'],
    ['a dot-dot segment', 'DELETE', '/x/../items/42'],
    ['a percent-encoded dot-dot segment', 'DELETE', '/x/%2e%2e/items/42'],
    ['a percent-encoded segment', 'DELETE', '/%69tems/42'],
    ['a lower-case method', 'delete', '/items/42'],
    ['letters in another case', 'DELETE', '/Items/42'],
  ])('denies %s instead of giving the lighter "*" rule', async (_name, method, path) => {
    // Prepare
    const event = eventFor('rest-token', editor(), { method, template: path, path });

    // Act
    const result = await answer(handler, event);

    // Assess
    expectDenied('rest-token', event, result, 'ROUTE_AMBIGUOUS', 403);
    expect(denials()[0]?.forms).toEqual(expect.any(Array));
  });

  it('still gives "*" to a path every reading gives "*"', async () => {
    // Prepare
    const event = eventFor('rest-token', editor(), {
      method: 'GET',
      template: '',
      path: '/reports/',
    });

    // Act
    const result = (await answer(handler, event)) as PolicyResponse;

    // Assess
    expect(result.policyDocument.Statement[0]?.Effect).toBe('Allow');
  });

  it('gives the canonical path the rule of its route', async () => {
    // Prepare
    const admin = signToken(
      key,
      accessClaims({ tenant_id: 't', 'cognito:groups': ['admin'], scope: 'items/write' }),
    );
    const route = { method: 'DELETE', template: '/items/{id}', path: '/items/42' };

    // Act
    const editorResult = await answer(handler, eventFor('rest-token', editor(), route));
    const adminResult = (await answer(
      handler,
      eventFor('rest-token', admin, route),
    )) as PolicyResponse;

    // Assess
    expect((editorResult as PolicyResponse).policyDocument.Statement[0]?.Effect).toBe('Deny');
    expect(adminResult.policyDocument.Statement[0]?.Effect).toBe('Allow');
  });
});

describe('the authorizer without routes', () => {
  it('allows any verified token on any path, as documented', async () => {
    // Prepare
    const handler = loadAuthorizer(
      { JWT_ISSUER_URL: issuer, JWT_AUDIENCE: CLIENT },
      { claims: [] },
    );
    const token = signToken(key, accessClaims());

    // Act
    const results = (await Promise.all(
      ['/items/42/', '/anything', '//x/../y'].map((path) =>
        answer(handler, eventFor('rest-token', token, { method: 'DELETE', template: path, path })),
      ),
    )) as PolicyResponse[];

    // Assess
    expect(results.map((r) => r.policyDocument.Statement[0]?.Effect)).toEqual([
      'Allow',
      'Allow',
      'Allow',
    ]);
  });
});

describe('the authorizer, an event it does not understand', () => {
  it('rejects it with the Unauthorized error, logged and counted as EVENT_INVALID', async () => {
    // Act
    const result = await answer(handlerFor('rest-token'), { type: 'SOMETHING' });

    // Assess
    expect(result).toEqual({ thrown: 'Unauthorized' });
    expect(denials().map((denied) => denied.reason)).toEqual(['EVENT_INVALID']);
    expect(denialCounts()[0]).toEqual({ code: 'EVENT_INVALID', count: 1, service: 'authorizer' });
  });
});
