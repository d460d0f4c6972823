import fc from 'fast-check';
import { characterLength, truncateValue } from '../../../../shared/core/idp/length';

/** The cut as first written: re-serialising the kept list for every element it tries. */
const reference = (value: string, max: number): string => {
  if (characterLength(value) <= max) return value;
  const text = value.trim();
  const entries = (list: string, limit: number) => {
    let kept = '';
    for (const [index, entry] of list.split(',').entries()) {
      const next = index === 0 ? entry : `${kept},${entry}`;
      if (characterLength(next) > limit) break;
      kept = next;
    }
    return kept.trimEnd();
  };
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) {
        const kept: unknown[] = [];
        for (const element of parsed) {
          if (characterLength(JSON.stringify([...kept, element])) > max) break;
          kept.push(element);
        }
        return JSON.stringify(kept);
      }
    } catch {
      // not JSON: a bracketed list
    }
    return `[${entries(text.slice(1, -1), max - 2)}]`;
  }
  if (value.includes(',')) return entries(value, max) || value.slice(0, max);
  return value;
};

const group = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });

describe('truncateValue', () => {
  it('keeps the same whole leading JSON elements as re-serialising every candidate', () => {
    fc.assert(
      fc.property(
        fc.array(group, { maxLength: 40 }),
        fc.integer({ min: 2, max: 120 }),
        (groups, max) => {
          // Prepare
          const value = JSON.stringify(groups);
          // Act
          const cut = truncateValue(value, max);
          // Assess
          expect(cut).toBe(reference(value, max));
          expect(characterLength(cut)).toBeLessThanOrEqual(Math.max(max, 2));
        },
      ),
    );
  });

  it('keeps the same whole leading entries of a comma-separated list', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z0-9 -]{1,10}$/), { minLength: 2, maxLength: 40 }),
        fc.integer({ min: 1, max: 120 }),
        (entries, max) => {
          // Prepare
          const value = entries.join(',');
          fc.pre(
            characterLength(value) > max &&
              entries[0] !== undefined &&
              characterLength(entries[0]) <= max,
          );
          // Act
          const cut = truncateValue(value, max);
          // Assess
          expect(cut).toBe(reference(value, max));
        },
      ),
    );
  });

  it('cuts a list of 5,000 groups to whole groups within the limit', () => {
    // Prepare
    const groups = Array.from({ length: 5000 }, (_, i) => `group-${i}`);
    // Act
    const cut = truncateValue(JSON.stringify(groups), 2048);
    // Assess
    const kept = JSON.parse(cut) as string[];
    expect(characterLength(cut)).toBeLessThanOrEqual(2048);
    expect(kept).toEqual(groups.slice(0, kept.length));
    expect(characterLength(JSON.stringify(groups.slice(0, kept.length + 1)))).toBeGreaterThan(2048);
  });
});
