import { RequiredClaimError } from '../../shared/core/errors';
import { getTestEvent } from '../helpers/events';
import { lambdaContext } from '../helpers/lambda-context';
import { loadHandler } from '../helpers/load-handler';
import {
  capturedLines,
  capturedRecords,
  clearLogs,
  failureRecords,
  registerSecret,
} from '../helpers/log-capture';

type Handler = (event: unknown, context: unknown) => Promise<Record<string, unknown>>;
const HANDLER = '../../functions/pre-token-generation/handler';

const config = {
  claims: [
    { claim: 'tenant_id', from: 'custom:tenant_id', required: true },
    { claim: 'roles', from: 'custom:roles', tokens: ['access'], type: 'string[]' },
    { claim: 'employee_number', from: 'custom:employee_no', type: 'number' },
    { claim: 'plan', value: 'pro', tokens: ['access'] },
  ],
  suppress: { id: ['custom:idp_access_token'], access: [] },
  scopes: { add: ['orders-api/read'], suppress: [] },
};

const invoke = (handler: Handler, event: unknown) => handler(event, lambdaContext());

describe('pre-token-generation handler', () => {
  let handler: Handler;

  beforeAll(() => {
    handler = loadHandler<Handler>(HANDLER, config);
  });

  beforeEach(() => clearLogs());

  it('customises both tokens for a returning federated user (V2, hosted UI)', async () => {
    // Prepare
    const event = getTestEvent('pre-token-generation/v2-hosted-auth-federated');
    // Act
    const result = await invoke(handler, event);
    // Assess
    expect(result.response).toEqual({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: {
          claimsToAddOrOverride: { tenant_id: 'acme', employee_number: 4711 },
          claimsToSuppress: ['custom:idp_access_token'],
        },
        accessTokenGeneration: {
          claimsToAddOrOverride: {
            tenant_id: 'acme',
            roles: ['reader', 'billing'],
            employee_number: 4711,
            plan: 'pro',
          },
          claimsToSuppress: [],
          scopesToAdd: ['orders-api/read'],
          scopesToSuppress: [],
        },
      },
    });
    expect(result.request).toEqual(
      getTestEvent<Record<string, unknown>>('pre-token-generation/v2-hosted-auth-federated')
        .request,
    );
  });

  it('writes nothing to the logs for a normal sign-in', async () => {
    // Prepare
    const event = getTestEvent('pre-token-generation/v2-refresh-tokens');
    // Act
    await invoke(handler, event);
    // Assess
    expect(capturedLines()).toEqual([]);
  });

  it('customises tokens on refresh with the current attributes', async () => {
    // Prepare
    const event = getTestEvent('pre-token-generation/v2-refresh-tokens');
    // Act
    const result = await invoke(handler, event);
    // Assess
    expect(result.response).toMatchObject({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: {
          claimsToAddOrOverride: {
            tenant_id: 'globex',
            roles: ['admin', 'editor'],
            employee_number: 1001,
            plan: 'pro',
          },
        },
      },
    });
  });

  it('answers client credentials (V3) with the static access-token claims only', async () => {
    // Prepare
    const event = getTestEvent('pre-token-generation/v3-client-credentials');
    // Act
    const result = await invoke(handler, event);
    // Assess
    expect(result.response).toEqual({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: {
          claimsToAddOrOverride: { plan: 'pro' },
          claimsToSuppress: [],
          scopesToAdd: ['orders-api/read'],
          scopesToSuppress: [],
        },
      },
    });
    expect(failureRecords()).toEqual([]);
  });

  it('answers a V1 event with string ID-token claims', async () => {
    // Prepare
    const event = getTestEvent('pre-token-generation/v1-authentication');
    // Act
    const result = await invoke(handler, event);
    // Assess
    expect(result.response).toEqual({
      claimsOverrideDetails: {
        claimsToAddOrOverride: { tenant_id: 'globex', employee_number: '1001' },
        claimsToSuppress: ['custom:idp_access_token'],
      },
    });
  });

  it('answers the version "0" event cognito-local sends in the V1 shape', async () => {
    // Prepare
    const event = getTestEvent('pre-token-generation/v0-cognito-local');
    // Act
    const result = await invoke(handler, event);
    // Assess
    expect(result.response).toEqual({
      claimsOverrideDetails: {
        claimsToAddOrOverride: { tenant_id: 'acme', employee_number: '42' },
        claimsToSuppress: ['custom:idp_access_token'],
      },
    });
  });

  it('tolerates unknown fields and unknown trigger sources', async () => {
    // Prepare
    const event = getTestEvent<Record<string, unknown> & { request: Record<string, unknown> }>(
      'pre-token-generation/v2-refresh-tokens',
    );
    event.triggerSource = 'TokenGeneration_FutureFlow';
    event.futureField = { nested: true };
    event.request.newThing = [1, 2, 3];
    // Act
    const result = await invoke(handler, event);
    // Assess
    expect(result.futureField).toEqual({ nested: true });
    expect(result.response).toHaveProperty(
      'claimsAndScopeOverrideDetails.idTokenGeneration.claimsToAddOrOverride.tenant_id',
      'globex',
    );
    expect(failureRecords()).toEqual([]);
  });

  it('denies the sign-in with a message safe for the user when a required claim is missing', async () => {
    // Prepare
    const event = getTestEvent<{ request: { userAttributes: Record<string, string> } }>(
      'pre-token-generation/v2-refresh-tokens',
    );
    delete event.request.userAttributes['custom:tenant_id'];
    // Act
    const run = invoke(handler, event);
    // Assess
    // The handler module is loaded in isolation, so compare by name and code, not by class.
    await expect(run).rejects.toMatchObject({
      name: RequiredClaimError.name,
      code: 'REQUIRED_CLAIM_MISSING',
    });
    await expect(run).rejects.toThrow(
      'Sign-in refused: your account has no valid value for "tenant_id". Contact your administrator.',
    );
    expect(failureRecords()).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        failure: {
          code: 'ATTRIBUTE_MISSING',
          claim: 'tenant_id',
          attribute: 'custom:tenant_id',
          required: true,
          trigger: 'TokenGeneration_RefreshTokens',
          userPoolId: 'eu-west-1_EXAMPLE',
          clientId: '1example23456789',
          sub: 'b2c3d4e5-6789-01bc-def0-EXAMPLE22222',
        },
      }),
    ]);
  });

  it('records a type mismatch at WARN with a metric, and lets the sign-in go on', async () => {
    // Prepare
    const event = getTestEvent<{ request: { userAttributes: Record<string, string> } }>(
      'pre-token-generation/v2-refresh-tokens',
    );
    event.request.userAttributes['custom:employee_no'] = registerSecret('EMP-SECRET-0042');
    // Act
    const result = await invoke(handler, event);
    // Assess
    expect(result.response).toHaveProperty(
      'claimsAndScopeOverrideDetails.idTokenGeneration.claimsToAddOrOverride',
      { tenant_id: 'globex' },
    );
    const [record] = failureRecords();
    expect(record).toMatchObject({
      level: 'WARN',
      service: 'pre-token-generation',
      failure: {
        code: 'TYPE_MISMATCH',
        claim: 'employee_number',
        attribute: 'custom:employee_no',
        trigger: 'TokenGeneration_RefreshTokens',
        userPoolId: 'eu-west-1_EXAMPLE',
        clientId: '1example23456789',
        sub: 'b2c3d4e5-6789-01bc-def0-EXAMPLE22222',
      },
    });
    const metric = capturedRecords().find((r) => '_aws' in r);
    expect(metric).toMatchObject({
      MappingFailures: 1,
      code: 'TYPE_MISMATCH',
      service: 'pre-token-generation',
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'CognitoClaims',
            Dimensions: [['service', 'code']],
            Metrics: [{ Name: 'MappingFailures', Unit: 'Count' }],
          },
        ],
      },
    });
    expect(capturedLines().join('\n')).not.toContain('EMP-SECRET-0042');
  });

  it('logs an absent optional attribute only at INFO, so the default WARN level stays quiet', async () => {
    // Prepare
    const event = getTestEvent<{ request: { userAttributes: Record<string, string> } }>(
      'pre-token-generation/v2-refresh-tokens',
    );
    delete event.request.userAttributes['custom:employee_no'];
    // Act
    await invoke(handler, event);
    // Assess
    expect(capturedLines()).toEqual([]);
  });

  describe('returns the event untouched, with an ERROR record, when', () => {
    const malformed: [string, (event: Record<string, unknown>) => unknown][] = [
      ['the version is unknown', (e) => ({ ...e, version: '9' })],
      ['the request is missing', (e) => ({ ...e, request: undefined })],
      ['userAttributes is not an object', (e) => ({ ...e, request: { userAttributes: 'x' } })],
      ['the trigger source is missing', (e) => ({ ...e, triggerSource: undefined })],
      [
        'groupConfiguration holds a string',
        (e) => ({ ...e, request: { userAttributes: {}, groupConfiguration: 'admins' } }),
      ],
      ['the response is a string', (e) => ({ ...e, response: 'nope' })],
    ];

    it.each(malformed)('%s', async (_name, mutate) => {
      // Prepare
      const event = mutate(getTestEvent('pre-token-generation/v2-refresh-tokens'));
      const before = structuredClone(event);
      // Act
      const result = await invoke(handler, event);
      // Assess
      expect(result).toEqual(before);
      expect(failureRecords()).toEqual([
        expect.objectContaining({
          level: 'ERROR',
          failure: expect.objectContaining({ code: 'EVENT_INVALID' }),
        }),
      ]);
    });

    it.each([
      ['pre-token-generation/malformed-no-request', 'request: expected an object'],
      [
        'pre-token-generation/malformed-attributes-list',
        'request.userAttributes: expected an object',
      ],
      ['pre-token-generation/malformed-future-version', 'version: expected "1", "2" or "3"'],
    ])('the fixture %s is malformed', async (path, reason) => {
      // Prepare
      const event = getTestEvent(path);
      // Act
      const result = await invoke(handler, event);
      // Assess
      expect(result).toEqual(getTestEvent(path));
      const [record] = failureRecords();
      expect(record?.failure).toMatchObject({
        code: 'EVENT_INVALID',
        trigger: expect.any(String),
        userPoolId: 'eu-west-1_EXAMPLE',
        clientId: '1example23456789',
      });
      expect(record?.message).toContain(reason);
    });

    it.each([null, 'a string', 42, []])('the event is %p', async (event) => {
      // Act
      const result = await invoke(handler, event);
      // Assess
      expect(result).toEqual(event);
      expect(failureRecords()[0]?.failure).toMatchObject({ code: 'EVENT_INVALID' });
    });
  });

  it('lets the sign-in go on with an ERROR record when CLAIMS_CONFIG is invalid at run time', async () => {
    // Prepare
    clearLogs();
    const broken = loadHandler<Handler>(HANDLER, { claims: [{ claim: 'sub', from: 'email' }] });
    const initRecords = capturedRecords();
    clearLogs();
    const event = getTestEvent('pre-token-generation/v2-refresh-tokens');
    const before = structuredClone(event);
    // Act
    const result = await invoke(broken, event);
    // Assess
    expect(initRecords[0]).toMatchObject({
      level: 'ERROR',
      source: 'environment variable CLAIMS_CONFIG',
    });
    expect(initRecords[0]?.issues).toContainEqual({
      path: '$.claims[0].claim',
      message: '"sub" is computed by Cognito for the ID token and cannot be added or changed',
    });
    expect(result).toEqual(before);
    expect(failureRecords()).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        failure: expect.objectContaining({ code: 'CONFIG_INVALID', path: '$.claims[0].claim' }),
      }),
    ]);
  });

  it('lets the sign-in go on with an ERROR record when CLAIMS_CONFIG is not JSON', async () => {
    // Prepare
    const broken = loadHandler<Handler>(HANDLER, '{"claims": [');
    clearLogs();
    const event = getTestEvent('pre-token-generation/v1-authentication');
    // Act
    const result = await invoke(broken, event);
    // Assess
    expect(result.response).toEqual({ claimsOverrideDetails: null });
    expect(failureRecords()[0]?.failure).toMatchObject({ code: 'CONFIG_INVALID', path: '$' });
  });

  it('lets the sign-in go on with an ERROR record when nothing was packaged and CLAIMS_CONFIG is not set', async () => {
    // Prepare: from source there is no validated-config.json beside the module.
    const unpackaged = loadHandler<Handler>(HANDLER);
    clearLogs();
    const event = getTestEvent('pre-token-generation/v2-hosted-auth-federated');
    // Act
    const result = await invoke(unpackaged, event);
    // Assess
    expect(result.response).toEqual({ claimsAndScopeOverrideDetails: null });
    expect(failureRecords()[0]?.failure).toMatchObject({ code: 'CONFIG_INVALID', path: '$' });
  });

  it('never logs the event, even when POWERTOOLS_LOGGER_LOG_EVENT asks for it', async () => {
    // Prepare
    const saved = { ...process.env };
    process.env.POWERTOOLS_LOGGER_LOG_EVENT = 'true';
    process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
    const chatty = loadHandler<Handler>(HANDLER, config);
    process.env = saved;
    clearLogs();
    const event = getTestEvent('pre-token-generation/v2-hosted-auth-federated');
    // Act
    await invoke(chatty, event);
    // Assess
    expect(capturedLines().join('\n')).not.toContain('opaque-idp-access-token-EXAMPLE');
    expect(capturedRecords().filter((r) => r.message === 'Lambda invocation event')).toEqual([]);
  });

  it('never logs a sensitive value, even at DEBUG', async () => {
    // Prepare
    const previous = process.env.POWERTOOLS_LOG_LEVEL;
    process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
    const secret = registerSecret('ssn-123-45-6789-SECRET');
    const debugHandler = loadHandler<Handler>(HANDLER, {
      claims: [
        { claim: 'national_id', from: 'custom:national_id', sensitive: true, required: true },
        { claim: 'score', from: 'custom:national_id', type: 'number' },
      ],
    });
    process.env.POWERTOOLS_LOG_LEVEL = previous;
    const event = getTestEvent<{ request: { userAttributes: Record<string, string> } }>(
      'pre-token-generation/v2-refresh-tokens',
    );
    event.request.userAttributes['custom:national_id'] = secret;
    // Act
    const result = await invoke(debugHandler, event);
    // Assess
    expect(result.response).toHaveProperty(
      'claimsAndScopeOverrideDetails.idTokenGeneration.claimsToAddOrOverride.national_id',
      secret,
    );
    expect(capturedLines().length).toBeGreaterThan(0);
    expect(capturedLines().join('\n')).not.toContain(secret);
  });
});

describe('pre-token-generation handler with claim rules', () => {
  const rules = {
    claims: [
      { claim: 'role', value: 'admin', tokens: ['access'], when: { groups: ['admins'] } },
      { claim: 'role', value: 'member', tokens: ['access'] },
      {
        claim: 'permissions',
        from: 'cognito:groups',
        map: { admins: ['items:read', 'items:write'], readers: ['items:read'] },
        tokens: ['access'],
      },
      {
        claim: 'tenant',
        from: 'custom:tenant_id',
        transform: ['trim', 'lowercase'],
        when: { providers: ['AcmeOIDC'] },
        required: true,
      },
      { claim: 'tenant', from: 'custom:org', transform: ['lowercase'] },
      { claim: 'email_domain', from: 'email', transform: [{ after: '@' }], tokens: ['id'] },
    ],
    scopes: {
      add: ['items/read', { scope: 'items/write', when: { groups: ['admins'] } }],
      suppress: [{ scope: 'aws.cognito.signin.user.admin', when: { providers: ['AcmeOIDC'] } }],
    },
  };
  let handler: Handler;

  beforeAll(() => {
    handler = loadHandler<Handler>(HANDLER, rules);
  });

  beforeEach(() => clearLogs());

  it('gives an admin the admin role, both permissions and the write scope, logging nothing', async () => {
    // Prepare: jdoe is in "admins", signs in without an IdP.
    const event = getTestEvent<{ request: { userAttributes: Record<string, string> } }>(
      'pre-token-generation/v2-refresh-tokens',
    );
    event.request.userAttributes['custom:org'] = 'Globex';
    // Act
    const result = await invoke(handler, event);
    // Assess
    expect(result.response).toEqual({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: {
          claimsToAddOrOverride: { tenant: 'globex', email_domain: 'example.com' },
          claimsToSuppress: [],
        },
        accessTokenGeneration: {
          claimsToAddOrOverride: {
            role: 'admin',
            permissions: ['items:read', 'items:write'],
            tenant: 'globex',
          },
          claimsToSuppress: [],
          scopesToAdd: ['items/read', 'items/write'],
          scopesToSuppress: [],
        },
      },
    });
    expect(capturedLines()).toEqual([]);
  });

  it('gives a reader the member role, the read permission and no write scope', async () => {
    // Prepare
    const event = getTestEvent<{
      request: { groupConfiguration: { groupsToOverride: string[] } };
    }>('pre-token-generation/v2-refresh-tokens');
    event.request.groupConfiguration.groupsToOverride = ['readers'];
    // Act
    const result = await invoke(handler, event);
    // Assess
    expect(result.response).toMatchObject({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: {
          claimsToAddOrOverride: { role: 'member', permissions: ['items:read'] },
          scopesToAdd: ['items/read'],
        },
      },
    });
  });

  it("reads a federated user's IdP for the tenant rule and the scope suppression", async () => {
    // Act
    const result = await invoke(
      handler,
      getTestEvent('pre-token-generation/v2-hosted-auth-federated'),
    );
    // Assess
    expect(result.response).toMatchObject({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: {
          claimsToAddOrOverride: { tenant: 'acme', email_domain: 'acme.example' },
        },
        accessTokenGeneration: {
          claimsToAddOrOverride: { role: 'member', tenant: 'acme' },
          scopesToSuppress: ['aws.cognito.signin.user.admin'],
        },
      },
    });
  });

  it('denies the sign-in when a required rule holds and no rule of its chain yields', async () => {
    // Prepare
    const event = getTestEvent<{ request: { userAttributes: Record<string, string> } }>(
      'pre-token-generation/v2-hosted-auth-federated',
    );
    delete event.request.userAttributes['custom:tenant_id'];
    // Act
    const run = invoke(handler, event);
    // Assess
    await expect(run).rejects.toMatchObject({ code: 'REQUIRED_CLAIM_MISSING' });
    // The later rule's absent custom:org is an INFO record: not written at the default level.
    expect(failureRecords()).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        failure: expect.objectContaining({
          code: 'ATTRIBUTE_MISSING',
          claim: 'tenant',
          attribute: 'custom:tenant_id',
          required: true,
        }),
      }),
    ]);
  });

  it('answers client credentials with the static role and the unconditional scope', async () => {
    // Act
    const result = await invoke(
      handler,
      getTestEvent('pre-token-generation/v3-client-credentials'),
    );
    // Assess
    expect(result.response).toEqual({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: {
          claimsToAddOrOverride: { role: 'member' },
          claimsToSuppress: [],
          scopesToAdd: ['items/read'],
          scopesToSuppress: [],
        },
      },
    });
    expect(failureRecords()).toEqual([]);
  });

  it('answers a version 1 event in the V1 shape only, replacing a V2 block it arrived with', async () => {
    // Prepare
    const event = getTestEvent<Record<string, unknown>>('pre-token-generation/v1-authentication');
    event.response = {
      claimsOverrideDetails: null,
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: { tenant: 'stale' } },
        groupOverrideDetails: { groupsToOverride: [] },
      },
    };
    // Act
    const result = await invoke(handler, event);
    // Assess
    expect(result.response).toEqual({
      claimsOverrideDetails: {
        claimsToAddOrOverride: { email_domain: 'example.com' },
        claimsToSuppress: [],
      },
    });
    // One record per access-token rule that held (role twice, permissions, the second tenant
    // rule, whose tokens default to both), one for the scopes.
    expect(failureRecords().map((record) => [record.failure?.code, record.failure?.claim])).toEqual(
      [
        ['ACCESS_TOKEN_NOT_CUSTOMISED', 'role'],
        ['ACCESS_TOKEN_NOT_CUSTOMISED', 'role'],
        ['ACCESS_TOKEN_NOT_CUSTOMISED', 'permissions'],
        ['ACCESS_TOKEN_NOT_CUSTOMISED', 'tenant'],
        ['ACCESS_TOKEN_NOT_CUSTOMISED', undefined],
      ],
    );
  });
});
