import { compileMap, mapList, mapText } from '../../../../shared/core/claims/map-values';

const permissions = compileMap({
  admins: ['items:read', 'items:write'],
  readers: ['items:read'],
  auditors: 'audit:read',
});

describe('mapList', () => {
  it('maps each value, flattens lists and keeps each result once, in order of first appearance', () => {
    // Act
    const result = mapList(permissions, ['readers', 'admins', 'auditors']);
    // Assess
    expect(result).toEqual(['items:read', 'items:write', 'audit:read']);
  });

  it('leaves out values with no entry', () => {
    // Act
    const result = mapList(permissions, ['staff', 'admins', 'eu-west-1_EXAMPLE_AcmeOIDC']);
    // Assess
    expect(result).toEqual(['items:read', 'items:write']);
  });

  it('yields nothing when no value has an entry', () => {
    // Act
    const none = mapList(permissions, ['staff']);
    const empty = mapList(permissions, []);
    // Assess
    expect({ none, empty }).toEqual({ none: undefined, empty: undefined });
  });

  it("does not take Object's own properties for entries", () => {
    // Act
    const result = mapList(permissions, ['constructor', '__proto__', 'toString']);
    // Assess
    expect(result).toBeUndefined();
  });
});

describe('mapText', () => {
  it("gives a string's entry, or nothing", () => {
    // Prepare
    const tiers = compileMap({ pro: 'gold', free: 'basic' });
    // Act
    const found = mapText(tiers, 'pro');
    const missing = mapText(tiers, 'enterprise');
    const inherited = mapText(tiers, 'constructor');
    // Assess
    expect({ found, missing, inherited }).toEqual({
      found: 'gold',
      missing: undefined,
      inherited: undefined,
    });
  });
});
