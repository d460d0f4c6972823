/** The type a static claim value declares by itself, when its rule names none. */
import type { ClaimType } from './types';

export function inferClaimType(value: unknown): ClaimType {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return 'string[]';
  return 'json';
}
