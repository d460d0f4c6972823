/** What the claims config asks of the pool, as the checks read it. */
import { type ClaimRule, type ClaimsConfig, GROUPS_SOURCE } from '../../shared/core/claims/types';
import { accessTokenNeeds } from '../../shared/core/config/access-token-needs';
import type { AppClientView } from '../common/pool-views';

/** A rule without `clients` applies to every app client. */
export function appliesTo(rule: ClaimRule, client: AppClientView): boolean {
  return !rule.clients || (client.ClientId !== undefined && rule.clients.includes(client.ClientId));
}

/**
 * The claim rules that read a user attribute (the others hold a fixed value or the groups, or
 * read a source's item, where `from` is a path into the item: checks/source-tables.ts).
 */
export function attributeRules(config: ClaimsConfig): (ClaimRule & { from: string })[] {
  return config.claims.filter(
    (rule): rule is ClaimRule & { from: string } =>
      rule.from !== undefined && rule.from !== GROUPS_SOURCE && rule.source === undefined,
  );
}

export function accessCustomised(config: ClaimsConfig): boolean {
  return accessTokenNeeds(config).length > 0;
}

/** False for a config that changes no token, so no trigger is needed. */
export function anythingToDo(config: ClaimsConfig): boolean {
  return (
    config.claims.length > 0 ||
    config.suppress.id.length > 0 ||
    accessCustomised(config) ||
    config.groups !== undefined
  );
}

/** Whether the config asks the IdP token guard (Post authentication, Inbound federation) to run. */
export function guardsIdpTokens(config: ClaimsConfig): boolean {
  return config.idpTokens.length > 0 || Object.keys(config.providers).length > 0;
}
