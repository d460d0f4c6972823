/**
 * Reads a live user pool with read-only calls only: DescribeUserPool, ListUserPoolClients +
 * DescribeUserPoolClient, and (unless not wanted) ListIdentityProviders +
 * DescribeIdentityProvider. The identity provider calls may fail (emulators lack them, a policy
 * may not allow them): that becomes a gap the report names, not an abort. Used by doctor and
 * validate.
 */
import {
  type CognitoIdentityProviderClient,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  paginateListIdentityProviders,
  paginateListUserPoolClients,
} from '@aws-sdk/client-cognito-identity-provider';
import { awsCall, type CallContext, explainAwsError, isUnsupported } from './aws';
import type { AppClientView, IdentityProviderView, UserPoolView } from './pool-views';

/** A part of the pool that could not be read, so the checks that need it did not run. */
export interface Gap {
  readonly what: string;
  readonly reason: string;
  /** True when the endpoint does not implement the call (emulators), not a permission problem. */
  readonly unsupported: boolean;
}

export interface PoolSnapshot {
  readonly pool: UserPoolView;
  readonly clients: readonly AppClientView[];
  readonly providers?: readonly IdentityProviderView[];
  readonly gaps: readonly Gap[];
}

export interface FetchOptions {
  /** Region, endpoint, timeout and the pool, for the one-line error of a call that fails. */
  readonly context: Omit<CallContext, 'operation'> & { readonly userPoolId: string };
  /** False: skip the identity providers (validate does not need them). */
  readonly providers?: boolean;
  readonly onProgress?: (text: string) => void;
}

/** Drops the client secret: no tool needs it and none may print it. */
const withoutSecret = <T extends { ClientSecret?: string }>(client: T): Omit<T, 'ClientSecret'> => {
  const { ClientSecret: _secret, ...rest } = client;
  return rest;
};

export async function fetchPoolSnapshot(
  client: CognitoIdentityProviderClient,
  options: FetchOptions,
): Promise<PoolSnapshot> {
  const { userPoolId } = options.context;
  const progress = options.onProgress ?? (() => {});
  const context = (operation: string): CallContext => ({ ...options.context, operation });

  progress(`Reading user pool ${userPoolId}`);
  const described = await awsCall(context('DescribeUserPool'), () =>
    client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId })),
  );
  const pool: UserPoolView = described.UserPool ?? { Id: userPoolId };

  progress('Listing app clients');
  const ids = await awsCall(context('ListUserPoolClients'), async () => {
    const found: string[] = [];
    for await (const page of paginateListUserPoolClients(
      { client },
      { UserPoolId: userPoolId, MaxResults: 60 },
    )) {
      for (const summary of page.UserPoolClients ?? []) {
        if (summary.ClientId) found.push(summary.ClientId);
      }
    }
    return found;
  });
  const clients: AppClientView[] = [];
  // One at a time: a pool with many clients should not trip the per-account rate limit.
  for (const [index, clientId] of ids.entries()) {
    progress(`Reading app client ${index + 1}/${ids.length}`);
    const result = await awsCall(context('DescribeUserPoolClient'), () =>
      client.send(
        new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }),
      ),
    );
    if (result.UserPoolClient) clients.push(withoutSecret(result.UserPoolClient));
  }
  if (options.providers === false) return { pool, clients, gaps: [] };

  progress('Listing identity providers');
  const gaps: Gap[] = [];
  let providers: IdentityProviderView[] | undefined;
  let operation = 'ListIdentityProviders';
  try {
    const names: string[] = [];
    for await (const page of paginateListIdentityProviders(
      { client },
      { UserPoolId: userPoolId, MaxResults: 60 },
    )) {
      for (const summary of page.Providers ?? []) {
        if (summary.ProviderName) names.push(summary.ProviderName);
      }
    }
    const read: IdentityProviderView[] = [];
    operation = 'DescribeIdentityProvider';
    for (const [index, name] of names.entries()) {
      progress(`Reading identity provider ${index + 1}/${names.length}`);
      const result = await client.send(
        new DescribeIdentityProviderCommand({ UserPoolId: userPoolId, ProviderName: name }),
      );
      // ProviderDetails holds client secrets and keys: only the mapping and type are kept.
      const provider = result.IdentityProvider;
      if (provider) {
        read.push({
          ...(provider.ProviderName ? { ProviderName: provider.ProviderName } : {}),
          ...(provider.ProviderType ? { ProviderType: provider.ProviderType } : {}),
          ...(provider.AttributeMapping ? { AttributeMapping: provider.AttributeMapping } : {}),
        });
      }
    }
    providers = read;
  } catch (error) {
    const explained = explainAwsError(error, context(operation));
    gaps.push({
      what: 'Identity providers',
      reason: explained.message,
      unsupported: isUnsupported(error),
    });
  }
  return { pool, clients, ...(providers ? { providers } : {}), gaps };
}
