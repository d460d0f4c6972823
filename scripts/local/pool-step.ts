/** The demo pool in cognito-local, and the client that signs in to it. */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { createDemoPool, type DemoPool } from './demo-pool';
import type { RunLog } from './run-log';

export interface LocalPool {
  readonly client: CognitoIdentityProviderClient;
  readonly pool: DemoPool;
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
  const issuer = `${cognitoEndpoint}/${pool.poolId}`;
  log.report.pool = { poolId: pool.poolId, clientId: pool.clientId, issuer, user: pool.email };
  log.record(
    'demo user pool',
    true,
    `${pool.poolId}, app client ${pool.clientId}, user ${pool.email} with ${Object.entries(
      pool.attributes,
    )
      .map(([name, value]) => `${name}=${value}`)
      .join(', ')}`,
  );
  return { client, pool, issuer };
}
