/**
 * What each identity provider maps: onto attributes that exist, stay mutable and are long enough,
 * and the username from the IdP's stable id.
 */
import { ATTRIBUTE_MAX_LENGTH } from '../../../shared/core/cognito';
import { attributeExists, isMutable, maxLengthOf } from '../../common/pool-attributes';
import { addCustomAttributeCli, consoleMapping, consolePool, updateMappingCli } from '../fixes';
import { type CheckContext, type Finding, Severity } from '../types';

/** The IdP claim Cognito builds a federated username from (MAP: "username" source per type). */
const USERNAME_SOURCE: Readonly<Record<string, string>> = {
  Google: 'sub',
  Facebook: 'id',
  LoginWithAmazon: 'user_id',
  SignInWithApple: 'sub',
  OIDC: 'sub',
};

const IDP_TOKEN_SOURCES: ReadonlySet<string> = new Set(['access_token', 'id_token']);

export function checkProviderMappings(ctx: CheckContext): Finding[] {
  const { config, pool, providers } = ctx;
  const findings: Finding[] = [];
  for (const provider of providers ?? []) {
    const name = provider.ProviderName ?? '?';
    const mapping = provider.AttributeMapping ?? {};
    for (const [attribute, source] of Object.entries(mapping)) {
      if (attribute === 'username') continue;
      if (!attributeExists(pool, attribute)) {
        findings.push({
          code: 'MAPPED_ATTRIBUTE_NOT_IN_SCHEMA',
          severity: Severity.CRITICAL,
          title: `${name} maps "${source}" onto "${attribute}", which the pool does not have`,
          why: 'Federated sign-in through this provider fails ("Attribute does not exist in the schema").',
          fix: {
            console: consoleMapping(ctx, name),
            cli: addCustomAttributeCli(ctx, attribute),
          },
          attribute,
          provider: name,
        });
        continue;
      }
      const isToken = IDP_TOKEN_SOURCES.has(source);
      // checkIdpTokens has already reported the attributes idpTokens names.
      const alreadyReported = config.idpTokens.some((entry) => entry.attribute === attribute);
      if (!isMutable(pool, attribute) && !alreadyReported) {
        findings.push({
          code: 'MAPPED_ATTRIBUTE_IMMUTABLE',
          severity: Severity.CRITICAL,
          title: `${name} maps "${source}" onto "${attribute}", an immutable attribute`,
          why: 'Cognito rewrites mapped attributes on every federated sign-in; an immutable one lets each user sign in once and then fails ("Attribute cannot be updated"), and the value is never updated.',
          fix: {
            console: `${consoleMapping(ctx, name)} → map "${source}" to a mutable attribute instead`,
            cli: `${addCustomAttributeCli(ctx, attribute, '_m')} && ${updateMappingCli(ctx, name, `<the full mapping with ${source} → the new attribute>`)}`,
          },
          attribute,
          provider: name,
        });
      }
      const maxLength = maxLengthOf(pool, attribute);
      if (maxLength !== undefined && maxLength < ATTRIBUTE_MAX_LENGTH && !alreadyReported) {
        findings.push({
          code: isToken ? 'IDP_TOKEN_ATTRIBUTE_TOO_SHORT' : 'MAPPED_ATTRIBUTE_TOO_SHORT',
          severity: isToken ? Severity.CRITICAL : Severity.WARNING,
          title: `${name} maps "${source}" onto "${attribute}", which holds at most ${maxLength} characters`,
          why: `A value longer than ${maxLength} characters from the IdP makes Cognito refuse the sign-in before any trigger runs${isToken ? '; IdP tokens are routinely 1,000–2,000 characters' : ' (long group lists are the usual cause)'}.`,
          fix: {
            console: `${consolePool(ctx)} → Sign-up → Custom attributes → Add custom attributes: String, max length ${ATTRIBUTE_MAX_LENGTH}, mutable; then ${consoleMapping(ctx, name)}`,
            cli: addCustomAttributeCli(ctx, attribute, '2'),
          },
          attribute,
          provider: name,
        });
      }
    }
    const expected = provider.ProviderType ? USERNAME_SOURCE[provider.ProviderType] : undefined;
    const username = mapping.username;
    if (expected && username !== undefined && username !== expected) {
      const others = Object.entries(mapping)
        .filter(([k]) => k !== 'username')
        .map(([k, v]) => `,${k}=${v}`)
        .join('');
      findings.push({
        code: 'USERNAME_MAPPED_TO_WRONG_CLAIM',
        severity: Severity.WARNING,
        title: `${name} (${provider.ProviderType}) maps username to "${username}" instead of "${expected}"`,
        why: `Cognito names federated users ${name}_<${expected}>; the IdP's "${expected}" is the stable, unique id. A different claim (often email) can change or be reused, so one person becomes several Cognito users, or two people share one. Map "${username}" to preferred_username if you want it shown.`,
        fix: {
          console: `${consoleMapping(ctx, name)} → username ← ${expected}`,
          cli: updateMappingCli(ctx, name, `username=${expected}${others}`),
        },
        provider: name,
        attribute: 'username',
      });
    }
  }
  return findings;
}
