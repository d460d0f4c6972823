import { compileConfig } from '../../../../shared/core/claims/compile';
import { RULE_FEATURES } from '../../../../shared/core/claims/rule-features';
import { parseConfig } from '../../../../shared/core/config/parse-config';
import { loadRuleFeatures } from '../../../../shared/runtime/claims/load-rule-features';

describe('loadRuleFeatures', () => {
  it('loads nothing for a config without transform or groups rules', () => {
    // Prepare
    const config = parseConfig({
      claims: [{ claim: 'plan', from: 'custom:plan', map: { gold: 'pro' } }],
    });
    // Act
    const features = loadRuleFeatures(config);
    // Assess
    expect(features).toBeUndefined();
    expect(() => compileConfig(config, features)).not.toThrow();
  });

  it.each([
    ['a transform', { claims: [{ claim: 'org', from: 'custom:org', transform: ['trim'] }] }],
    ['groups', { claims: [], groups: { keep: { prefixes: ['web-'] } } }],
  ])('loads the rule features for a config with %s', (_, raw) => {
    // Prepare
    const config = parseConfig(raw);
    // Act
    const features = loadRuleFeatures(config);
    // Assess
    expect(features).toBe(RULE_FEATURES);
  });
});

describe('compileConfig without the rule features', () => {
  it('refuses a config that needs them, naming what to pass', () => {
    // Prepare
    const config = parseConfig({
      claims: [{ claim: 'org', from: 'custom:org', transform: ['lowercase'] }],
    });
    // Act
    const compile = () => compileConfig(config);
    // Assess
    expect(compile).toThrow(
      'the config uses "transform" or "groups": compile it with RULE_FEATURES',
    );
  });
});
