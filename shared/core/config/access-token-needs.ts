/** What in a config customises the access token: the one answer doctor, attach and validate use. */
import type { ClaimsConfig } from '../claims/types';

/** Why the config needs the access token customised (V2_0 or later), or an empty list. */
export function accessTokenNeeds(config: ClaimsConfig): string[] {
  const reasons: string[] = [];
  const claims = config.claims.filter((rule) => rule.tokens.includes('access'));
  if (claims.length > 0) {
    reasons.push(`claims ${claims.map((rule) => rule.claim).join(', ')} go to the access token`);
  }
  if (config.suppress.access.length > 0) reasons.push('it suppresses access-token claims');
  const { scopes } = config;
  if (
    scopes.add.length > 0 ||
    scopes.suppress.length > 0 ||
    (scopes.addWhen?.length ?? 0) > 0 ||
    (scopes.suppressWhen?.length ?? 0) > 0
  ) {
    reasons.push('it adds or suppresses scopes');
  }
  return reasons;
}
