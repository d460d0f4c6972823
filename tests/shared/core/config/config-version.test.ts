import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  CONFIG_VERSION_LENGTH,
  configVersion,
} from '../../../../shared/core/config/config-version';
import { parseConfig, parseConfigText } from '../../../../shared/core/config/parse-config';

const CONFIG_TEXT = readFileSync(
  join(__dirname, '..', '..', '..', '..', 'claims.config.json'),
  'utf8',
);

/** The same JSON value with every object's keys in reverse order. */
const reversed = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reversed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .reverse()
      .map((key) => [key, reversed((value as Record<string, unknown>)[key])]),
  );
};

describe('configVersion', () => {
  it('is 12 lowercase hexadecimal characters', () => {
    // Prepare
    const config = parseConfigText(CONFIG_TEXT);
    // Act
    const version = configVersion(config);
    // Assess
    expect(version).toMatch(new RegExp(`^[0-9a-f]{${CONFIG_VERSION_LENGTH}}$`));
  });

  it('is the same for the packaged file, CLAIMS_CONFIG, and the config with its keys reordered', () => {
    // Prepare
    const fromEnvironment = parseConfigText(CONFIG_TEXT);
    // What the packager writes as validated-config.json, read back by a cold start.
    const packaged = JSON.parse(JSON.stringify(fromEnvironment, null, 2));
    const reordered = parseConfig(reversed(JSON.parse(CONFIG_TEXT)));
    // Act
    const versions = [packaged, fromEnvironment, reordered].map(configVersion);
    // Assess
    expect(new Set(versions).size).toBe(1);
  });

  it('gives 5,000 configs one claim name apart 5,000 versions', () => {
    // Prepare
    const configs = Array.from({ length: 5000 }, (_, i) => ({
      claims: [{ claim: `claim_${i}`, from: 'custom:tenant_id' }],
    }));
    // Act
    const versions = new Set(configs.map(configVersion));
    // Assess
    expect(versions.size).toBe(5000);
  });

  it('differs for a config that differs', () => {
    // Prepare
    const one = parseConfig({ claims: [{ claim: 'tenant_id', from: 'custom:tenant_id' }] });
    const other = parseConfig({ claims: [{ claim: 'tenant_id', from: 'custom:tenant' }] });
    // Act
    const versions = [configVersion(one), configVersion(other)];
    // Assess
    expect(versions[0]).not.toBe(versions[1]);
  });

  it('depends on the values and never on key order (fast-check)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // Prepare
        const copy = reversed(value);
        // Act
        const [a, b] = [configVersion(value), configVersion(copy)];
        // Assess
        expect(a).toBe(b);
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer()), fc.string(), (value, key) => {
        // Prepare
        fc.pre(!Object.hasOwn(value, key));
        const changed = { ...value, [key]: 1 };
        // Act
        const [a, b] = [configVersion(value), configVersion(changed)];
        // Assess
        expect(a).not.toBe(b);
      }),
    );
  });
});
