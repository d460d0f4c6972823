/**
 * A source's key picks the item its claims come from, so no key placeholder may be an attribute
 * the user may write: with the admin scope a user sets `custom:tenant_id` to another tenant's id
 * (UpdateUserAttributes) and the next token carries that tenant's plan and entitlements. Graded as
 * a claim source (checks/self-writable.ts): critical when the source feeds a claim an API trusts
 * (any access-token claim; an ID-token claim while `authorizer.tokenUse` is "id"), else a
 * warning; a warning while the trigger's scope suppression stops it. `{sub}`, `{username}` and
 * `{clientId}` are Cognito's, never the user's.
 */
import type { ClaimRule, ClaimsConfig } from '../../../shared/core/claims/types';
import { ADMIN_SCOPE } from '../../../shared/core/cognito';
import { KEY_PLACEHOLDERS, parseKeyTemplate } from '../../../shared/core/sources/key-template';
import {
  adminScopeRoutes,
  clientLabel,
  federatedProviders,
  userCanWrite,
  writesEverything,
} from '../../common/pool-attributes';
import type { AppClientView } from '../../common/pool-views';
import { appliesTo } from '../claim-rules';
import { consoleClient, revokeWriteCli } from '../fixes';
import { type CheckContext, type Finding, Severity } from '../types';

/** Each user attribute a source's key reads → the key attributes whose template names it. */
function keyAttributes(key: Readonly<Record<string, string>>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [keyAttribute, template] of Object.entries(key)) {
    const parts = parseKeyTemplate(template);
    // The config's validation refuses a template that does not parse.
    if ('problem' in parts) continue;
    for (const part of parts) {
      if (!('placeholder' in part)) continue;
      if ((KEY_PLACEHOLDERS as readonly string[]).includes(part.placeholder)) continue;
      const names = out.get(part.placeholder) ?? [];
      if (!names.includes(keyAttribute)) names.push(keyAttribute);
      out.set(part.placeholder, names);
    }
  }
  return out;
}

/** The rules this client's tokens get from the source. */
const sourcedRules = (config: ClaimsConfig, source: string, client: AppClientView) =>
  config.claims.filter(
    (rule) => rule.source === source && rule.tokens.length > 0 && appliesTo(rule, client),
  );

/** An API trusts the access token always, the ID token when the authorizer verifies ID tokens. */
const trusted = (config: ClaimsConfig, rule: ClaimRule) =>
  rule.tokens.includes('access') ||
  (config.authorizer.tokenUse === 'id' && rule.tokens.includes('id'));

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

export function checkSourceKeyWritable(ctx: CheckContext): Finding[] {
  const { config, pool } = ctx;
  const findings: Finding[] = [];
  const sources = Object.entries(config.sources ?? {});
  if (sources.length === 0) return findings;
  const suppressed = config.scopes.suppress.includes(ADMIN_SCOPE);
  // The suppression is applied by the trigger, so it only holds while the trigger runs it.
  const mitigated = suppressed && ctx.version !== 'V1_0' && ctx.version !== 'none';
  for (const client of ctx.clients) {
    const routes = adminScopeRoutes(client);
    if (routes.length === 0) continue;
    for (const [source, { dynamodb }] of sources) {
      const rules = sourcedRules(config, source, client);
      if (rules.length === 0) continue;
      const claims = quoted(rules.map((rule) => rule.claim));
      const critical = rules.some((rule) => trusted(config, rule));
      for (const [attribute, used] of keyAttributes(dynamodb.key)) {
        if (!userCanWrite(pool, client, attribute)) continue;
        const where = used
          .map((k) => `$.sources.${source}.dynamodb.key.${k} ${JSON.stringify(dynamodb.key[k])}`)
          .join(', ');
        const title = `Source "${source}" picks its item by "${attribute}" (${where}), which users of app client ${clientLabel(client)} can change themselves`;
        const steer = `Setting "${attribute}" to another tenant's or user's value points the read at their item, and the next token carries that item's ${claims}`;
        const writeCli = revokeWriteCli(ctx, client, attribute);
        const base = {
          code: 'SOURCE_KEY_USER_WRITABLE',
          clientId: client.ClientId,
          attribute,
          source,
        };
        if (mitigated) {
          findings.push({
            ...base,
            severity: Severity.WARNING,
            title: `${title}; only the trigger's scope suppression stops them`,
            why: `$.scopes.suppress removes ${ADMIN_SCOPE}, so users cannot call UpdateUserAttributes, but only while the trigger runs and applies the config. If it fails open or is unwired, the client issues the scope again (${routes.join('; ')}). ${steer}.`,
            fix: {
              console: `${consoleClient(ctx, client)} → Attribute permissions → Edit → untick "${attribute}" under Write`,
              cli: writeCli,
              config: `Keep "${ADMIN_SCOPE}" in $.scopes.suppress as well: the two together leave no gap`,
            },
          });
          continue;
        }
        const mapped = federatedProviders(client).length > 0;
        findings.push({
          ...base,
          severity: critical ? Severity.CRITICAL : Severity.WARNING,
          title,
          why: `The client may issue ${ADMIN_SCOPE} (${routes.join('; ')}${suppressed ? '; $.scopes.suppress lists it but the trigger is not on V2_0/V3_0, so it is not applied' : ''}), and with that scope a user calls UpdateUserAttributes on any attribute in the client's write list${writesEverything(client) ? ' (this client sets no WriteAttributes, so Cognito lets users write every attribute, custom ones included)' : ''}. ${steer}${critical ? '' : ' (ID token only; $.authorizer.tokenUse is "access", but an HTTP API JWT authorizer still accepts ID tokens on routes that require no scopes)'}.`,
          fix: {
            config: `Key $.sources.${source}.dynamodb.key on what users cannot write: {sub}, {username}, {clientId} or an attribute only an administrator sets; or add "${ADMIN_SCOPE}" to $.scopes.suppress (needs the V2_0/V3_0 trigger) and restrict WriteAttributes too`,
            console: `${consoleClient(ctx, client)} → Attribute permissions → Edit → untick "${attribute}" under Write${mapped ? ' (if an IdP maps it, suppress the scope instead: mapped attributes must stay writable)' : ''}; and under Login pages → Edit remove the ${ADMIN_SCOPE} scope`,
            cli: writeCli,
          },
        });
      }
    }
  }
  return findings;
}
