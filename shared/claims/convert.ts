/**
 * Turns an attribute's text (Cognito stores every attribute as a string) into the declared type.
 * Pure; the reason on failure names the expected form, never the value.
 */
import type { ClaimType, ClaimValue, JsonPrimitive } from './types';

export type Conversion =
  | { readonly ok: true; readonly value: ClaimValue }
  | { readonly ok: false; readonly reason: string };

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const LOOKS_LIKE_JSON_ARRAY = /^\[\s*(?:[-"\d[{]|true|false|null|\])/;

const isPrimitive = (value: unknown): value is JsonPrimitive =>
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value));

const toNumber = (raw: string): Conversion => {
  const text = raw.trim();
  if (!DECIMAL.test(text)) return { ok: false, reason: 'expected a decimal number' };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, reason: 'expected a finite number' };
  if (!Number.isSafeInteger(value) && INTEGER.test(text)) {
    return { ok: false, reason: 'integer too large to keep exact (more than 2^53)' };
  }
  return { ok: true, value };
};

const TRUE: Conversion = { ok: true, value: true };
const FALSE: Conversion = { ok: true, value: false };

const toBoolean = (raw: string): Conversion => {
  if (raw === 'true') return TRUE;
  if (raw === 'false') return FALSE;
  const text = raw.trim().toLowerCase();
  if (text === 'true') return TRUE;
  if (text === 'false') return FALSE;
  return { ok: false, reason: 'expected "true" or "false"' };
};

/** Cognito V2 accepts a primitive, an array of primitives, or an object; not null or nesting. */
const toJson = (raw: string): Conversion => {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'expected JSON text' };
  }
  if (isPrimitive(value)) return { ok: true, value };
  if (Array.isArray(value)) {
    return value.every(isPrimitive)
      ? { ok: true, value }
      : { ok: false, reason: 'a JSON array may hold only strings, numbers and booleans' };
  }
  if (value !== null && typeof value === 'object') {
    return { ok: true, value: value as Record<string, unknown> };
  }
  return { ok: false, reason: 'JSON null is not a claim value' };
};

const cleanList = (items: readonly string[]): string[] => {
  const list: string[] = [];
  for (const item of items) {
    const trimmed = item.trim();
    if (trimmed !== '') list.push(trimmed);
  }
  return list;
};

/**
 * Accepts a JSON array text (`["a","b"]`), the bracketed form SAML multi-valued attributes
 * arrive in (`[a, b]`), or a comma-separated list (`a, b`).
 */
const toStringArray = (raw: string): Conversion => {
  const text = raw.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    // Only try JSON when it can be JSON: a thrown parse error costs ~25 µs per sign-in.
    if (!LOOKS_LIKE_JSON_ARRAY.test(text))
      return { ok: true, value: cleanList(text.slice(1, -1).split(',')) };
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) {
        const list: string[] = [];
        for (const item of parsed) {
          if (!isPrimitive(item)) {
            return {
              ok: false,
              reason: 'a JSON array may hold only strings, numbers and booleans',
            };
          }
          const trimmed = String(item).trim();
          if (trimmed !== '') list.push(trimmed);
        }
        return { ok: true, value: list };
      }
    } catch {
      // Not JSON: the bracketed SAML form.
    }
    return { ok: true, value: cleanList(text.slice(1, -1).split(',')) };
  }
  return { ok: true, value: cleanList(text.split(',')) };
};

export const convertAttribute = (raw: string, type: ClaimType): Conversion => {
  switch (type) {
    case 'string':
      return { ok: true, value: raw };
    case 'number':
      return toNumber(raw);
    case 'boolean':
      return toBoolean(raw);
    case 'json':
      return toJson(raw);
    case 'string[]':
      return toStringArray(raw);
  }
};

/** V1 responses carry strings only: non-strings travel as their JSON text. */
export const toV1String = (value: ClaimValue): string =>
  typeof value === 'string' ? value : JSON.stringify(value);
