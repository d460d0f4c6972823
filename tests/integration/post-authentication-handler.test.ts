import type { Context } from 'aws-lambda';
import { loadConfig } from '../../shared/runtime/config/load-config';
import {
  createFailureRecorder,
  createLogger,
  createMetrics,
} from '../../shared/runtime/observability';
import { createPostAuthenticationHandler } from '../../shared/runtime/triggers/post-authentication';
import { getTestEvent } from '../helpers/events';
import { makeJwt, makeOpaque, nowSeconds, tokenFragmentsIn } from '../helpers/idp-tokens';
import { lambdaContext } from '../helpers/lambda-context';
import { loadHandler } from '../helpers/load-handler';
import { capturedLines, capturedRecords, clearLogs, failureRecords } from '../helpers/log-capture';

type Handler = (event: unknown, context: Context) => Promise<unknown>;
type Event = { request: { userAttributes: Record<string, string> } } & Record<string, unknown>;

const HANDLER = '../../functions/post-authentication/handler';
const CONFIG = {
  claims: [],
  idpTokens: [
    { attribute: 'custom:id_token', idpAttribute: 'id_token', format: 'jwt', onOverLimit: 'drop' },
    { attribute: 'custom:access_token', idpAttribute: 'access_token', format: 'opaque' },
  ],
  providers: { AcmeAzure: { expectedAttributes: ['custom:id_token', 'email'] } },
};

const handler = loadHandler<Handler>(HANDLER, CONFIG);
const tokens: string[] = [];
const lines: string[] = [];

/** The documented federated Post authentication event with the given tokens stored. */
const federatedEvent = (idToken: string | undefined, accessToken: string | undefined): Event => {
  const event = getTestEvent<Event>('post-authentication/federated-oidc');
  const attributes = event.request.userAttributes;
  if (idToken === undefined) delete attributes['custom:id_token'];
  else attributes['custom:id_token'] = idToken;
  if (accessToken === undefined) delete attributes['custom:access_token'];
  else attributes['custom:access_token'] = accessToken;
  for (const token of [idToken, accessToken]) if (token) tokens.push(token);
  return event;
};

const invoke = async (event: unknown, fn: Handler = handler) => {
  const before = structuredClone(event);
  const result = await fn(event, lambdaContext('post-authentication'));
  return { before, result };
};

const failures = () => failureRecords().map((record) => record.failure);

beforeEach(() => clearLogs());
afterEach(() => lines.push(...capturedLines()));

describe('post-authentication handler', () => {
  it('returns the event unchanged and records nothing for a fresh, short token pair', async () => {
    // Prepare
    const event = federatedEvent(makeJwt({ iat: nowSeconds() - 3 }), makeOpaque(220));
    // Act
    const { before, result } = await invoke(event);
    // Assess
    expect(result).toBe(event);
    expect(result).toEqual(before);
    expect(failureRecords()).toEqual([]);
  });

  it('records an IdP token near the 2048 limit with its length, the limit, provider and sub', async () => {
    // Prepare
    const token = makeJwt({ iat: nowSeconds() - 3, length: 1990 });
    const event = federatedEvent(token, makeOpaque(220));
    // Act
    const { before, result } = await invoke(event);
    // Assess
    expect(result).toEqual(before);
    expect(failureRecords()).toEqual([
      expect.objectContaining({
        level: 'WARN',
        service: 'post-authentication',
        failure: {
          code: 'IDP_TOKEN_NEAR_LIMIT',
          attribute: 'custom:id_token',
          idpAttribute: 'id_token',
          providerName: 'AcmeAzure',
          length: token.length,
          limit: 2048,
          hint: expect.stringContaining('smaller token'),
          trigger: 'PostAuthentication_Authentication',
          userPoolId: 'eu-west-1_EXAMPLE',
          clientId: '1example23456789',
          sub: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
        },
      }),
    ]);
  });

  it('counts the records in the MappingFailures metric per code and in total', async () => {
    // Prepare
    const event = federatedEvent(makeJwt({ iat: nowSeconds(), length: 2000 }), makeOpaque(2000));
    // Act
    await invoke(event);
    // Assess
    const metrics = capturedRecords().filter((record) => '_aws' in record);
    expect(metrics).toEqual([
      expect.objectContaining({
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            expect.objectContaining({
              Namespace: 'CognitoClaims',
              Dimensions: [expect.arrayContaining(['service', 'code'])],
              Metrics: [expect.objectContaining({ Name: 'MappingFailures' })],
            }),
          ],
        }),
        service: 'post-authentication',
        code: 'IDP_TOKEN_NEAR_LIMIT',
        MappingFailures: 2,
      }),
      // The total, with the service dimension only: the series the deployed alarm watches.
      expect.objectContaining({ service: 'post-authentication', MappingFailures: 2 }),
    ]);
    expect(metrics[1]).not.toHaveProperty('code');
  });

  it('records a stale token: the attribute was not updated at this sign-in', async () => {
    // Prepare
    const event = federatedEvent(makeJwt({ iat: nowSeconds() - 3 * 86_400 }), makeOpaque(220));
    // Act
    const { before, result } = await invoke(event);
    // Assess
    expect(result).toEqual(before);
    expect(failures()).toEqual([
      expect.objectContaining({
        code: 'IDP_TOKEN_STALE',
        attribute: 'custom:id_token',
        providerName: 'AcmeAzure',
        ageSeconds: expect.any(Number),
        hint: expect.stringMatching(/mutable.*app client write permission/),
        sub: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
      }),
    ]);
    expect(failures()[0]?.ageSeconds).toBeGreaterThanOrEqual(3 * 86_400);
  });

  it('records a value declared as a JWT that does not decode as malformed', async () => {
    // Prepare
    const event = federatedEvent(makeOpaque(400, 'eyJub3QiOiJqd3Qi.'), makeOpaque(220));
    // Act
    await invoke(event);
    // Assess
    expect(failures()).toEqual([
      expect.objectContaining({
        code: 'IDP_TOKEN_MALFORMED',
        attribute: 'custom:id_token',
        length: 400,
      }),
    ]);
  });

  it('checks only the length of an opaque token', async () => {
    // Prepare
    const event = federatedEvent(makeJwt({ iat: nowSeconds() }), makeOpaque(1900, 'opaque-'));
    // Act
    await invoke(event);
    // Assess
    expect(failures()).toEqual([
      expect.objectContaining({
        code: 'IDP_TOKEN_NEAR_LIMIT',
        attribute: 'custom:access_token',
        length: 1900,
      }),
    ]);
  });

  it('records an expected attribute the provider did not deliver', async () => {
    // Prepare
    const event = federatedEvent(undefined, makeOpaque(220));
    // Act
    await invoke(event);
    // Assess
    expect(failures()).toEqual([
      expect.objectContaining({
        code: 'IDP_ATTRIBUTE_MISSING',
        attribute: 'custom:id_token',
        providerName: 'AcmeAzure',
        sub: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
      }),
    ]);
  });

  it('leaves a user who signed in with a password alone', async () => {
    // Prepare
    const event = getTestEvent('post-authentication/native-user');
    // Act
    const { before, result } = await invoke(event);
    // Assess
    expect(result).toEqual(before);
    expect(failureRecords()).toEqual([]);
  });

  it('checks a first federated sign-in through the Post confirmation trigger', async () => {
    // Prepare
    const event = getTestEvent<Event>('post-confirmation/first-federated-sign-in');
    const token = makeJwt({ iat: nowSeconds() - 2, length: 2040 });
    tokens.push(token);
    event.request.userAttributes['custom:id_token'] = token;
    // Act
    const { before, result } = await invoke(event);
    // Assess
    expect(result).toEqual(before);
    expect(failures()).toEqual([
      expect.objectContaining({
        code: 'IDP_TOKEN_NEAR_LIMIT',
        length: token.length,
        trigger: 'PostConfirmation_ConfirmSignUp',
        sub: 'c3d4e5f6-7890-12cd-ef01-EXAMPLE33333',
      }),
    ]);
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'PostAuthentication_Authentication'],
    ['no request', { triggerSource: 'PostAuthentication_Authentication' }],
    ['userAttributes as a string', { request: { userAttributes: 'sub=1' } }],
  ])('never throws on %s: returns it and records EVENT_INVALID', async (_name, event) => {
    // Act
    const { before, result } = await invoke(event);
    // Assess
    expect(result).toEqual(before);
    expect(failures()).toEqual([expect.objectContaining({ code: 'EVENT_INVALID' })]);
    expect(failureRecords()[0]?.level).toBe('ERROR');
  });

  it('lets the sign-in through with a CONFIG_INVALID record when the config is invalid', async () => {
    // Prepare
    const broken = loadHandler<Handler>(HANDLER, {
      claims: [],
      idpTokens: [{ attribute: 'x', format: 'xml' }],
    });
    clearLogs();
    const event = federatedEvent(makeJwt({ iat: 1 }), makeOpaque(220));
    // Act
    const { before, result } = await invoke(event, broken);
    // Assess
    expect(result).toEqual(before);
    expect(failures()).toEqual([
      expect.objectContaining({ code: 'CONFIG_INVALID', path: '$.idpTokens[0].format' }),
    ]);
  });

  it('lets the sign-in through with an INTERNAL_ERROR record when something breaks inside', async () => {
    // Prepare
    const logger = createLogger('post-authentication');
    const broken = createPostAuthenticationHandler({
      config: loadConfig({ CLAIMS_CONFIG: JSON.stringify(CONFIG) }),
      logger,
      recorder: createFailureRecorder(logger, createMetrics('post-authentication')),
      now: () => {
        throw new TypeError('clock unavailable');
      },
    });
    const event = federatedEvent(makeJwt({ iat: nowSeconds() }), makeOpaque(220));
    // Act
    const before = structuredClone(event);
    const result = await broken(event);
    // Assess
    expect(result).toEqual(before);
    expect(failures()).toEqual([
      expect.objectContaining({ code: 'INTERNAL_ERROR', errorName: 'TypeError' }),
    ]);
  });

  it('logs no token value or fragment of one in any line', () => {
    // Assess
    expect(tokens.length).toBeGreaterThan(10);
    expect(lines.length).toBeGreaterThan(10);
    expect(tokenFragmentsIn(tokens, lines)).toEqual([]);
  });
});
