/**
 * What decides a claim, a scope or the groups must not be an attribute the user may write: a
 * `when.attributes` key, or the `groups.from` attribute. With the admin scope a user calls
 * UpdateUserAttributes, sets the value a condition asks for, and the next token carries the
 * claim, the scope or the groups they chose. (A `map` or `transform` source is the rule's
 * `from`, flagged by the claim-source check.) Flagged as claim sources are: critical when it
 * decides an access-token claim, a scope or the groups; a warning while the trigger's scope
 * suppression stops it.
 */
import type { ClaimsConfig, ScopeRule } from '../../../shared/core/claims/types';
import { ADMIN_SCOPE } from '../../../shared/core/cognito';
import {
  adminScopeRoutes,
  clientLabel,
  userCanWrite,
  writesEverything,
} from '../../common/pool-attributes';
import type { AppClientView } from '../../common/pool-views';
import { appliesTo } from '../claim-rules';
import { consoleClient, revokeWriteCli } from '../fixes';
import { type CheckContext, type Finding, Severity } from '../types';

/** One thing a user-writable attribute would decide. */
interface Decision {
  readonly attribute: string;
  /** `$.claims[2].when.attributes["custom:plan"]`, `$.groups.from` */
  readonly path: string;
  /** What the user could grant themselves, in words. */
  readonly what: string;
  readonly code:
    | 'CONDITION_ATTRIBUTE_USER_WRITABLE'
    | 'SCOPE_CONDITION_USER_WRITABLE'
    | 'GROUPS_SOURCE_USER_WRITABLE';
  /** Only an ID-token claim: an API trusts it less (see the claim-source check). */
  readonly idOnly: boolean;
  readonly claim?: string;
}

const scopeDecisions = (
  entries: readonly ScopeRule[] | undefined,
  action: 'add' | 'suppress',
): Decision[] =>
  (entries ?? []).flatMap((entry) =>
    Object.keys(entry.when.attributes ?? {}).map((attribute) => ({
      attribute,
      path: `$.scopes.${action} "${entry.scope}" when.attributes[${JSON.stringify(attribute)}]`,
      what: `${action === 'add' ? 'the scope' : 'the removal of scope'} "${entry.scope}"`,
      code: 'SCOPE_CONDITION_USER_WRITABLE' as const,
      idOnly: false,
    })),
  );

/** Every attribute that decides something for this app client. */
function decisions(config: ClaimsConfig, client: AppClientView): Decision[] {
  const out: Decision[] = [];
  config.claims.forEach((rule, index) => {
    if (!appliesTo(rule, client) || rule.tokens.length === 0) return;
    for (const attribute of Object.keys(rule.when?.attributes ?? {})) {
      out.push({
        attribute,
        path: `$.claims[${index}].when.attributes[${JSON.stringify(attribute)}]`,
        what: `claim "${rule.claim}" (the rule at $.claims[${index}] applies when it holds)`,
        code: 'CONDITION_ATTRIBUTE_USER_WRITABLE',
        idOnly: !rule.tokens.includes('access'),
        claim: rule.claim,
      });
    }
  });
  out.push(...scopeDecisions(config.scopes.addWhen, 'add'));
  out.push(...scopeDecisions(config.scopes.suppressWhen, 'suppress'));
  const from = config.groups?.from;
  if (from !== undefined) {
    out.push({
      attribute: from,
      path: '$.groups.from',
      what: 'their groups (cognito:groups in both tokens, and every route or rule that reads groups)',
      code: 'GROUPS_SOURCE_USER_WRITABLE',
      idOnly: false,
    });
  }
  return out;
}

export function checkSelfEscalation(ctx: CheckContext): Finding[] {
  const { config, pool } = ctx;
  const findings: Finding[] = [];
  const suppressed = config.scopes.suppress.includes(ADMIN_SCOPE);
  // The suppression is applied by the trigger, so it only holds while the trigger runs it.
  const mitigated = suppressed && ctx.version !== 'V1_0' && ctx.version !== 'none';
  for (const client of ctx.clients) {
    const routes = adminScopeRoutes(client);
    if (routes.length === 0) continue;
    for (const decision of decisions(config, client)) {
      if (!userCanWrite(pool, client, decision.attribute)) continue;
      const writeCli = revokeWriteCli(ctx, client, decision.attribute);
      const base = {
        clientId: client.ClientId,
        attribute: decision.attribute,
        ...(decision.claim !== undefined ? { claim: decision.claim } : {}),
      };
      const title = `"${decision.attribute}" decides ${decision.what} (${decision.path}), and users of app client ${clientLabel(client)} can change it themselves`;
      if (mitigated) {
        findings.push({
          ...base,
          code: decision.code,
          severity: Severity.WARNING,
          title: `${title}; only the trigger's scope suppression stops them`,
          why: `$.scopes.suppress removes ${ADMIN_SCOPE}, so users cannot call UpdateUserAttributes, but only while the trigger runs and applies the config. If it fails open or is unwired, the client issues the scope again (${routes.join('; ')}) and a user can set "${decision.attribute}" to what the config asks for.`,
          fix: {
            console: `${consoleClient(ctx, client)} → Attribute permissions → Edit → untick "${decision.attribute}" under Write`,
            cli: writeCli,
            config: `Keep "${ADMIN_SCOPE}" in $.scopes.suppress as well: the two together leave no gap`,
          },
        });
        continue;
      }
      findings.push({
        ...base,
        code: decision.code,
        severity: decision.idOnly ? Severity.WARNING : Severity.CRITICAL,
        title,
        why: `The client may issue ${ADMIN_SCOPE} (${routes.join('; ')}), and with that scope a user calls UpdateUserAttributes on any attribute in the client's write list${writesEverything(client) ? ' (this client sets no WriteAttributes, so Cognito lets users write every attribute, custom ones included)' : ''}. Setting "${decision.attribute}" to the value the config asks for grants them ${decision.what} in the next token.`,
        fix: {
          config: `Decide on an attribute users cannot write (an admin-set custom attribute, or a group), or add "${ADMIN_SCOPE}" to $.scopes.suppress (needs the V2_0/V3_0 trigger) and restrict WriteAttributes too`,
          console: `${consoleClient(ctx, client)} → Attribute permissions → Edit → untick "${decision.attribute}" under Write; and under Login pages → Edit remove the ${ADMIN_SCOPE} scope`,
          cli: writeCli,
        },
      });
    }
  }
  return findings;
}
