/**
 * The demo user pool for the local run, set up the way the docs advise so that it passes
 * `cognito-claims doctor` and `validate`: one custom attribute per `custom:` attribute the claims
 * config reads and per IdP token attribute (String, mutable, room for 2,048 characters); an app
 * client that allows password sign-in with explicit read and write lists (it reads what the
 * claims need, and users may write neither a claim's source nor anything left unlisted, since a
 * client without a write list lets them write every attribute); and one confirmed user with a
 * value in each claim attribute.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { ClaimsConfig, ClaimType } from '../../shared/core/claims/types';
import { ATTRIBUTE_MAX_LENGTH } from '../../shared/core/cognito';

export interface DemoPool {
  readonly poolId: string;
  readonly clientId: string;
  readonly email: string;
  /** The user's name in the pool (cognito-local stores email sign-in users under their sub). */
  readonly username: string;
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

/** Profile attributes users may edit themselves; never one a claim reads. */
const USER_EDITABLE = ['email', 'given_name', 'family_name'];

/** What the app client may read and write: the claims' sources, and the IdP token attributes. */
export const demoClientAttributes = (
  config: ClaimsConfig,
): { readonly read: string[]; readonly write: string[] } => {
  // A sourced claim's `from` is a path into its table's item, not an attribute.
  const claimSources = config.claims.flatMap((rule) =>
    rule.from !== undefined && !rule.from.startsWith('cognito:') && rule.source === undefined
      ? [rule.from]
      : [],
  );
  const idpTokens = config.idpTokens.map((rule) => rule.attribute);
  const unique = (names: readonly string[]) => [...new Set(names)];
  return {
    // The IdP tokens stay out of the read list: the ID token never needs to carry them.
    read: unique(['email', 'email_verified', ...claimSources]),
    // Cognito writes mapped IdP attributes with the client's permissions.
    write: unique([
      ...USER_EDITABLE.filter((name) => !claimSources.includes(name)),
      ...idpTokens.filter((name) => !claimSources.includes(name)),
    ]),
  };
};

export const createDemoPool = async (
  client: CognitoIdentityProviderClient,
  config: ClaimsConfig,
): Promise<DemoPool> => {
  const attributes = demoAttributes(config);
  const custom = [
    ...new Set([
      ...Object.keys(attributes),
      ...config.idpTokens.map((rule) => rule.attribute).filter((a) => a.startsWith('custom:')),
    ]),
  ];
  const pool = await client.send(
    new CreateUserPoolCommand({
      PoolName: 'cognito-claims-demo',
      UsernameAttributes: ['email'],
      Schema: custom.map((name) => ({
        Name: name.slice('custom:'.length),
        AttributeDataType: 'String',
        Mutable: true,
        StringAttributeConstraints: { MinLength: '0', MaxLength: String(ATTRIBUTE_MAX_LENGTH) },
      })),
    }),
  );
  const poolId = pool.UserPool?.Id;
  if (!poolId) throw new Error('CreateUserPool returned no pool id');
  const permissions = demoClientAttributes(config);
  const app = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'cognito-claims-demo-web',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      ReadAttributes: permissions.read,
      WriteAttributes: permissions.write,
    }),
  );
  const clientId = app.UserPoolClient?.ClientId;
  if (!clientId) throw new Error('CreateUserPoolClient returned no client id');
  const email = 'demo@example.com';
  // A fresh pool per run, on this machine only: the password is not a secret worth keeping.
  const password = 'Demo-Passw0rd!';
  const created = await client.send(
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
  const username = created.User?.Username ?? email;
  return { poolId, clientId, email, username, password, attributes };
};
