/**
 * A claim an API trusts must not come from an attribute the user may write: with the admin scope
 * a user calls UpdateUserAttributes and the next token carries the value they chose.
 */
import type { ClaimsConfig } from '../../../shared/core/claims/types';
import { ADMIN_SCOPE } from '../../../shared/core/cognito';
import {
  adminScopeRoutes,
  clientLabel,
  federatedProviders,
  userCanWrite,
  writesEverything,
} from '../../common/pool-attributes';
import { appliesTo, attributeRules } from '../claim-rules';
import { consoleClient, revokeWriteCli } from '../fixes';
import { type CheckContext, type Finding, Severity } from '../types';

/**
 * How far an API trusts each token's claims. The access token always; the ID token fully when
 * the verifying authorizer is set to ID tokens, and still in part otherwise: API Gateway's HTTP
 * API JWT authorizer (serverless.yml's default `cognitoJwt` for GET /me) accepts an ID token
 * whose `aud` is the client, unless the route requires scopes (ID tokens carry none).
 */
function idTokenTrust(config: ClaimsConfig): 'full' | 'jwt-authorizer' {
  return config.authorizer.tokenUse === 'id' ? 'full' : 'jwt-authorizer';
}

const JWT_AUTHORIZER_EXPOSURE =
  "API Gateway's HTTP API JWT authorizer (serverless.yml's default cognitoJwt in front of GET /me) accepts ID tokens as well as access tokens when the route requires no scopes, so a backend behind it can read this claim from a token the user shaped";

export function checkSelfWritable(ctx: CheckContext): Finding[] {
  const { config, pool } = ctx;
  const findings: Finding[] = [];
  const suppressed = config.scopes.suppress.includes(ADMIN_SCOPE);
  // The suppression is applied by the trigger, so it only holds while the trigger runs it.
  const mitigated = suppressed && ctx.version !== 'V1_0' && ctx.version !== 'none';
  const idTrust = idTokenTrust(config);
  for (const client of ctx.clients) {
    const routes = adminScopeRoutes(client);
    if (routes.length === 0) continue;
    for (const rule of attributeRules(config)) {
      if (!appliesTo(rule, client)) continue;
      if (rule.tokens.length === 0 || !userCanWrite(pool, client, rule.from)) continue;
      const tokenText = rule.tokens.map((t) => (t === 'id' ? 'ID' : 'access')).join(' and ');
      const writeCli = revokeWriteCli(ctx, client, rule.from);
      const mapped = federatedProviders(client).length > 0;
      if (mitigated) {
        findings.push({
          code: 'WRITABLE_CLAIM_SOURCE_SCOPE_SUPPRESSED',
          severity: Severity.WARNING,
          title: `${tokenText[0]?.toUpperCase()}${tokenText.slice(1)}-token claim "${rule.claim}" comes from "${rule.from}", which users of app client ${clientLabel(client)} may write; only the trigger's scope suppression stops them`,
          why: `$.scopes.suppress removes ${ADMIN_SCOPE}, so users cannot call UpdateUserAttributes, but only while the trigger runs and applies the config. If it fails open (an invalid CLAIMS_CONFIG makes it leave the tokens unchanged) or is unwired, the client issues the scope again (${routes.join('; ')}) and a user can grant themselves "${rule.claim}".`,
          fix: {
            console: `${consoleClient(ctx, client)} → Attribute permissions → Edit → untick "${rule.from}" under Write${mapped ? ' (if an IdP maps it, it must stay writable: keep the suppression and watch the trigger for CONFIG_INVALID failures)' : ''}`,
            cli: writeCli,
            config: `Keep "${ADMIN_SCOPE}" in $.scopes.suppress as well: the two together leave no gap`,
          },
          clientId: client.ClientId,
          attribute: rule.from,
          claim: rule.claim,
        });
        continue;
      }
      // Only an ID-token claim, and no authorizer set to trust ID tokens: exposed through the JWT authorizer.
      const idOnlyExposure = !rule.tokens.includes('access') && idTrust === 'jwt-authorizer';
      const scopeText = `The client may issue ${ADMIN_SCOPE} (${routes.join('; ')}${suppressed ? `; $.scopes.suppress lists it but the trigger is not on V2_0/V3_0, so it is not applied` : ''}), and with that scope a user calls UpdateUserAttributes on any attribute in the client's write list${writesEverything(client) ? ' (this client sets no WriteAttributes, so Cognito lets users write every attribute, custom ones included)' : ''}. The next token then carries the value they chose: a user can grant themselves "${rule.claim}".`;
      findings.push({
        code: idOnlyExposure ? 'ID_CLAIM_USER_WRITABLE' : 'ACCESS_CLAIM_USER_WRITABLE',
        severity: idOnlyExposure ? Severity.WARNING : Severity.CRITICAL,
        title: `${tokenText[0]?.toUpperCase()}${tokenText.slice(1)}-token claim "${rule.claim}" comes from "${rule.from}", which users of app client ${clientLabel(client)} can change themselves`,
        why: idOnlyExposure
          ? `${scopeText} $.authorizer.tokenUse is "access", but ${JWT_AUTHORIZER_EXPOSURE}.`
          : scopeText,
        fix: {
          config: `Add "${ADMIN_SCOPE}" to $.scopes.suppress in the claims config (needs the V2_0/V3_0 trigger), so no access token carries the scope; it holds only while the trigger runs (one that fails open, e.g. on an invalid CLAIMS_CONFIG, issues the scope), so restrict WriteAttributes too${idOnlyExposure ? `; and keep ID tokens out of the API: require scopes on its routes (authorizationScopes in serverless.yml; ID tokens carry no scope, so API Gateway refuses them), or put the verifying authorizer in front (param meAuthorizer: claimsAuthorizer) with $.authorizer.tokenUse "access"` : ''}`,
          console: `${consoleClient(ctx, client)} → Attribute permissions → Edit → untick "${rule.from}" under Write${mapped ? ' (if an IdP maps it, suppress the scope instead: mapped attributes must stay writable)' : ''}; and under Login pages → Edit remove the ${ADMIN_SCOPE} scope`,
          cli: writeCli,
        },
        clientId: client.ClientId,
        attribute: rule.from,
        claim: rule.claim,
      });
    }
  }
  return findings;
}
