import type { Context } from 'aws-lambda';
import { decodeAuthorizerContext } from '../../shared/core/api/authorizer-context';
import type { PolicyResponse, SimpleResponse } from '../../shared/runtime/authorizer/authorizer';
import { getTestEvent } from '../helpers/events';
import { lambdaContext } from '../helpers/lambda-context';
import { loadHandler } from '../helpers/load-handler';
import { capturedLines, capturedRecords, clearLogs } from '../helpers/log-capture';
import {
  createSigningKey,
  type JwksServer,
  serveJwks,
  signToken,
  tamperToken,
  unsignedToken,
} from '../helpers/token-signer';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const HANDLER = '../../functions/authorizer/handler';
const POOL = 'local_TestPool1';
const CLIENT = 'client-web-1';

const config = {
  claims: [
    { claim: 'tenant_id', from: 'custom:tenant_id', type: 'string', required: true },
    { claim: 'roles', from: 'custom:roles', type: 'string[]' },
    { claim: 'employee_number', from: 'custom:employee_no', type: 'number' },
  ],
  authorizer: {
    tokenUse: 'access',
    routes: {
      'GET /me': { claims: ['tenant_id'] },
      'GET /admin': { groups: ['admin'] },
      'GET /reports': { scopes: ['reports/read'] },
      'GET /items/{id}': { claims: ['tenant_id'] },
    },
  },
};

const key = createSigningKey('kid-1');
const otherKey = createSigningKey('kid-unknown');
let jwks: JwksServer;
let issuer: string;

const loadAuthorizer = (env: Record<string, string>, claimsConfig: unknown = config): Handler => {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return loadHandler<Handler>(HANDLER, claimsConfig);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
};

const now = () => Math.floor(Date.now() / 1000);

const accessClaims = (change: Record<string, unknown> = {}) => ({
  sub: '7d2b8f0e-1111-4c6e-9f43-0123456789ab',
  iss: issuer,
  client_id: CLIENT,
  token_use: 'access',
  scope: 'openid reports/read',
  username: 'demo-user',
  'cognito:groups': ['admin', 'editor'],
  tenant_id: 'tenant-42',
  roles: ['admin', 'editor'],
  employee_number: 42,
  org: { id: 'o-1', tier: 2 },
  auth_time: now(),
  iat: now(),
  exp: now() + 600,
  jti: 'b1d7c0a2-2222-4d3e-8a5b-abcdefabcdef',
  ...change,
});

const idClaims = () => {
  const { client_id: _client, scope: _scope, username: _username, ...rest } = accessClaims();
  return { ...rest, aud: CLIENT, token_use: 'id', 'cognito:username': 'demo-user' };
};

const httpEvent = (token: string | undefined, routeKey = 'GET /me') => {
  const event = getTestEvent<Record<string, unknown>>('authorizer/http-api-v2');
  event.routeKey = routeKey;
  event.identitySource = token === undefined ? [] : [`Bearer ${token}`];
  event.headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
  return event;
};

const tokenEvent = (token: string, path = 'me') => {
  const event = getTestEvent<Record<string, unknown>>('authorizer/rest-token');
  event.authorizationToken = `Bearer ${token}`;
  event.methodArn = `arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/GET/${path}`;
  return event;
};

const deniedReasons = () =>
  capturedRecords()
    .map((record) => (record.denied as { reason?: string } | undefined)?.reason)
    .filter((reason) => reason !== undefined);

beforeAll(async () => {
  jwks = await serveJwks([key]);
  issuer = `${jwks.baseUrl}/${POOL}`;
});

afterAll(async () => {
  await jwks.close();
});

beforeEach(() => clearLogs());

describe('authorizer handler, logging', () => {
  it('never logs the event or its bearer token, even when POWERTOOLS_LOGGER_LOG_EVENT asks', async () => {
    // Prepare
    const chatty = loadAuthorizer({
      JWT_ISSUER_URL: issuer,
      JWT_AUDIENCE: CLIENT,
      POWERTOOLS_LOGGER_LOG_EVENT: 'true',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
    });
    const token = signToken(key, accessClaims());
    clearLogs();

    // Act
    const result = (await chatty(httpEvent(token), lambdaContext())) as SimpleResponse;

    // Assess
    expect(result.isAuthorized).toBe(true);
    expect(capturedLines().length).toBeGreaterThan(0);
    expect(capturedLines().join('\n')).not.toContain(token.split('.')[1]);
  });
});

describe('authorizer handler, HTTP API simple responses', () => {
  let handler: Handler;
  beforeAll(() => {
    handler = loadAuthorizer({ JWT_ISSUER_URL: issuer, JWT_AUDIENCE: `other-client,${CLIENT}` });
  });

  it('allows a valid access token and passes the claims with their types intact', async () => {
    // Prepare
    const token = signToken(key, accessClaims());

    // Act
    const result = (await handler(httpEvent(token), lambdaContext())) as SimpleResponse;

    // Assess
    expect(result.isAuthorized).toBe(true);
    expect(result.context?.tenant_id).toBe('tenant-42');
    expect(result.context?.employee_number).toBe(42);
    expect(result.context?.roles).toBeUndefined();
    const claims = decodeAuthorizerContext(result.context);
    expect(claims?.roles).toEqual(['admin', 'editor']);
    expect(claims?.org).toEqual({ id: 'o-1', tier: 2 });
    expect(claims?.employee_number).toBe(42);
    expect(claims?.['cognito:groups']).toEqual(['admin', 'editor']);
    for (const value of Object.values(result.context ?? {})) {
      expect(['string', 'number', 'boolean']).toContain(typeof value);
    }
  });

  it('fetches the JWKS once and reuses it across invocations', async () => {
    // Prepare
    const fresh = loadAuthorizer({ JWT_ISSUER_URL: issuer, JWT_AUDIENCE: CLIENT });
    const before = jwks.hits();

    // Act
    for (let i = 0; i < 5; i += 1) {
      const result = (await fresh(
        httpEvent(signToken(key, accessClaims({ jti: `j-${i}` }))),
        lambdaContext(),
      )) as SimpleResponse;
      expect(result.isAuthorized).toBe(true);
    }

    // Assess
    expect(jwks.hits() - before).toBe(1);
  });

  it.each([
    [
      'a tampered payload',
      () => tamperToken(signToken(key, accessClaims()), { tenant_id: 'other' }),
      'SIGNATURE_INVALID',
    ],
    ['alg none', () => unsignedToken(accessClaims(), key.kid), 'TOKEN_MALFORMED'],
    ['an unknown kid', () => signToken(otherKey, accessClaims()), 'KEY_UNKNOWN'],
    [
      'an ID token where an access token is required',
      () => signToken(key, idClaims()),
      'TOKEN_USE_INVALID',
    ],
    [
      'an expired token',
      () => signToken(key, accessClaims({ iat: now() - 7200, exp: now() - 3600 })),
      'TOKEN_EXPIRED',
    ],
    [
      'a token for another app client',
      () => signToken(key, accessClaims({ client_id: 'stranger' })),
      'CLIENT_INVALID',
    ],
    [
      'a token from another issuer',
      () => signToken(key, accessClaims({ iss: 'http://127.0.0.1:1/other' })),
      'ISSUER_INVALID',
    ],
    ['a token that is not a JWT', () => 'not-a-jwt', 'TOKEN_MALFORMED'],
  ])('denies %s', async (_name, makeToken, reason) => {
    // Prepare
    const token = makeToken();

    // Act
    const result = (await handler(httpEvent(token), lambdaContext())) as SimpleResponse;

    // Assess
    expect(result).toEqual({ isAuthorized: false });
    expect(deniedReasons()).toEqual([reason]);
  });

  it('denies a correctly signed token that has no exp', async () => {
    // Prepare
    const { exp: _exp, ...timeless } = accessClaims();
    const token = signToken(key, timeless);

    // Act
    const result = (await handler(httpEvent(token), lambdaContext())) as SimpleResponse;

    // Assess
    expect(result).toEqual({ isAuthorized: false });
    expect(deniedReasons()).toEqual(['EXPIRY_MISSING']);
  });

  it('denies a request without a token', async () => {
    // Act
    const result = (await handler(httpEvent(undefined), lambdaContext())) as SimpleResponse;

    // Assess
    expect(result).toEqual({ isAuthorized: false });
    expect(deniedReasons()).toEqual(['TOKEN_MISSING']);
  });

  it('denies a verified token that lacks a claim the route requires', async () => {
    // Prepare
    const { tenant_id: _dropped, ...claims } = accessClaims();
    const token = signToken(key, claims);

    // Act
    const result = (await handler(httpEvent(token, 'GET /me'), lambdaContext())) as SimpleResponse;

    // Assess
    expect(result).toEqual({ isAuthorized: false });
    const record = capturedRecords().find((r) => r.denied) as { denied: Record<string, unknown> };
    expect(record.denied).toMatchObject({ reason: 'CLAIM_MISSING', missing: 'tenant_id' });
    expect(record.denied.sub).toBe(claims.sub);
  });

  it('checks route groups and scopes', async () => {
    // Prepare
    const editor = signToken(key, accessClaims({ 'cognito:groups': ['editor'], scope: 'openid' }));
    const admin = signToken(key, accessClaims());

    // Act
    const results = await Promise.all([
      handler(httpEvent(editor, 'GET /admin'), lambdaContext()),
      handler(httpEvent(editor, 'GET /reports'), lambdaContext()),
      handler(httpEvent(admin, 'GET /admin'), lambdaContext()),
      handler(httpEvent(admin, 'GET /reports'), lambdaContext()),
    ]);

    // Assess
    expect(results.map((r) => (r as SimpleResponse).isAuthorized)).toEqual([
      false,
      false,
      true,
      true,
    ]);
    expect(deniedReasons().sort()).toEqual(['GROUP_MISSING', 'SCOPE_MISSING']);
  });

  it('never logs a token, not even when it denies', async () => {
    // Prepare
    const token = tamperToken(signToken(key, accessClaims()), { roles: ['root'] });

    // Act
    await handler(httpEvent(token), lambdaContext());

    // Assess
    const text = JSON.stringify(capturedRecords());
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[1]);
    expect(deniedReasons()).toEqual(['SIGNATURE_INVALID']);
  });
});

describe('authorizer handler, IAM policy responses', () => {
  let handler: Handler;
  beforeAll(() => {
    handler = loadAuthorizer({ JWT_ISSUER_URL: issuer, JWT_AUDIENCE: CLIENT });
  });

  it('answers a REST TOKEN event with an Allow policy for the method and the claims', async () => {
    // Prepare
    const token = signToken(key, accessClaims());
    const event = tokenEvent(token);

    // Act
    const result = (await handler(event, lambdaContext())) as PolicyResponse;

    // Assess
    expect(result.principalId).toBe(accessClaims().sub);
    expect(result.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn },
    ]);
    expect(decodeAuthorizerContext(result.context)?.roles).toEqual(['admin', 'editor']);
  });

  it('matches a REST REQUEST event on its resource template', async () => {
    // Prepare
    const { tenant_id: _dropped, ...claims } = accessClaims();
    const event = getTestEvent<Record<string, Record<string, string>>>('authorizer/rest-request');
    event.headers = { ...event.headers, Authorization: `Bearer ${signToken(key, claims)}` };

    // Act
    const result = (await handler(event, lambdaContext())) as PolicyResponse;

    // Assess
    expect(result.policyDocument.Statement[0]?.Effect).toBe('Deny');
    const record = capturedRecords().find((r) => r.denied) as { denied: Record<string, unknown> };
    expect(record.denied).toMatchObject({ reason: 'CLAIM_MISSING', routeKey: 'GET /items/{id}' });
  });

  it('denies a REST TOKEN event for a concrete path that a templated route restricts', async () => {
    // Prepare
    const restricted = loadAuthorizer(
      { JWT_ISSUER_URL: issuer, JWT_AUDIENCE: CLIENT },
      { claims: [], authorizer: { routes: { 'DELETE /items/{id}': { groups: ['admin'] } } } },
    );
    const { 'cognito:groups': _groups, ...claims } = accessClaims();
    const event = tokenEvent(signToken(key, claims));
    event.methodArn = 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/DELETE/items/42';

    // Act
    const result = (await restricted(event, lambdaContext())) as PolicyResponse;

    // Assess
    expect(result.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: event.methodArn },
    ]);
    const record = capturedRecords().find((r) => r.denied) as { denied: Record<string, unknown> };
    expect(record.denied).toMatchObject({ reason: 'GROUP_MISSING', routeKey: 'DELETE /items/42' });
  });

  it('rejects an unverifiable token with the Unauthorized error (401)', async () => {
    // Prepare
    const token = tamperToken(signToken(key, accessClaims()), { tenant_id: 'other' });

    // Act
    const run = handler(tokenEvent(token), lambdaContext());

    // Assess
    await expect(run).rejects.toThrow(/^Unauthorized$/);
  });

  it('answers HTTP API payload 2.0 with a policy when configured for policy responses', async () => {
    // Prepare
    const policyHandler = loadAuthorizer({
      JWT_ISSUER_URL: issuer,
      JWT_AUDIENCE: CLIENT,
      AUTHORIZER_RESPONSE_MODE: 'policy',
    });
    const event = httpEvent(signToken(key, accessClaims()));

    // Act
    const allowed = (await policyHandler(event, lambdaContext())) as PolicyResponse;
    const expired = policyHandler(
      httpEvent(signToken(key, accessClaims({ exp: now() - 10 }))),
      lambdaContext(),
    );

    // Assess
    expect(allowed.policyDocument.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Resource: event.routeArn,
    });
    await expect(expired).rejects.toThrow(/^Unauthorized$/);
  });
});

describe('authorizer handler, failing closed', () => {
  it('denies every token while the JWKS cannot be fetched', async () => {
    // Prepare
    const broken = await serveJwks([key]);
    broken.failWith(503);
    const handler = loadAuthorizer({
      JWT_ISSUER_URL: `${broken.baseUrl}/${POOL}`,
      JWT_AUDIENCE: CLIENT,
    });
    const token = signToken(key, accessClaims({ iss: `${broken.baseUrl}/${POOL}` }));

    try {
      // Act
      const first = (await handler(httpEvent(token), lambdaContext())) as SimpleResponse;
      const second = (await handler(httpEvent(token), lambdaContext())) as SimpleResponse;

      // Assess
      expect(first).toEqual({ isAuthorized: false });
      expect(second).toEqual({ isAuthorized: false });
      expect(deniedReasons()).toEqual(['JWKS_UNAVAILABLE', 'JWKS_UNAVAILABLE']);
    } finally {
      await broken.close();
    }
  });

  it('denies every token when nothing listens at the JWKS address', async () => {
    // Prepare
    const gone = await serveJwks([key]);
    const address = `${gone.baseUrl}/${POOL}`;
    await gone.close();
    const handler = loadAuthorizer({ JWT_ISSUER_URL: address, JWT_AUDIENCE: CLIENT });

    // Act
    const result = (await handler(
      httpEvent(signToken(key, accessClaims({ iss: address }))),
      lambdaContext(),
    )) as SimpleResponse;

    // Assess
    expect(result).toEqual({ isAuthorized: false });
    expect(deniedReasons()).toEqual(['JWKS_UNAVAILABLE']);
  });

  it('denies every request when the issuer is not configured, and says which variable', async () => {
    // Prepare
    const saved = process.env.JWT_ISSUER_URL;
    delete process.env.JWT_ISSUER_URL;
    const handler = loadAuthorizer({ JWT_AUDIENCE: CLIENT });
    if (saved !== undefined) process.env.JWT_ISSUER_URL = saved;

    // Act
    const result = (await handler(
      httpEvent(signToken(key, accessClaims())),
      lambdaContext(),
    )) as SimpleResponse;

    // Assess
    expect(result).toEqual({ isAuthorized: false });
    const problem = capturedRecords().find((r) => r.problem)?.problem;
    expect(problem).toMatch(/^JWT_ISSUER_URL: is required/);
    expect(deniedReasons()).toEqual(['AUTHORIZER_MISCONFIGURED']);
  });

  it('refuses a plain-http issuer that is not on this machine', async () => {
    // Prepare
    const handler = loadAuthorizer({
      JWT_ISSUER_URL: 'http://issuer.example.com/pool',
      JWT_AUDIENCE: CLIENT,
    });

    // Act
    const result = (await handler(
      httpEvent(signToken(key, accessClaims())),
      lambdaContext(),
    )) as SimpleResponse;

    // Assess
    expect(result).toEqual({ isAuthorized: false });
    expect(capturedRecords().find((r) => r.problem)?.problem).toMatch(
      /JWT_ISSUER_URL: expected an https URL/,
    );
  });

  it('rejects an event it does not understand with the Unauthorized error', async () => {
    // Prepare
    const handler = loadAuthorizer({ JWT_ISSUER_URL: issuer, JWT_AUDIENCE: CLIENT });

    // Act
    const run = handler({ type: 'SOMETHING' }, lambdaContext());

    // Assess
    await expect(run).rejects.toThrow(/^Unauthorized$/);
    expect(deniedReasons()).toEqual(['EVENT_INVALID']);
  });
});
