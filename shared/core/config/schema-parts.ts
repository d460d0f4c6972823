/**
 * The pieces the config schema is built from, shared by its sections: names, lists, booleans,
 * scopes, and the JSON path every problem is reported at. zod/mini keeps the trigger bundle
 * small (~20 KB against ~450 KB for the classic build).
 */
import * as z from 'zod/mini';

export const name = (what: string) =>
  z.string({ error: `expected ${what} as a string` }).check(
    z.minLength(1, { error: `${what} must not be empty` }),
    z.maxLength(256, { error: `${what} must be at most 256 characters` }),
    z.regex(/^[^\s\p{Cc}]+$/u, {
      error: `${what} must not contain spaces or control characters`,
    }),
  );

export const bool = z.boolean({ error: 'expected true or false' });
export const list = <T extends z.ZodMiniType>(item: T, what: string) =>
  z.array(item, { error: `expected an array of ${what}` });

export const object = { error: 'expected an object' };

export const scopeName = z
  .string({ error: 'expected a scope as a string' })
  .check(
    z.minLength(1, { error: 'a scope must not be empty' }),
    z.regex(/^\S+$/, { error: 'a scope must not contain spaces' }),
  );

/** `['claims', 0, 'type']` → `$.claims[0].type` */
export const toJsonPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    const text = String(key);
    return /^[A-Za-z_$][\w$]*$/.test(text) ? `${acc}.${text}` : `${acc}[${JSON.stringify(text)}]`;
  }, '$');
