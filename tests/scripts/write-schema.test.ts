/** The committed JSON Schema is the one the validator's schema generates: the two cannot drift. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaText } from '../../scripts/write-schema';

const ROOT = join(__dirname, '..', '..');

describe('claims.config.schema.json', () => {
  it('is what `npm run schema` generates from the validator', () => {
    // Act
    const committed = readFileSync(join(ROOT, 'claims.config.schema.json'), 'utf8');
    // Assess
    expect(committed).toBe(schemaText());
  });

  it('rejects unknown keys and lists every top-level key the validator knows', () => {
    // Prepare
    const schema = JSON.parse(schemaText()) as {
      additionalProperties: unknown;
      properties: Record<string, unknown>;
      required?: string[];
    };
    // Assess
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['$schema', 'claims', 'suppress', 'scopes', 'budget', 'authorizer']),
    );
    expect(schema.required).toEqual(['claims']);
  });

  it('is what the example config names in "$schema"', () => {
    // Act
    const example = JSON.parse(readFileSync(join(ROOT, 'claims.config.json'), 'utf8'));
    // Assess
    expect(example.$schema).toBe('./claims.config.schema.json');
  });
});
