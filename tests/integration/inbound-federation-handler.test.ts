import type { Context } from 'aws-lambda';
import type { ConfigResult } from '../../shared/runtime/config/load-config';
import {
  createFailureRecorder,
  createLogger,
  createMetrics,
} from '../../shared/runtime/observability';
import { createInboundFederationHandler } from '../../shared/runtime/triggers/inbound-federation';
import { getTestEvent } from '../helpers/events';
import { makeJwt, makeOpaque, nowSeconds, tokenFragmentsIn } from '../helpers/idp-tokens';
import { lambdaContext } from '../helpers/lambda-context';
import { loadHandler } from '../helpers/load-handler';
import { capturedLines, capturedRecords, clearLogs, failureRecords } from '../helpers/log-capture';

type Handler = (event: unknown, context: Context) => Promise<unknown>;
type Attributes = Record<string, Record<string, unknown>>;
type Event = {
  request: { attributes: Attributes };
  response: { userAttributesToMap: Record<string, string> };
} & Record<string, unknown>;

const HANDLER = '../../functions/inbound-federation/handler';
const CONFIG = {
  claims: [],
  idpTokens: [
    { attribute: 'custom:id_token', idpAttribute: 'id_token', format: 'jwt', onOverLimit: 'drop' },
    {
      attribute: 'custom:access_token',
      idpAttribute: 'access_token',
      format: 'opaque',
      onOverLimit: 'truncate',
    },
  ],
};

const handler = loadHandler<Handler>(HANDLER, CONFIG);
const tokens: string[] = [];
const lines: string[] = [];

const oidcEvent = (tokenResponse: Record<string, string>): Event => {
  const event = getTestEvent<Event>('inbound-federation/oidc');
  Object.assign(event.request.attributes.tokenResponse ?? {}, tokenResponse);
  tokens.push(...Object.values(tokenResponse).filter((value) => value.length > 40));
  return event;
};

const fresh = () => makeJwt({ iat: nowSeconds() });

/** Every IdP attribute as Cognito would map it when the answer is `{}`. */
const flat = (event: Event) =>
  Object.assign({}, ...Object.values(event.request.attributes)) as Record<string, string>;

const invoke = (event: unknown, fn: Handler = handler) =>
  fn(event, lambdaContext('inbound-federation')) as Promise<Event>;

const failures = () => failureRecords().map((record) => record.failure);

beforeEach(() => clearLogs());
afterEach(() => lines.push(...capturedLines()));

describe('inbound-federation handler', () => {
  it('answers {} so Cognito keeps every attribute when all values are within limits', async () => {
    // Prepare
    const event = oidcEvent({
      id_token: makeJwt({ iat: nowSeconds(), length: 2000 }),
      access_token: makeOpaque(1500),
      refresh_token: makeOpaque(600),
    });
    const before = structuredClone(event);
    // Act
    const result = await invoke(event);
    // Assess
    expect(result).toBe(event);
    expect(result).toEqual({ ...before, response: { userAttributesToMap: {} } });
    expect(failureRecords()).toEqual([]);
  });

  it('lets a sign-in with an IdP token over 2048 characters through, the token dropped', async () => {
    // Prepare
    const token = makeJwt({ iat: nowSeconds(), length: 2900 });
    const event = oidcEvent({
      id_token: token,
      access_token: makeOpaque(900),
      refresh_token: makeOpaque(600),
    });
    const expected = flat(event);
    delete expected.id_token;
    const request = structuredClone(event.request);
    // Act
    const result = await invoke(event);
    // Assess
    expect(result.request).toEqual(request);
    expect(result.response.userAttributesToMap).toEqual(expected);
    expect(failureRecords()).toEqual([
      expect.objectContaining({
        level: 'WARN',
        service: 'inbound-federation',
        failure: {
          code: 'IDP_TOKEN_OVER_LIMIT',
          idpAttribute: 'id_token',
          attribute: 'custom:id_token',
          providerName: 'AcmeAzure',
          length: token.length,
          limit: 2048,
          action: 'dropped',
          hint: expect.any(String),
          trigger: 'InboundFederation_ExternalProvider',
          userPoolId: 'eu-west-1_EXAMPLE',
          clientId: '1example23456789',
        },
      }),
    ]);
    const metrics = capturedRecords().filter((record) => '_aws' in record);
    expect(metrics).toContainEqual(
      expect.objectContaining({ code: 'IDP_TOKEN_OVER_LIMIT', MappingFailures: 1 }),
    );
  });

  it('truncates an over-limit opaque token configured with "truncate"', async () => {
    // Prepare
    const access = makeOpaque(2300);
    const event = oidcEvent({
      id_token: fresh(),
      access_token: access,
      refresh_token: makeOpaque(600),
    });
    const expected = { ...flat(event), access_token: access.slice(0, 2048) };
    // Act
    const result = await invoke(event);
    // Assess
    expect(result.response.userAttributesToMap).toEqual(expected);
    expect(failures()).toEqual([
      expect.objectContaining({
        code: 'IDP_TOKEN_OVER_LIMIT',
        idpAttribute: 'access_token',
        length: 2300,
        limit: 2048,
        action: 'truncated',
      }),
    ]);
  });

  it('truncates an oversized SAML groups attribute to whole entries and keeps the others', async () => {
    // Prepare
    const event = getTestEvent<Event>('inbound-federation/saml');
    const groups = Array.from({ length: 120 }, (_, i) => `CN=acme-group-${i},OU=Groups`).join(',');
    const key = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups';
    (event.request.attributes.samlResponse as Record<string, string>)[key] = groups;
    // 2,048 characters end inside "CN=acm…"; the cut goes back to the last whole entry.
    const cut = groups.slice(0, 2048);
    const expected = { ...flat(event), [key]: cut.slice(0, cut.lastIndexOf(',')) };
    // Act
    const result = await invoke(event);
    // Assess
    expect(result.response.userAttributesToMap).toEqual(expected);
    expect(failures()).toEqual([
      expect.objectContaining({
        idpAttribute: key,
        providerName: 'AcmeSAML',
        length: groups.length,
        action: 'truncated',
      }),
    ]);
  });

  it("drops Google's oversized opaque access token even without an idpTokens entry", async () => {
    // Prepare
    const bare = loadHandler<Handler>(HANDLER, { claims: [] });
    const event = getTestEvent<Event>('inbound-federation/google');
    const access = makeOpaque(2400);
    const idToken = fresh();
    tokens.push(access, idToken);
    Object.assign(event.request.attributes.tokenResponse ?? {}, {
      access_token: access,
      id_token: idToken,
    });
    const expected = flat(event);
    delete expected.access_token;
    clearLogs();
    // Act
    const result = await invoke(event, bare);
    // Assess
    expect(result.response.userAttributesToMap).toEqual(expected);
    expect(failures()).toEqual([
      expect.objectContaining({
        idpAttribute: 'access_token',
        providerName: 'Google',
        action: 'dropped',
      }),
    ]);
  });

  it.each([
    ['null', null, undefined],
    ['a string', 'InboundFederation_ExternalProvider', undefined],
    ['an event without request', { triggerSource: 'InboundFederation_ExternalProvider' }, {}],
    ['attributes as a string', { request: { attributes: 'email=x' } }, {}],
    [
      'a source that is not an object',
      { request: { attributes: { idToken: 7 } }, response: {} },
      {},
    ],
  ])(
    'never throws on %s: keeps every attribute and records EVENT_INVALID',
    async (_name, event, map) => {
      // Act
      const result = (await invoke(event)) as unknown;
      // Assess
      if (map === undefined) expect(result).toBe(event);
      else expect((result as Event).response.userAttributesToMap).toEqual(map);
      expect(failures()).toEqual([expect.objectContaining({ code: 'EVENT_INVALID' })]);
      expect(failureRecords()[0]?.level).toBe('ERROR');
    },
  );

  it('still drops an over-limit token with the defaults when the config is invalid', async () => {
    // Prepare
    const broken = loadHandler<Handler>(HANDLER, '{"claims": [');
    clearLogs();
    const token = makeJwt({ iat: nowSeconds(), length: 2500 });
    const event = oidcEvent({ id_token: token, access_token: makeOpaque(300) });
    // Act
    const result = await invoke(event, broken);
    // Assess
    expect(result.response.userAttributesToMap).not.toHaveProperty('id_token');
    expect(result.response.userAttributesToMap.email).toBe('jane.doe@acme.example');
    expect(failures().map((f) => [f.code, f.action])).toEqual([
      ['CONFIG_INVALID', undefined],
      ['IDP_TOKEN_OVER_LIMIT', 'dropped'],
    ]);
  });

  it('answers {} with an INTERNAL_ERROR record when something breaks inside', async () => {
    // Prepare
    const logger = createLogger('inbound-federation');
    const config = {
      ok: true,
      source: 'test',
      config: {
        get idpTokens(): never {
          throw new RangeError('config unavailable');
        },
      },
    } as unknown as ConfigResult;
    const broken = createInboundFederationHandler({
      config,
      logger,
      recorder: createFailureRecorder(logger, createMetrics('inbound-federation')),
    });
    const event = oidcEvent({ id_token: makeJwt({ iat: nowSeconds(), length: 2500 }) });
    // Act
    const result = await broken(event);
    // Assess
    expect(result.response.userAttributesToMap).toEqual({});
    expect(failures()).toEqual([
      expect.objectContaining({ code: 'INTERNAL_ERROR', errorName: 'RangeError' }),
    ]);
  });

  it('logs no token value or fragment of one in any line', () => {
    // Assess
    expect(tokens.length).toBeGreaterThan(10);
    expect(lines.length).toBeGreaterThan(5);
    expect(tokenFragmentsIn(tokens, lines)).toEqual([]);
  });
});
