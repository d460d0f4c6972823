/**
 * The demo pool's groups and who is in them, for the rules that read groups (claims.config.json
 * gives "admins" the admin role, both permissions and the items/write scope): the demo user is
 * the admin, and a second user with the same attributes is a reader.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { DemoPool } from './demo-pool';

export const ADMINS = 'admins';
export const READERS = 'readers';

export interface DemoUser {
  readonly email: string;
  readonly password: string;
  readonly groups: readonly string[];
}

export interface DemoUsers {
  readonly admin: DemoUser;
  readonly reader: DemoUser;
}

const READER_EMAIL = 'reader@example.com';

export async function addDemoUsers(
  client: CognitoIdentityProviderClient,
  pool: DemoPool,
): Promise<DemoUsers> {
  const UserPoolId = pool.poolId;
  for (const GroupName of [ADMINS, READERS]) {
    await client.send(new CreateGroupCommand({ UserPoolId, GroupName }));
  }
  await client.send(
    new AdminAddUserToGroupCommand({ UserPoolId, Username: pool.email, GroupName: ADMINS }),
  );
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId,
      Username: READER_EMAIL,
      MessageAction: 'SUPPRESS',
      TemporaryPassword: pool.password,
      UserAttributes: [
        { Name: 'email', Value: READER_EMAIL },
        { Name: 'email_verified', Value: 'true' },
        ...Object.entries(pool.attributes).map(([Name, Value]) => ({ Name, Value })),
      ],
    }),
  );
  await client.send(
    new AdminSetUserPasswordCommand({
      UserPoolId,
      Username: READER_EMAIL,
      Password: pool.password,
      Permanent: true,
    }),
  );
  await client.send(
    new AdminAddUserToGroupCommand({ UserPoolId, Username: READER_EMAIL, GroupName: READERS }),
  );
  return {
    admin: { email: pool.email, password: pool.password, groups: [ADMINS] },
    reader: { email: READER_EMAIL, password: pool.password, groups: [READERS] },
  };
}
