/**
 * What an app client may read and write, and what it may issue. A client with no (absent or
 * empty) ReadAttributes/WriteAttributes list reads and writes every attribute of the pool, custom
 * ones included (console behaviour; cognito-contract.md §7.3). The API reference words it as
 * "standard attributes only"; for a security gate the stricter reading, everything, is the one
 * that cannot hide a user-writable claim.
 */
import { ADMIN_SCOPE } from '../../shared/core/cognito';
import type { AppClientView, SchemaAttributeView, UserPoolView } from './pool-views';

export const STANDARD_ATTRIBUTES: ReadonlySet<string> = new Set([
  'address',
  'birthdate',
  'email',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'picture',
  'preferred_username',
  'profile',
  'sub',
  'updated_at',
  'website',
  'zoneinfo',
]);
const VERIFIED_FLAGS: ReadonlySet<string> = new Set(['email_verified', 'phone_number_verified']);
/** Attributes Cognito manages that are neither in the schema list nor writable. */
const SYSTEM_ATTRIBUTES: ReadonlySet<string> = new Set([
  'sub',
  'identities',
  'cognito:user_status',
]);

/** Sign-in flows whose tokens (InitiateAuth / AdminInitiateAuth) always carry the admin scope. */
const API_FLOWS: ReadonlySet<string> = new Set([
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'CUSTOM_AUTH_FLOW_ONLY',
]);
/** Cognito's default when ExplicitAuthFlows is not set. */
const DEFAULT_API_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

/** `sub`, `identities` and the user status: Cognito sets them, for every client. */
export const isSystemAttribute = (attribute: string): boolean => SYSTEM_ATTRIBUTES.has(attribute);

export const isStandardAttribute = (attribute: string): boolean =>
  STANDARD_ATTRIBUTES.has(attribute) || VERIFIED_FLAGS.has(attribute);

const isStandard = (attribute: string) =>
  STANDARD_ATTRIBUTES.has(attribute) || VERIFIED_FLAGS.has(attribute);

export const schemaAttribute = (
  pool: UserPoolView,
  attribute: string,
): SchemaAttributeView | undefined => pool.SchemaAttributes?.find((a) => a.Name === attribute);

/** Whether the attribute exists in the pool (standard attributes always do). */
export const attributeExists = (pool: UserPoolView, attribute: string): boolean =>
  isStandard(attribute) ||
  SYSTEM_ATTRIBUTES.has(attribute) ||
  schemaAttribute(pool, attribute) !== undefined;

export const maxLengthOf = (pool: UserPoolView, attribute: string): number | undefined => {
  const raw = schemaAttribute(pool, attribute)?.StringAttributeConstraints?.MaxLength;
  if (raw === undefined) return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
};

export const isMutable = (pool: UserPoolView, attribute: string): boolean => {
  if (attribute === 'sub' || attribute === 'identities') return false;
  return schemaAttribute(pool, attribute)?.Mutable !== false;
};

const listed = (list: readonly string[] | undefined): list is readonly string[] =>
  list !== undefined && list.length > 0;

/** Developer attributes are admin-only: no client permission covers them. */
const isDeveloperOnly = (attribute: string) => attribute.startsWith('dev:');

/**
 * Whether the client reads the attribute (and so puts it in its ID token). Callers check that
 * the attribute exists in the pool: without a list, every pool attribute is readable.
 */
export const canRead = (client: AppClientView, attribute: string): boolean =>
  listed(client.ReadAttributes)
    ? client.ReadAttributes.includes(attribute)
    : !isDeveloperOnly(attribute);

/** Whether the client's permission lets a signed-in user change the attribute. */
export const clientCanWrite = (client: AppClientView, attribute: string): boolean => {
  if (isDeveloperOnly(attribute) || SYSTEM_ATTRIBUTES.has(attribute)) return false;
  return listed(client.WriteAttributes) ? client.WriteAttributes.includes(attribute) : true;
};

/** True when the client has no write list, so users may write every attribute. */
export const writesEverything = (client: AppClientView): boolean => !listed(client.WriteAttributes);

/** Whether a user of this client can change the attribute with UpdateUserAttributes. */
export const userCanWrite = (pool: UserPoolView, client: AppClientView, attribute: string) =>
  clientCanWrite(client, attribute) && isMutable(pool, attribute);

export const effectiveAuthFlows = (client: AppClientView): readonly string[] =>
  listed(client.ExplicitAuthFlows) ? client.ExplicitAuthFlows : DEFAULT_API_FLOWS;

/**
 * The ways this client can hand a user an access token with the admin scope, which lets the
 * user call UpdateUserAttributes. Empty when it cannot.
 */
export const adminScopeRoutes = (client: AppClientView): string[] => {
  const routes: string[] = [];
  const flows = effectiveAuthFlows(client).filter((flow) => API_FLOWS.has(flow));
  if (flows.length > 0) {
    const note = listed(client.ExplicitAuthFlows) ? '' : ' (Cognito default: none set)';
    routes.push(`API sign-in flows ${flows.join(', ')}${note} always issue it`);
  }
  const oauthUserFlows = (client.AllowedOAuthFlows ?? []).filter(
    (flow) => flow !== 'client_credentials',
  );
  if (
    client.AllowedOAuthFlowsUserPoolClient === true &&
    oauthUserFlows.length > 0 &&
    (client.AllowedOAuthScopes ?? []).includes(ADMIN_SCOPE)
  ) {
    routes.push(`AllowedOAuthScopes includes ${ADMIN_SCOPE} (managed login issues it on request)`);
  }
  return routes;
};

/** Whether the client signs users in at all (a client_credentials-only client has no users). */
export const hasUserSignIn = (client: AppClientView): boolean => {
  const oauthUserFlows = (client.AllowedOAuthFlows ?? []).filter(
    (flow) => flow !== 'client_credentials',
  );
  const apiFlows = effectiveAuthFlows(client).filter((flow) => API_FLOWS.has(flow));
  return (
    apiFlows.length > 0 ||
    (client.AllowedOAuthFlowsUserPoolClient === true && oauthUserFlows.length > 0)
  );
};

export const issuesClientCredentials = (client: AppClientView): boolean =>
  client.AllowedOAuthFlowsUserPoolClient === true &&
  (client.AllowedOAuthFlows ?? []).includes('client_credentials');

/** IdPs other than the pool's own directory that the client lets users sign in with. */
export const federatedProviders = (client: AppClientView): string[] =>
  (client.SupportedIdentityProviders ?? []).filter((name) => name !== 'COGNITO');

export const clientLabel = (client: AppClientView): string =>
  client.ClientName
    ? `"${client.ClientName}" (${client.ClientId ?? '?'})`
    : (client.ClientId ?? '?');
