/**
 * The rule features as a function bundle ships them: `rule-features.js`, a sibling of index.js
 * built from this file and required only for a config that uses `transform` or `groups`
 * (./load-rule-features).
 */
export { RULE_FEATURES } from '../../core/claims/rule-features';
