import { compileTransform, transformText } from '../../../../shared/core/claims/transform';
import type { TransformStep } from '../../../../shared/core/claims/types';

const run = (steps: TransformStep[], text: string) => transformText(compileTransform(steps), text);

describe('transformText', () => {
  it.each([
    ['trim', ['trim'], '  Acme  ', 'Acme'],
    ['lowercase', ['lowercase'], 'ACME-Eu', 'acme-eu'],
    ['uppercase', ['uppercase'], 'acme-eu', 'ACME-EU'],
    ['prefix', [{ prefix: 'tenant:' }], 'acme', 'tenant:acme'],
    ['stripPrefix', [{ stripPrefix: 'AcmeAzure_' }], 'AcmeAzure_jdoe', 'jdoe'],
    ['after', [{ after: '@' }], 'jane@acme.example', 'acme.example'],
    ['before', [{ before: '@' }], 'jane@acme.example', 'jane'],
    ['replace', [{ replace: { from: '-', to: '_' } }], 'a-b-c', 'a_b_c'],
  ] as [string, TransformStep[], string, string][])(
    'applies %s',
    (_name, steps, input, expected) => {
      // Act
      const result = run(steps, input);
      // Assess
      expect(result).toBe(expected);
    },
  );

  it('applies the steps in order', () => {
    // Act
    const result = run(
      ['trim', 'lowercase', { after: '@' }, { prefix: 'domain:' }],
      ' Jane@ACME.example ',
    );
    // Assess
    expect(result).toBe('domain:acme.example');
  });

  it('takes the text after or before the first occurrence only', () => {
    // Act
    const after = run([{ after: '/' }], 'a/b/c');
    const before = run([{ before: '/' }], 'a/b/c');
    // Assess
    expect({ after, before }).toEqual({ after: 'b/c', before: 'a' });
  });

  it('yields nothing when the text has no separator for "after" or "before"', () => {
    // Act
    const after = run([{ after: '@' }], 'no-at-sign');
    const before = run([{ before: '@' }, 'uppercase'], 'no-at-sign');
    // Assess
    expect({ after, before }).toEqual({ after: undefined, before: undefined });
  });

  it('leaves a value without the prefix as it is', () => {
    // Act
    const result = run([{ stripPrefix: 'AcmeAzure_' }], 'Google_jdoe');
    // Assess
    expect(result).toBe('Google_jdoe');
  });

  it.each([
    ['a blank value trimmed', ['trim'], '   '],
    ['a separator at the end', [{ after: '@' }], 'jane@'],
    ['a separator at the start', [{ before: '@' }], '@acme'],
    ['a prefix that is the whole value', [{ stripPrefix: 'x' }], 'x'],
    ['a replace that removes everything', [{ replace: { from: 'ab', to: '' } }], 'abab'],
  ] as [string, TransformStep[], string][])(
    'yields nothing for an empty result: %s',
    (_name, steps, input) => {
      // Act
      const result = run(steps, input);
      // Assess
      expect(result).toBeUndefined();
    },
  );

  it('replaces literally, every occurrence, with no pattern characters', () => {
    // Act
    const dots = run([{ replace: { from: '.', to: '$&' } }], 'a.b.c');
    const stars = run([{ replace: { from: '.*', to: '' } }], 'a.*b');
    // Assess
    expect({ dots, stars }).toEqual({ dots: 'a$&b$&c', stars: 'ab' });
  });

  it('handles text outside ASCII', () => {
    // Act
    const lower = run(['lowercase'], 'ÄRZTE-ÖSTERREICH');
    const upper = run(['uppercase'], 'straße');
    const after = run([{ after: '→' }], 'groupe→équipe');
    const emoji = run([{ before: '🙂' }, 'trim'], 'team 🙂 blue');
    // Assess
    expect({ lower, upper, after, emoji }).toEqual({
      lower: 'ärzte-österreich',
      upper: 'STRASSE',
      after: 'équipe',
      emoji: 'team',
    });
  });

  it('works through long text full of separators without pattern matching', () => {
    // Prepare: an input a regular expression built from config could backtrack on.
    const text = `${'@'.repeat(200_000)}x`;
    // Act
    const result = run([{ replace: { from: '@', to: '' } }, { after: 'x' }], text);
    // Assess
    expect(result).toBeUndefined();
  });
});
