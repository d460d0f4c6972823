/**
 * The patched cognito-local (patches/cognito-local+5.3.0.patch) with a V2_0 Pre Token Generation
 * response that tries to change what Cognito reserves, and one that overrides the user's groups.
 * A stand-in Lambda endpoint on loopback answers the emulator's Invoke call, so the test decides
 * exactly what the trigger returns.
 */
import { createServer, type Server } from 'node:http';
import {
  AdminAddUserToGroupCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createDemoPool, type DemoPool } from '../../scripts/local/demo-pool';
import { parseConfig } from '../../shared/core/config/parse-config';
import { type CognitoLocal, startCognitoLocal } from '../helpers/cognito-local';

type Claims = Record<string, unknown>;

const VERSION_VARIABLE = 'COGNITO_LOCAL_PRE_TOKEN_GENERATION_VERSION';

/** Answers every Lambda Invoke with the event and the response `respond` gives for it. */
const fakeLambda = async (respond: (event: Claims) => unknown) => {
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const event = JSON.parse(body) as Claims;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ...event, response: respond(event) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const payload = (token: string | undefined): Claims =>
  JSON.parse(Buffer.from((token ?? '').split('.')[1] ?? '', 'base64url').toString('utf8'));

describe('patched cognito-local, V2_0 Pre Token Generation response', () => {
  let lambda: Awaited<ReturnType<typeof fakeLambda>>;
  let cognito: CognitoLocal;
  let client: CognitoIdentityProviderClient;
  let pool: DemoPool;
  let response: (event: Claims) => unknown = () => ({});
  let events: Claims[] = [];

  beforeAll(async () => {
    lambda = await fakeLambda((event) => {
      events.push(event);
      return response(event);
    });
    const saved = process.env[VERSION_VARIABLE];
    process.env[VERSION_VARIABLE] = '2';
    try {
      cognito = await startCognitoLocal({
        config: {
          LambdaClient: {
            endpoint: lambda.endpoint,
            region: 'eu-west-1',
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          },
          TriggerFunctions: { PreTokenGeneration: 'pre-token-generation' },
        },
      });
    } finally {
      if (saved === undefined) delete process.env[VERSION_VARIABLE];
      else process.env[VERSION_VARIABLE] = saved;
    }
    client = new CognitoIdentityProviderClient({
      endpoint: cognito.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    pool = await createDemoPool(client, parseConfig({ claims: [] }));
    for (const GroupName of ['admins', 'staff']) {
      await client.send(new CreateGroupCommand({ UserPoolId: pool.poolId, GroupName }));
      await client.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: pool.poolId,
          Username: pool.email,
          GroupName,
        }),
      );
    }
  }, 30_000);

  afterAll(async () => {
    client?.destroy();
    await cognito?.stop();
    await lambda?.close();
  });

  beforeEach(() => {
    events = [];
  });

  const signIn = async () => {
    const result = await client.send(
      new InitiateAuthCommand({
        ClientId: pool.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: pool.email, PASSWORD: pool.password },
      }),
    );
    return {
      id: payload(result.AuthenticationResult?.IdToken),
      access: payload(result.AuthenticationResult?.AccessToken),
    };
  };

  it('drops the reserved claims a response tries to add, change or suppress, as Cognito does', async () => {
    // Prepare
    response = (event) => ({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: {
          claimsToAddOrOverride: {
            tenant_id: 't-1',
            event_id: 'forged',
            'cognito:username': 'mallory',
            'cognito:user_status': 'CONFIRMED',
            'dev:flag': 'on',
          },
          claimsToSuppress: ['email', 'cognito:username', 'event_id'],
        },
        accessTokenGeneration: {
          claimsToAddOrOverride: {
            tenant_id: 't-1',
            client_id: 'forged-client',
            username: 'mallory',
            scope: 42,
            version: 9,
            event_id: 'forged',
            device_key: 'forged',
            'cognito:preferred_role': 'arn:aws:iam::1:role/forged',
            aud: (event.callerContext as Claims).clientId,
          },
          claimsToSuppress: ['username', 'client_id', 'event_id'],
          scopesToAdd: ['api/read'],
        },
      },
    });

    // Act
    const { id, access } = await signIn();

    // Assess
    expect(events).toHaveLength(1);
    expect(id).toMatchObject({ tenant_id: 't-1', event_id: access.event_id });
    expect(id['cognito:username']).toBe(access.username);
    expect(id).not.toHaveProperty('email');
    expect(id).not.toHaveProperty('cognito:user_status');
    expect(id).not.toHaveProperty('dev:flag');
    expect(access).toMatchObject({
      tenant_id: 't-1',
      client_id: pool.clientId,
      scope: 'aws.cognito.signin.user.admin api/read',
      aud: pool.clientId,
    });
    expect(typeof access.username).toBe('string');
    expect(access.username).not.toBe('mallory');
    expect(access.event_id).not.toBe('forged');
    expect(access).not.toHaveProperty('version');
    expect(access).not.toHaveProperty('device_key');
    expect(access).not.toHaveProperty('cognito:preferred_role');
  });

  it('keeps an access token aud only when it is the app client id', async () => {
    // Prepare
    response = () => ({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: { claimsToAddOrOverride: { aud: 'another-client' } },
      },
    });

    // Act
    const { access } = await signIn();

    // Assess
    expect(access).not.toHaveProperty('aud');
  });

  it('ignores scope lists that are not lists of strings', async () => {
    // Prepare
    response = () => ({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: { scopesToAdd: 'api/read', scopesToSuppress: [7, null] },
      },
    });

    // Act
    const { access } = await signIn();

    // Assess
    expect(access.scope).toBe('aws.cognito.signin.user.admin');
  });

  it("sends the user's groups in the V2 event, and leaves them when the answer has no override", async () => {
    // Prepare
    response = () => ({ claimsAndScopeOverrideDetails: { accessTokenGeneration: {} } });

    // Act
    const { id, access } = await signIn();

    // Assess
    expect(events[0]?.request).toMatchObject({
      groupConfiguration: {
        groupsToOverride: ['admins', 'staff'],
        iamRolesToOverride: [],
        preferredRole: null,
      },
    });
    expect(id['cognito:groups']).toEqual(['admins', 'staff']);
    expect(access['cognito:groups']).toEqual(['admins', 'staff']);
  });

  it('replaces the groups in both tokens with the groupOverrideDetails of the answer', async () => {
    // Prepare
    const role = 'arn:aws:iam::123456789012:role/auditors';
    response = () => ({
      claimsAndScopeOverrideDetails: {
        groupOverrideDetails: {
          groupsToOverride: ['auditors', 'admins'],
          iamRolesToOverride: [role],
          preferredRole: role,
        },
      },
    });

    // Act
    const { id, access } = await signIn();

    // Assess
    expect(id['cognito:groups']).toEqual(['auditors', 'admins']);
    expect(access['cognito:groups']).toEqual(['auditors', 'admins']);
    expect(id['cognito:roles']).toEqual([role]);
    expect(id['cognito:preferred_role']).toBe(role);
  });

  it('removes the groups from both tokens when the override is empty, as Cognito does', async () => {
    // Prepare
    response = () => ({
      claimsAndScopeOverrideDetails: {
        groupOverrideDetails: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
      },
    });

    // Act
    const { id, access } = await signIn();

    // Assess
    expect(id).not.toHaveProperty('cognito:groups');
    expect(access).not.toHaveProperty('cognito:groups');
    expect(id).not.toHaveProperty('cognito:preferred_role');
  });
});
