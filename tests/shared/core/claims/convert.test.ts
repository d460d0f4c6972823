import { convertAttribute, toV1String } from '../../../../shared/core/claims/convert';

describe('convertAttribute', () => {
  it('keeps strings as they are', () => {
    // Act / Assess
    expect(convertAttribute('  acme ', 'string')).toEqual({ ok: true, value: '  acme ' });
  });

  it.each([
    ['42', 42],
    [' -7 ', -7],
    ['3.25', 3.25],
    ['1e3', 1000],
    ['.5', 0.5],
  ])('converts the number %p', (raw, value) => {
    // Act / Assess
    expect(convertAttribute(raw, 'number')).toEqual({ ok: true, value });
  });

  it.each(['', 'abc', '0x10', '1,5', 'Infinity', 'NaN', '12abc'])(
    'refuses %p as a number',
    (raw) => {
      // Act
      const result = convertAttribute(raw, 'number');
      // Assess
      expect(result).toEqual({ ok: false, reason: 'expected a decimal number' });
    },
  );

  it('refuses an integer too large to keep exact', () => {
    // Act
    const result = convertAttribute('9223372036854775807', 'number');
    // Assess
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason).toMatch(/2\^53/);
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    [' False ', false],
  ])('converts the boolean %p in any case', (raw, value) => {
    // Act / Assess
    expect(convertAttribute(raw, 'boolean')).toEqual({ ok: true, value });
  });

  it.each(['yes', '1', ''])('refuses %p as a boolean', (raw) => {
    // Act / Assess
    expect(convertAttribute(raw, 'boolean')).toEqual({
      ok: false,
      reason: 'expected "true" or "false"',
    });
  });

  it.each([
    ['{"region":"eu","level":2}', { region: 'eu', level: 2 }],
    ['[1,"a",true]', [1, 'a', true]],
    ['"text"', 'text'],
    ['12', 12],
  ])('converts the JSON text %p', (raw, value) => {
    // Act / Assess
    expect(convertAttribute(raw, 'json')).toEqual({ ok: true, value });
  });

  it.each([
    ['{nope', 'expected JSON text'],
    ['null', 'JSON null is not a claim value'],
    ['[[1],[2]]', 'a JSON array may hold only strings, numbers and booleans'],
    ['[{"a":1}]', 'a JSON array may hold only strings, numbers and booleans'],
  ])('refuses the JSON text %p', (raw, reason) => {
    // Act / Assess
    expect(convertAttribute(raw, 'json')).toEqual({ ok: false, reason });
  });

  it.each([
    ['["admin","editor"]', ['admin', 'editor']],
    ['[admin, editor]', ['admin', 'editor']],
    ['[Domain Users, Finance]', ['Domain Users', 'Finance']],
    ['admin, editor,,', ['admin', 'editor']],
    ['solo', ['solo']],
    ['', []],
    ['[]', []],
    ['[" a ", 2, true]', ['a', '2', 'true']],
  ])('converts %p to a list of strings', (raw, value) => {
    // Act / Assess
    expect(convertAttribute(raw, 'string[]')).toEqual({ ok: true, value });
  });

  it('refuses a JSON list holding objects', () => {
    // Act / Assess
    expect(convertAttribute('[{"a":1}]', 'string[]').ok).toBe(false);
  });
});

describe('toV1String', () => {
  it('JSON-encodes everything but strings', () => {
    // Act / Assess
    expect(toV1String('a')).toBe('a');
    expect(toV1String(4)).toBe('4');
    expect(toV1String(false)).toBe('false');
    expect(toV1String(['a', 'b'])).toBe('["a","b"]');
    expect(toV1String({ k: 1 })).toBe('{"k":1}');
  });
});
