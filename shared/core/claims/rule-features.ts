/**
 * The claim rules most configs never use — a rule's `transform` and the `groups` rewrite with its
 * `keep` — as one value the compile step is handed (`compileConfig(config, RULE_FEATURES)`). A
 * function bundle loads this module, a sibling file beside index.js, only for a config that uses
 * them (shared/runtime/claims/load-rule-features.ts): the others never pay for its code at cold
 * start. The tools and tests pass it always.
 */
import type { RuleFeatures } from './compile';
import { buildGroupOverride, compileKeep, keepFor, keepGroups } from './groups-override';
import { compileTransform, transformText } from './transform';

export const RULE_FEATURES: RuleFeatures = {
  transform(steps) {
    const compiled = compileTransform(steps);
    return (text) => transformText(compiled, text);
  },
  groups(rule) {
    const keep = rule.keep ? compileKeep(rule.keep) : undefined;
    return {
      keep,
      groupsFor(request, failures) {
        const override = buildGroupOverride(rule, request, failures);
        const entry = keep && keepFor(keep, request.clientId);
        return entry ? keepGroups(entry, override, request) : override;
      },
    };
  },
};
