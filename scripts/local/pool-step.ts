/** The demo pool in cognito-local, its users (an admin and a reader), and the client that signs in. */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { createDemoPool, type DemoPool } from './demo-pool';
import { addDemoUsers, type DemoUsers } from './demo-users';
import type { RunLog } from './run-log';

export interface LocalPool {
  readonly client: CognitoIdentityProviderClient;
  readonly pool: DemoPool;
  readonly users: DemoUsers;
  /** The issuer cognito-local writes in the pool's tokens: what the authorizer trusts. */
  readonly issuer: string;
}

export async function setUpDemoPool(
  log: RunLog,
  cognitoEndpoint: string,
  config: ClaimsConfig,
): Promise<LocalPool> {
  const client = new CognitoIdentityProviderClient({
    endpoint: cognitoEndpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // On loopback a failure is real: a retry would only hide it.
    maxAttempts: 1,
  });
  const pool = await createDemoPool(client, config);
  const users = await addDemoUsers(client, pool);
  const issuer = `${cognitoEndpoint}/${pool.poolId}`;
  log.report.pool = {
    poolId: pool.poolId,
    clientId: pool.clientId,
    issuer,
    user: pool.email,
    reader: users.reader.email,
  };
  const member = (user: DemoUsers[keyof DemoUsers]) => `${user.email} (${user.groups.join(', ')})`;
  log.record(
    'demo user pool',
    true,
    `${pool.poolId}, app client ${pool.clientId}, users ${member(users.admin)} and ${member(
      users.reader,
    )} with ${Object.entries(pool.attributes)
      .map(([name, value]) => `${name}=${value}`)
      .join(', ')}`,
  );
  return { client, pool, users, issuer };
}
