/**
 * Turns an attribute's text (Cognito stores every attribute as a string) into the declared type.
 * Pure; the reason on failure names the expected form, never the value.
 */
import type { ClaimType, ClaimValue, JsonPrimitive } from './types';

export type Conversion =
  | { readonly ok: true; readonly value: ClaimValue }
  | { readonly ok: false; readonly reason: string };

/** Why a text does not convert. A class, so `instanceof` tells it from any claim value. */
export class Unconvertible {
  constructor(readonly reason: string) {}
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const NOT_A_LIST = new Unconvertible('a JSON array may hold only strings, numbers and booleans');

const isPrimitive = (value: unknown): value is JsonPrimitive =>
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value));

/** Digits only, the usual case, checked without a regular expression (this runs per sign-in). */
const isDigits = (text: string): boolean => {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return text !== '';
};

const toNumber = (raw: string): ClaimValue | Unconvertible => {
  const text = raw.trim();
  if (!isDigits(text) && !DECIMAL.test(text)) return new Unconvertible('expected a decimal number');
  const value = Number(text);
  if (!Number.isFinite(value)) return new Unconvertible('expected a finite number');
  if (!Number.isSafeInteger(value) && INTEGER.test(text)) {
    return new Unconvertible('integer too large to keep exact (more than 2^53)');
  }
  return value;
};

const toBoolean = (raw: string): ClaimValue | Unconvertible => {
  const text = raw === 'true' || raw === 'false' ? raw : raw.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return new Unconvertible('expected "true" or "false"');
};

/** Cognito V2 accepts a primitive, an array of primitives, or an object; not null or nesting. */
const toJson = (raw: string): ClaimValue | Unconvertible => {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return new Unconvertible('expected JSON text');
  }
  if (isPrimitive(value)) return value;
  if (Array.isArray(value)) return value.every(isPrimitive) ? value : NOT_A_LIST;
  if (value !== null && typeof value === 'object') return value as Record<string, unknown>;
  return new Unconvertible('JSON null is not a claim value');
};

const cleanList = (items: readonly unknown[]): string[] => {
  const list: string[] = [];
  for (const item of items) {
    const trimmed = String(item).trim();
    if (trimmed !== '') list.push(trimmed);
  }
  return list;
};

/**
 * Whether `[...]` text can be a JSON array: `[` then, after any spaces, what a JSON value or
 * the closing `]` starts with. SAML lists (`[a, b]`) are not tried as JSON: a thrown parse
 * error costs ~25 µs per sign-in.
 */
const mayBeJsonArray = (text: string): boolean => {
  let i = 1;
  while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r') i += 1;
  const first = text[i] ?? '';
  if ('-"0123456789[{]'.includes(first)) return first !== '';
  const word = text.slice(i, i + 5);
  return word.startsWith('true') || word === 'false' || word.startsWith('null');
};

/**
 * Accepts a JSON array text (`["a","b"]`), the bracketed form SAML multi-valued attributes
 * arrive in (`[a, b]`), or a comma-separated list (`a, b`).
 */
const toStringArray = (raw: string): ClaimValue | Unconvertible => {
  const text = raw.trim();
  if (!(text.startsWith('[') && text.endsWith(']'))) return cleanList(text.split(','));
  if (mayBeJsonArray(text)) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.every(isPrimitive) ? cleanList(parsed) : NOT_A_LIST;
    } catch {
      // Not JSON: the bracketed SAML form.
    }
  }
  return cleanList(text.slice(1, -1).split(','));
};

/** The claim value, or why there is none: no wrapper object on the per-sign-in path. */
export const convertValue = (raw: string, type: ClaimType): ClaimValue | Unconvertible => {
  switch (type) {
    case 'string':
      return raw;
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

export const convertAttribute = (raw: string, type: ClaimType): Conversion => {
  const value = convertValue(raw, type);
  return value instanceof Unconvertible ? { ok: false, reason: value.reason } : { ok: true, value };
};

/** V1 responses carry strings only: non-strings travel as their JSON text. */
export const toV1String = (value: ClaimValue): string =>
  typeof value === 'string' ? value : JSON.stringify(value);
