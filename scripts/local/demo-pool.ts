/**
 * The demo user pool for the local run: one custom attribute per `custom:` attribute the claims
 * config reads, an app client that allows password sign-in, and one confirmed user with a value
 * in each of those attributes.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { ClaimsConfig, ClaimType } from '../../shared/core/claims/types';

export interface DemoPool {
  readonly poolId: string;
  readonly clientId: string;
  readonly email: string;
  readonly password: string;
  readonly attributes: Readonly<Record<string, string>>;
}

// Values that read naturally for the example config; anything else gets one by its type.
const NICE_VALUES: Readonly<Record<string, string>> = {
  'custom:tenant_id': 'tenant-demo',
  'custom:roles': 'admin,editor',
  'custom:employee_no': '1042',
};

const valueFor = (attribute: string, type: ClaimType): string => {
  const nice = NICE_VALUES[attribute];
  if (nice !== undefined) return nice;
  switch (type) {
    case 'number':
      return '7';
    case 'boolean':
      return 'true';
    case 'string[]':
      return 'alpha,beta';
    case 'json':
      return '{"demo":true}';
    case 'string':
      return `demo-${attribute.slice('custom:'.length)}`;
  }
};

/** The `custom:` attributes the config maps, with a demo value each. */
export const demoAttributes = (config: ClaimsConfig): Record<string, string> => {
  const attributes: Record<string, string> = {};
  for (const rule of config.claims) {
    if (rule.from?.startsWith('custom:')) attributes[rule.from] = valueFor(rule.from, rule.type);
  }
  return attributes;
};

export const createDemoPool = async (
  client: CognitoIdentityProviderClient,
  config: ClaimsConfig,
): Promise<DemoPool> => {
  const attributes = demoAttributes(config);
  const pool = await client.send(
    new CreateUserPoolCommand({
      PoolName: 'cognito-claims-demo',
      UsernameAttributes: ['email'],
      Schema: Object.keys(attributes).map((name) => ({
        Name: name.slice('custom:'.length),
        AttributeDataType: 'String',
        Mutable: true,
      })),
    }),
  );
  const poolId = pool.UserPool?.Id;
  if (!poolId) throw new Error('CreateUserPool returned no pool id');
  const app = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'cognito-claims-demo-web',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const clientId = app.UserPoolClient?.ClientId;
  if (!clientId) throw new Error('CreateUserPoolClient returned no client id');
  const email = 'demo@example.com';
  // A fresh pool per run, on this machine only: the password is not a secret worth keeping.
  const password = 'Demo-Passw0rd!';
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      TemporaryPassword: password,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
        ...Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      ],
    }),
  );
  await client.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: email,
      Password: password,
      Permanent: true,
    }),
  );
  return { poolId, clientId, email, password, attributes };
};
