/** Can every app client that signs users in read the attributes its claims need? */
import { attributeExists, canRead, clientLabel, hasUserSignIn } from '../../common/pool-attributes';
import { appliesTo, attributeRules } from '../claim-rules';
import { consoleClient, grantReadCli } from '../fixes';
import { type CheckContext, type Finding, Severity } from '../types';

export function checkClientReads(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const client of ctx.clients) {
    if (!hasUserSignIn(client)) continue;
    const unreadable = new Map<string, string[]>();
    for (const rule of attributeRules(ctx.config)) {
      if (!appliesTo(rule, client) || !attributeExists(ctx.pool, rule.from)) continue;
      if (canRead(client, rule.from)) continue;
      unreadable.set(rule.from, [...(unreadable.get(rule.from) ?? []), rule.claim]);
    }
    for (const [attribute, claims] of unreadable) {
      findings.push({
        code: 'CLIENT_CANNOT_READ_ATTRIBUTE',
        severity: Severity.WARNING,
        title: `App client ${clientLabel(client)} cannot read "${attribute}", which claim(s) ${claims.map((c) => `"${c}"`).join(', ')} need`,
        why: "Cognito keeps attributes a client cannot read out of that client's ID token and GetUser; new custom attributes are unreadable until you grant them. Users of this client see the attribute missing.",
        fix: {
          console: `${consoleClient(ctx, client)} → Attribute permissions → Edit → tick "${attribute}" under Read`,
          cli: grantReadCli(ctx, client, attribute),
        },
        clientId: client.ClientId,
        attribute,
        claim: claims[0],
      });
    }
  }
  return findings;
}
