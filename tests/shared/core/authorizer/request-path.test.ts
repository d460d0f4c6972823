import {
  type PathReadings,
  readConcretePath,
} from '../../../../shared/core/authorizer/request-path';

/** The readings as "METHOD /path" lines, sorted. */
const readingsOf = (read: PathReadings): string[] =>
  read.ok
    ? read.readings.map((r) => `${r.method} /${r.segments.join('/')}`).sort()
    : [`not placed: ${read.form}`];

describe('readConcretePath', () => {
  it('reads a canonical path one way only', () => {
    // Act
    const read = readConcretePath('DELETE', '/items/42');

    // Assess
    expect(read).toEqual({
      ok: true,
      readings: [{ method: 'DELETE', segments: ['items', '42'] }],
      forms: [],
    });
  });

  it('reads the root path as no segments', () => {
    // Act
    const read = readConcretePath('GET', '/');

    // Assess
    expect(readingsOf(read)).toEqual(['GET /']);
  });

  it.each([
    [
      'a trailing slash',
      'DELETE',
      '/items/42/',
      ['DELETE /items/42', 'DELETE /items/42/'],
      'TRAILING_SLASH',
    ],
    [
      'a repeated slash',
      'DELETE',
      '/items//42',
      ['DELETE /items//42', 'DELETE /items/42'],
      'EMPTY_SEGMENT',
    ],
    [
      'a dot-dot segment',
      'GET',
      '/public/../admin',
      ['GET /admin', 'GET /public/../admin'],
      'DOT_SEGMENT',
    ],
    ['a dot segment', 'GET', '/./admin', ['GET /./admin', 'GET /admin'], 'DOT_SEGMENT'],
    [
      'a percent-encoded character',
      'GET',
      '/users/a%40b',
      ['GET /users/a%40b', 'GET /users/a@b'],
      'PERCENT_ENCODED',
    ],
    [
      'a lower-case method',
      'delete',
      '/items/42',
      ['DELETE /items/42', 'delete /items/42'],
      'METHOD_CASE',
    ],
  ])('keeps and undoes %s', (_name, method, path, readings, form) => {
    // Act
    const read = readConcretePath(method, path);

    // Assess
    expect(readingsOf(read)).toEqual(readings);
    expect(read.ok && read.forms).toEqual([form]);
  });

  it('reads a path ending in a dot segment with its trailing slash, then without', () => {
    // Act
    const read = readConcretePath('GET', '/a/b/..');

    // Assess
    expect(readingsOf(read)).toEqual(['GET /a', 'GET /a/', 'GET /a/b/..']);
  });

  it('undoes the forms in every order: collapsing slashes before resolving dots, and after', () => {
    // Act
    const read = readConcretePath('GET', '/a//../b');

    // Assess
    expect(readingsOf(read)).toEqual(
      expect.arrayContaining(['GET /a//../b', 'GET /a/b', 'GET /b', 'GET /a/../b']),
    );
  });

  it('decodes an encoded dot segment and resolves it', () => {
    // Act
    const read = readConcretePath('GET', '/public/%2e%2e/admin');

    // Assess
    expect(readingsOf(read)).toEqual(expect.arrayContaining(['GET /admin']));
  });

  it('decodes again while an encoded percent sign remains', () => {
    // Act
    const read = readConcretePath('GET', '/%2561dmin');

    // Assess
    expect(readingsOf(read)).toEqual(['GET /%2561dmin', 'GET /%61dmin', 'GET /admin']);
  });

  it('reads a percent sign that decoding leaves without an escape as sent', () => {
    // Act
    const read = readConcretePath('GET', '/100%25zz');

    // Assess
    expect(readingsOf(read)).toEqual(['GET /100%25zz', 'GET /100%zz']);
  });

  it.each([
    ['an IAM wildcard', 'GET', '/items/*', 'IAM_WILDCARD'],
    ['a question mark', 'GET', '/items/a?', 'IAM_WILDCARD'],
    ['an encoded slash', 'GET', '/items/a%2Fb', 'ENCODED_SLASH'],
    ['a doubly encoded slash', 'GET', '/items/a%252Fb', 'ENCODED_SLASH'],
    ['a broken percent-encoding', 'GET', '/items/%zz', 'ENCODING_INVALID'],
    ['a method that is not letters', 'GE T', '/items', 'METHOD_INVALID'],
    ['an empty method', '', '/items', 'METHOD_INVALID'],
    ['an object member as the method', 'toString', 'x', 'ENCODING_INVALID'],
  ])('does not place %s at all', (_name, method, path, form) => {
    // Act
    const read = readConcretePath(method, path);

    // Assess
    expect(read).toEqual({ ok: false, form });
  });

  it('refuses a path whose forms combine into more readings than it will weigh', () => {
    // Act
    const read = readConcretePath('get', '/%41/./a//%41//b/./%41/a/a////////');

    // Assess
    expect(read).toEqual({ ok: false, form: 'TOO_MANY_READINGS' });
  });
});
