/**
 * Can each attribute that stores an IdP token (idpTokens) hold one, keep being rewritten, and
 * stay out of the ID token?
 */
import { ATTRIBUTE_MAX_LENGTH } from '../../../shared/core/cognito';
import {
  attributeExists,
  canRead,
  clientLabel,
  hasUserSignIn,
  isMutable,
  maxLengthOf,
} from '../../common/pool-attributes';
import { addCustomAttributeCli, consoleClient, consolePool, revokeReadCli } from '../fixes';
import { type CheckContext, type Finding, Severity } from '../types';

export function checkIdpTokens(ctx: CheckContext): Finding[] {
  const { config, pool } = ctx;
  const findings: Finding[] = [];
  for (const entry of config.idpTokens) {
    const { attribute } = entry;
    if (!attributeExists(pool, attribute)) {
      findings.push({
        code: 'IDP_TOKEN_ATTRIBUTE_NOT_IN_SCHEMA',
        severity: Severity.WARNING,
        title: `IdP token attribute "${attribute}" (idpTokens) does not exist in the pool`,
        why: 'Cognito cannot store the IdP token, and mapping onto a missing attribute fails federated sign-in ("Attribute does not exist in the schema").',
        fix: {
          console: `${consolePool(ctx)} → Sign-up → Custom attributes → Add custom attributes: String, max length ${ATTRIBUTE_MAX_LENGTH}, mutable`,
          cli: addCustomAttributeCli(ctx, attribute),
        },
        attribute,
      });
      continue;
    }
    const maxLength = maxLengthOf(pool, attribute);
    if (maxLength !== undefined && maxLength < ATTRIBUTE_MAX_LENGTH) {
      findings.push({
        code: 'IDP_TOKEN_ATTRIBUTE_TOO_SHORT',
        severity: Severity.CRITICAL,
        title: `IdP token attribute "${attribute}" holds at most ${maxLength.toLocaleString('en-US')} characters, not 2,048`,
        why: `IdP tokens are routinely 1,000–2,000 characters. Mapping happens before any trigger runs, so a token longer than ${maxLength} characters makes Cognito refuse the federated sign-in. Custom attributes cannot be changed after creation.`,
        fix: {
          console: `${consolePool(ctx)} → Sign-up → Custom attributes → Add custom attributes: String, max length ${ATTRIBUTE_MAX_LENGTH}, mutable; then remap the IdP token to it (${consolePool(ctx)} → Social and external providers → <provider> → Attribute mapping)`,
          cli: addCustomAttributeCli(ctx, attribute, '2'),
          config: `Then set $.idpTokens[].attribute to the new attribute`,
        },
        attribute,
      });
    }
    if (!isMutable(pool, attribute)) {
      findings.push({
        code: 'IDP_TOKEN_ATTRIBUTE_IMMUTABLE',
        severity: Severity.CRITICAL,
        title: `IdP token attribute "${attribute}" is immutable`,
        why: 'Cognito rewrites mapped attributes on every federated sign-in; an immutable one lets each user sign in once, then every later sign-in fails ("Attribute cannot be updated").',
        fix: {
          console: `${consolePool(ctx)} → Sign-up → Custom attributes → Add custom attributes: String, max length ${ATTRIBUTE_MAX_LENGTH}, mutable`,
          cli: addCustomAttributeCli(ctx, attribute, '2'),
          config: 'Then remap the IdP token and set $.idpTokens[].attribute to the new attribute',
        },
        attribute,
      });
    }
    const leaking = ctx.clients.filter(
      (client) =>
        hasUserSignIn(client) &&
        canRead(client, attribute) &&
        !config.suppress.id.includes(attribute),
    );
    if (leaking.length > 0) {
      findings.push({
        code: 'IDP_TOKEN_IN_ID_TOKEN',
        severity: Severity.WARNING,
        title: `App client(s) ${leaking.map(clientLabel).join(', ')} can read IdP token attribute "${attribute}", and the config does not suppress it`,
        why: "Every ID token for these clients then carries the IdP's bearer token (up to 2 KB): a credential leak and a large header.",
        fix: {
          config: `Add "${attribute}" to $.suppress.id in the claims config`,
          console: `${consoleClient(ctx, leaking[0] ?? {})} → Attribute permissions → Edit → untick "${attribute}" under Read`,
          cli: revokeReadCli(ctx, leaking[0] ?? {}, attribute),
        },
        clientId: leaking[0]?.ClientId,
        attribute,
      });
    }
  }
  return findings;
}
