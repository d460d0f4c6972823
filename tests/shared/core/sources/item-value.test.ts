import { InvalidItemValue, itemValue } from '../../../../shared/core/sources/item-value';

const ITEM = {
  plan: { S: 'pro' },
  seats: { N: '25' },
  ratio: { N: '0.75' },
  active: { BOOL: false },
  gone: { NULL: true },
  entitlements: { L: [{ S: 'reports' }, { N: '2' }, { BOOL: true }, { NULL: true }] },
  tags: { SS: ['a', 'b'] },
  sizes: { NS: ['1', '2.5'] },
  limits: { M: { seats: { N: '10' }, storage: { M: { gb: { N: '100' } } }, none: { NULL: true } } },
  nested: { L: [{ M: { id: { S: 'x' } } }] },
  avatar: { B: 'AAEC' },
  avatars: { BS: ['AAEC'] },
  broken: { N: 'twelve' },
  odd: { Q: '1' },
};

describe('itemValue', () => {
  it.each([
    ['S as a string', ['plan'], 'pro'],
    ['N as a number', ['seats'], 25],
    ['a decimal N', ['ratio'], 0.75],
    ['BOOL as a boolean', ['active'], false],
    ['L as a list, NULL entries left out', ['entitlements'], ['reports', 2, true]],
    ['SS as a list of strings', ['tags'], ['a', 'b']],
    ['NS as a list of numbers', ['sizes'], [1, 2.5]],
    ['M as an object, NULL members left out', ['limits'], { seats: 10, storage: { gb: 100 } }],
    ['a path into a map', ['limits', 'seats'], 10],
    ['a path two maps deep', ['limits', 'storage', 'gb'], 100],
    ['a path into a list by index', ['entitlements', '0'], 'reports'],
  ])('reads %s', (_what, path, expected) => {
    // Act
    const value = itemValue(ITEM, path);
    // Assess
    expect(value).toEqual(expected);
  });

  it.each([
    ['NULL', ['gone']],
    ['an attribute the item lacks', ['missing']],
    ['a path past a scalar', ['plan', 'x']],
    ['a path a map lacks', ['limits', 'nope']],
    ['a NULL inside a map', ['limits', 'none']],
    ['an inherited name', ['constructor']],
    ['a list index out of range', ['entitlements', '9']],
  ])('gives %s as absent', (_what, path) => {
    // Assess
    expect(itemValue(ITEM, path)).toBeUndefined();
  });

  it.each([
    ['B', ['avatar'], 'binary (B)'],
    ['BS', ['avatars'], 'binary (BS)'],
    ['an N that is no number', ['broken'], 'not a finite number'],
    ['an unknown type', ['odd'], 'unknown type'],
    ['a list of maps', ['nested'], 'a list holding lists or objects'],
  ])('refuses %s, saying why without the value', (_what, path, reason) => {
    // Act
    const value = itemValue(ITEM, path);
    // Assess
    expect(value).toBeInstanceOf(InvalidItemValue);
    expect((value as InvalidItemValue).reason).toContain(reason);
    expect((value as InvalidItemValue).reason).not.toContain('twelve');
  });
});
