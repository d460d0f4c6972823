/** Does every attribute a claim reads exist in the pool, and can it still change? */
import { attributeExists, isMutable } from '../../common/pool-attributes';
import { attributeRules } from '../claim-rules';
import { addCustomAttributeCli, consolePool } from '../fixes';
import { type CheckContext, type Finding, Severity } from '../types';

export function checkClaimAttributes(ctx: CheckContext): Finding[] {
  const { pool, config } = ctx;
  const findings: Finding[] = [];
  const seenMissing = new Set<string>();
  for (const rule of attributeRules(config)) {
    if (!attributeExists(pool, rule.from)) {
      if (seenMissing.has(rule.from)) continue;
      seenMissing.add(rule.from);
      findings.push({
        code: 'CLAIM_ATTRIBUTE_NOT_IN_SCHEMA',
        severity: rule.required ? Severity.CRITICAL : Severity.WARNING,
        title: `Claim "${rule.claim}" reads "${rule.from}", which the pool does not have`,
        why: rule.required
          ? 'The claim is required: every sign-in is refused because the attribute can never have a value.'
          : 'No user can have this attribute, so the claim is never in any token (an ATTRIBUTE_MISSING record on each sign-in).',
        fix: {
          console: `${consolePool(ctx)} → Sign-up → Custom attributes → Add custom attributes`,
          cli: addCustomAttributeCli(ctx, rule.from),
          config: `Or correct "from" of claim "${rule.claim}" in the claims config`,
        },
        claim: rule.claim,
        attribute: rule.from,
      });
      continue;
    }
    // sub is immutable by design and never needs to change.
    if (!isMutable(pool, rule.from) && rule.from !== 'sub') {
      findings.push({
        code: 'CLAIM_ATTRIBUTE_IMMUTABLE',
        severity: Severity.WARNING,
        title: `Claim "${rule.claim}" reads "${rule.from}", an immutable attribute`,
        why: 'An immutable attribute is written once, when the user is created, and can never be updated (not by an admin, not by IdP mapping): the claim keeps its first value forever.',
        fix: {
          console: `${consolePool(ctx)} → Sign-up → Custom attributes → Add custom attributes (custom attributes cannot be changed after creation: add a mutable one and move the claim to it)`,
          cli: addCustomAttributeCli(ctx, rule.from, '_v2'),
          config: `Then point "from" of claim "${rule.claim}" at the new attribute`,
        },
        claim: rule.claim,
        attribute: rule.from,
      });
    }
  }
  return findings;
}
