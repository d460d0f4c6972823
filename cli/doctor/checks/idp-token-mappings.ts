/** Does some identity provider map the IdP token each idpTokens rule expects? */
import { consoleMapping, updateMappingCli } from '../fixes';
import { type CheckContext, type Finding, Severity } from '../types';

export function checkIdpTokenMappings(ctx: CheckContext): Finding[] {
  const { providers } = ctx;
  // A pool without providers has no federated sign-in to check; unlisted ones are a gap.
  if (!providers || providers.length === 0) return [];
  const findings: Finding[] = [];
  for (const entry of ctx.config.idpTokens) {
    if (!entry.idpAttribute) continue;
    const mappedBy = providers.filter(
      (p) => p.AttributeMapping?.[entry.attribute] === entry.idpAttribute,
    );
    if (mappedBy.length > 0) continue;
    findings.push({
      code: 'IDP_TOKEN_NOT_MAPPED',
      severity: Severity.WARNING,
      title: `No identity provider maps "${entry.idpAttribute}" onto "${entry.attribute}"`,
      why: 'The idpTokens rule never sees a token, so the guard checks nothing.',
      fix: {
        console: `${consoleMapping(ctx, providers[0]?.ProviderName ?? '<provider>')} → ${entry.attribute} ← ${entry.idpAttribute}`,
        cli: updateMappingCli(
          ctx,
          '<provider>',
          `<the full mapping>,${entry.attribute}=${entry.idpAttribute}`,
        ),
      },
      attribute: entry.attribute,
    });
  }
  return findings;
}
