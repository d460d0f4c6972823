/**
 * What the authorizer saves: a GetUser call per request instead, against cognito-local on
 * loopback, for a user holding the benchmark event's attributes. Loopback flatters GetUser (in AWS
 * it is a network round trip under a per-account quota), so the saving shown is a lower bound.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { freePort, startService, waitForOutput } from '../local/processes';
import { type Timing, timing } from './stats';

/** Attributes Cognito sets itself: a user cannot be created with them. */
const COMPUTED = new Set(['sub', 'cognito:user_status', 'identities']);

export async function measureGetUser(
  work: string,
  attributes: Record<string, string>,
  calls: number,
): Promise<Timing> {
  const port = await freePort();
  const dir = join(work, 'cognito-local');
  mkdirSync(join(dir, '.cognito'), { recursive: true });
  const service = startService({
    name: 'cognito-local',
    command: process.execPath,
    args: [require.resolve('cognito-local/lib/bin/start.js')],
    cwd: dir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    logFile: join(work, 'cognito-local.log'),
  });
  try {
    await waitForOutput(service, /Cognito Local running on/, 20_000);
    const client = new CognitoIdentityProviderClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const custom = Object.keys(attributes).filter((name) => name.startsWith('custom:'));
    const pool = await client.send(
      new CreateUserPoolCommand({
        PoolName: 'cognito-claims-bench',
        Schema: custom.map((name) => ({
          Name: name.slice('custom:'.length),
          AttributeDataType: 'String',
          Mutable: true,
        })),
      }),
    );
    const UserPoolId = pool.UserPool?.Id as string;
    const app = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId,
        ClientName: 'bench',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    // cognito-local wants an email as the user name.
    const Username = attributes.email ?? 'bench@example.com';
    // A throwaway user in a throwaway emulator: not a secret.
    const Password = 'Bench-Passw0rd!';
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username,
        MessageAction: 'SUPPRESS',
        UserAttributes: Object.entries(attributes)
          .filter(([name]) => !COMPUTED.has(name))
          .map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    await client.send(
      new AdminSetUserPasswordCommand({ UserPoolId, Username, Password, Permanent: true }),
    );
    const auth = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: app.UserPoolClient?.ClientId as string,
        AuthParameters: { USERNAME: Username, PASSWORD: Password },
      }),
    );
    const AccessToken = auth.AuthenticationResult?.AccessToken as string;
    const check = await client.send(new GetUserCommand({ AccessToken }));
    if ((check.UserAttributes?.length ?? 0) < custom.length) {
      throw new Error('GetUser returned fewer attributes than the user was given');
    }
    // Warm-up: connections, the emulator's own caches.
    for (let i = 0; i < 50; i += 1) await client.send(new GetUserCommand({ AccessToken }));
    const samples: number[] = [];
    for (let i = 0; i < calls; i += 1) {
      const start = performance.now();
      await client.send(new GetUserCommand({ AccessToken }));
      samples.push((performance.now() - start) * 1000);
    }
    client.destroy();
    return timing(samples);
  } finally {
    await service.stop();
  }
}
