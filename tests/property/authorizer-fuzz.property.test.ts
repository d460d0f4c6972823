/**
 * Whatever it is sent, the real authorizer handler answers: an allow or deny response, or the
 * `Unauthorized` error API Gateway turns into 401, and never anything else. Events are any JSON
 * value, and the three event shapes with their fields replaced by arbitrary values, route keys
 * and paths named like object members, in odd forms, with valid and invalid tokens. None of them
 * may reach the authorizer's own error path (INTERNAL_ERROR): that would be a bug it hid.
 */
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { getTestEvent } from '../helpers/events';
import { lambdaContext } from '../helpers/lambda-context';
import { loadHandler } from '../helpers/load-handler';
import { capturedRecords, clearLogs } from '../helpers/log-capture';
import { createSigningKey, type JwksServer, serveJwks, signToken } from '../helpers/token-signer';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const RUNS = 300;
const POOL = 'local_FuzzPool1';
const CLIENT = 'client-fuzz-1';
const config = {
  claims: [],
  authorizer: {
    routes: {
      'GET /me': { claims: ['tenant_id'] },
      'DELETE /items/{id}': { values: { permissions: ['items:write'] }, groups: ['admin'] },
      'ANY /files/{path+}': { scopes: ['files/read'] },
    },
  },
};

const key = createSigningKey('fuzz-kid');
let jwks: JwksServer;
let issuer: string;
let token: string;
const handlers: Handler[] = [];

const load = (mode: string): Handler => {
  const env = { JWT_ISSUER_URL: issuer, JWT_AUDIENCE: CLIENT, AUTHORIZER_RESPONSE_MODE: mode };
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return loadHandler<Handler>('../../functions/authorizer/handler', config);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
};

beforeAll(async () => {
  jwks = await serveJwks([key]);
  issuer = `${jwks.baseUrl}/${POOL}`;
  const now = Math.floor(Date.now() / 1000);
  token = signToken(key, {
    sub: 'fuzz-user',
    iss: issuer,
    client_id: CLIENT,
    token_use: 'access',
    scope: 'files/read',
    'cognito:groups': ['admin'],
    permissions: ['items:write'],
    tenant_id: 't-1',
    iat: now,
    exp: now + 3600,
  });
  handlers.push(load('simple'), load('policy'));
});

afterAll(async () => {
  await jwks.close();
});

const MEMBERS = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'prototype'];

const segmentArb = fc.oneof(
  fc.constantFrom(
    ...MEMBERS,
    'me',
    'items',
    '42',
    'files',
    '',
    '.',
    '..',
    '%2e%2e',
    '%2F',
    '%zz',
    '*',
  ),
  fc.string({ maxLength: 8 }),
);
const methodArb = fc.oneof(
  fc.constantFrom('GET', 'DELETE', 'ANY', 'get', 'delete', '', ...MEMBERS),
  fc.string({ maxLength: 6 }),
);
const pathArb = fc.array(segmentArb, { maxLength: 5 }).map((segments) => `/${segments.join('/')}`);
const routeKeyArb = fc.oneof(
  fc.constantFrom(
    ...MEMBERS,
    '$default',
    '*',
    'GET /me',
    'DELETE /items/{id}',
    'ANY /files/{path+}',
  ),
  fc.tuple(methodArb, pathArb).map(([method, path]) => `${method} ${path}`),
  fc.string({ maxLength: 20 }),
);
const bearerArb = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constant(`Bearer ${token}`),
    fc.constant(token),
    fc.constantFrom('Bearer ', '', 'Bearer not-a-jwt', 'bearer a.b.c', 'Bearer ..'),
    fc.jsonValue(),
  );
/** A field replaced by any JSON value, or left out, one time in three. */
const maybe = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 2, arbitrary: arb }, fc.jsonValue(), fc.constant(undefined));

const httpApiArb = () =>
  fc
    .record({
      routeKey: maybe(routeKeyArb),
      routeArn: maybe(
        pathArb.map((path) => `arn:aws:execute-api:eu-west-1:1:api/$default/GET${path}`),
      ),
      authorization: maybe(bearerArb()),
      identitySource: maybe(fc.array(bearerArb(), { maxLength: 2 })),
      version: fc.constantFrom('2.0', '2.0', '1.0', undefined),
    })
    .map(({ authorization, ...fields }) => {
      const event = getTestEvent<Record<string, unknown>>('authorizer/http-api-v2');
      return { ...event, ...fields, headers: { ...(event.headers as object), authorization } };
    });

const restTokenArb = () =>
  fc
    .record({
      type: fc.constantFrom('TOKEN', 'TOKEN', 'REQUEST', 'token', undefined),
      authorizationToken: maybe(bearerArb()),
      methodArn: maybe(
        fc
          .tuple(methodArb, pathArb)
          .map(([method, path]) => `arn:aws:execute-api:eu-west-1:1:api/prod/${method}${path}`),
      ),
    })
    .map((fields) => ({ ...getTestEvent('authorizer/rest-token'), ...fields }));

const restRequestArb = () =>
  fc
    .record({
      httpMethod: maybe(methodArb),
      resource: maybe(pathArb),
      Authorization: maybe(bearerArb()),
      headers: fc.oneof(fc.constant(undefined), fc.dictionary(fc.string(), fc.jsonValue())),
    })
    .map(({ Authorization, headers, ...fields }) => ({
      ...getTestEvent('authorizer/rest-request'),
      ...fields,
      headers: headers ?? { Authorization },
    }));

/** Events that pass every check, on one of the configured routes, in each shape. */
const validArb = () =>
  fc
    .tuple(
      fc.constantFrom('http-api', 'rest-token', 'rest-request'),
      fc.constantFrom(
        ['GET', '/me', '/me'],
        ['DELETE', '/items/{id}', '/items/42'],
        ['PUT', '/files/{path+}', '/files/a/b'],
      ),
    )
    .map(([shape, [method, template, path]]) => {
      const arn = `arn:aws:execute-api:eu-west-1:1:api/prod/${method}${path}`;
      if (shape === 'http-api') {
        const event = getTestEvent<Record<string, unknown>>('authorizer/http-api-v2');
        const routeKey =
          template === '/files/{path+}' ? 'ANY /files/{path+}' : `${method} ${template}`;
        return { ...event, routeKey, identitySource: [`Bearer ${token}`], routeArn: arn };
      }
      if (shape === 'rest-token') {
        return { type: 'TOKEN', authorizationToken: `Bearer ${token}`, methodArn: arn };
      }
      return {
        ...getTestEvent('authorizer/rest-request'),
        httpMethod: method,
        resource: template,
        methodArn: arn,
        headers: { Authorization: `Bearer ${token}` },
      };
    });

/** The answer, or what was thrown, as a value. */
const outcomeOf = (handler: Handler, event: unknown): Promise<unknown> =>
  handler(event, lambdaContext()).then(
    (value) => ({ value }),
    (error: unknown) => ({ thrown: error }),
  );

const isAnswer = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null) return false;
  const answer = value as Record<string, unknown>;
  if (typeof answer.isAuthorized === 'boolean') return true;
  const statement = (answer.policyDocument as { Statement?: { Effect?: string }[] } | undefined)
    ?.Statement?.[0];
  return (
    typeof answer.principalId === 'string' && ['Allow', 'Deny'].includes(statement?.Effect ?? '')
  );
};

describe('the authorizer, sent anything', () => {
  it('answers, or throws exactly Unauthorized, and never reaches its own error path', async () => {
    const seen = { allowed: 0, denied: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          validArb(),
          httpApiArb(),
          restTokenArb(),
          restRequestArb(),
          fc.jsonValue(),
          fc.anything(),
        ),
        fc.nat({ max: 1 }),
        async (event, which) => {
          // Prepare
          clearLogs();

          // Act
          const outcome = (await outcomeOf(handlers[which] as Handler, event)) as {
            value?: unknown;
            thrown?: unknown;
          };

          // Assess
          const thrown = outcome.thrown;
          const fine =
            'value' in outcome
              ? isAnswer(outcome.value)
              : thrown instanceof Error && thrown.message === 'Unauthorized';
          expect({ fine, event }).toEqual({ fine: true, event });
          const reasons = capturedRecords().map((r) => (r.denied as { reason?: string })?.reason);
          expect(reasons).not.toContain('INTERNAL_ERROR');
          if (reasons.length > 0) seen.denied += 1;
          else seen.allowed += 1;
        },
      ),
      { numRuns: RUNS },
    );
    // The fuzz reaches both ends: some events pass every check, most are denied.
    expect(seen.allowed).toBeGreaterThan(0);
    expect(seen.denied).toBeGreaterThan(seen.allowed);
  });
});
