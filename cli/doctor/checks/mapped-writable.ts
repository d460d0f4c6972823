/**
 * Cognito writes mapped attributes with the permissions of the client the user signs in with, so
 * each client that federates must be able to write what its IdPs map.
 */

import {
  attributeExists,
  clientCanWrite,
  clientLabel,
  federatedProviders,
} from '../../common/pool-attributes';
import type { IdentityProviderView } from '../../common/pool-views';
import { consoleClient, grantWriteCli } from '../fixes';
import { type CheckContext, type Finding, Severity } from '../types';

/** Attributes an IdP writes: from the IdP mappings when known, else the config's idpTokens. */
function mappedAttributes(
  ctx: CheckContext,
  providers: readonly IdentityProviderView[] | undefined,
): Map<string, Set<string>> {
  const mapped = new Map<string, Set<string>>();
  const add = (provider: string, attribute: string) => {
    mapped.set(provider, (mapped.get(provider) ?? new Set()).add(attribute));
  };
  if (providers) {
    for (const provider of providers) {
      for (const attribute of Object.keys(provider.AttributeMapping ?? {})) {
        if (attribute !== 'username') add(provider.ProviderName ?? '?', attribute);
      }
    }
  } else {
    for (const client of ctx.clients) {
      for (const provider of federatedProviders(client)) {
        for (const entry of ctx.config.idpTokens) add(provider, entry.attribute);
      }
    }
  }
  return mapped;
}

export function checkMappedWritable(ctx: CheckContext): Finding[] {
  const { providers } = ctx;
  const findings: Finding[] = [];
  const mapped = mappedAttributes(ctx, providers);
  for (const client of ctx.clients) {
    const missing = new Map<string, string[]>();
    for (const provider of federatedProviders(client)) {
      for (const attribute of mapped.get(provider) ?? []) {
        if (!attributeExists(ctx.pool, attribute) || clientCanWrite(client, attribute)) continue;
        missing.set(attribute, [...(missing.get(attribute) ?? []), provider]);
      }
    }
    for (const [attribute, names] of missing) {
      findings.push({
        code: 'MAPPED_ATTRIBUTE_NOT_WRITABLE',
        severity: Severity.CRITICAL,
        title: providers
          ? `App client ${clientLabel(client)} cannot write "${attribute}", which ${names.join(', ')} map${names.length > 1 ? '' : 's'} on sign-in`
          : `App client ${clientLabel(client)} signs users in through ${names.join(', ')} but cannot write "${attribute}", where the idpTokens config expects an IdP token`,
        why: 'Cognito updates mapped attributes with the permissions of the client the user signs in with; without write permission it throws and the federated sign-in fails, or the attribute is never updated.',
        fix: {
          console: `${consoleClient(ctx, client)} → Attribute permissions → Edit → tick "${attribute}" under Write`,
          cli: grantWriteCli(ctx, client, attribute),
        },
        clientId: client.ClientId,
        attribute,
        provider: names[0],
      });
    }
  }
  return findings;
}
