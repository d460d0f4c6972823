/**
 * Reads what doctor checks, with read-only calls only: DescribeUserPool, ListUserPoolClients +
 * DescribeUserPoolClient, ListIdentityProviders + DescribeIdentityProvider. The identity
 * provider calls may fail (emulators lack them, a policy may not allow them): that becomes a
 * gap the report names, not an abort.
 */
import {
  type CognitoIdentityProviderClient,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  paginateListIdentityProviders,
  paginateListUserPoolClients,
} from '@aws-sdk/client-cognito-identity-provider';
import { type CallContext, explainAwsError, isUnsupported } from '../common/aws';
import type { AppClientView, IdentityProviderView, UserPoolView } from '../common/pool-views';
import type { Gap } from './types';

export interface PoolSnapshot {
  readonly pool: UserPoolView;
  readonly clients: readonly AppClientView[];
  readonly providers?: readonly IdentityProviderView[];
  readonly gaps: readonly Gap[];
}

export interface FetchOptions {
  readonly userPoolId: string;
  readonly region: string;
  readonly endpoint?: string;
  readonly onProgress?: (text: string) => void;
}

/** Drops the client secret: doctor never needs it and must never print it. */
const withoutSecret = <T extends { ClientSecret?: string }>(client: T): Omit<T, 'ClientSecret'> => {
  const { ClientSecret: _secret, ...rest } = client;
  return rest;
};

export const fetchPoolSnapshot = async (
  client: CognitoIdentityProviderClient,
  options: FetchOptions,
): Promise<PoolSnapshot> => {
  const { userPoolId } = options;
  const progress = options.onProgress ?? (() => {});
  const context = (operation: string): CallContext => ({
    operation,
    region: options.region,
    userPoolId,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  const call = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw explainAwsError(error, context(operation));
    }
  };

  progress(`Reading user pool ${userPoolId}`);
  const described = await call('DescribeUserPool', () =>
    client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId })),
  );
  const pool: UserPoolView = described.UserPool ?? { Id: userPoolId };

  progress('Listing app clients');
  const ids = await call('ListUserPoolClients', async () => {
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
    const result = await call('DescribeUserPoolClient', () =>
      client.send(
        new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }),
      ),
    );
    if (result.UserPoolClient) clients.push(withoutSecret(result.UserPoolClient));
  }

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
};
