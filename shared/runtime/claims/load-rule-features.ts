/**
 * Loads the rule features (`transform`, `groups`) only for a config that uses them: a plain
 * require of a sibling file (`rule-features.js` beside index.js in a function bundle), so a
 * config without them loads nothing more at cold start. A bundle packaged without the file
 * fails the compile step, which the trigger records on every sign-in, issuing tokens uncustomised.
 */
import { type RuleFeatures, usesRuleFeatures } from '../../core/claims/compile';
import type { ClaimsConfig } from '../../core/claims/types';

type FeaturesModule = typeof import('./rule-features');

export function loadRuleFeatures(config: ClaimsConfig): RuleFeatures | undefined {
  if (!usesRuleFeatures(config)) return undefined;
  return (require('./rule-features') as FeaturesModule).RULE_FEATURES;
}
