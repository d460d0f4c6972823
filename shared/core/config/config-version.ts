/**
 * A short, stable name for an effective config, so an operator can tell which deploy wrote a
 * record: the parsed config (defaults filled in) serialised with its keys sorted, hashed. The
 * packaged `validated-config.json` and the same config given as `CLAIMS_CONFIG` parse to equal
 * objects, so they get one version whatever order their keys were written in.
 */
import { createHash } from 'node:crypto';

/** Object keys sorted at every depth, `undefined` members left out, as `JSON.stringify` would. */
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value))
    return value.map((item) => (item === undefined ? null : canonical(item)));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.keys(value)
    .sort()
    .flatMap((key) => {
      const member = (value as Record<string, unknown>)[key];
      return member === undefined ? [] : [[key, canonical(member)] as const];
    });
  return Object.fromEntries(entries);
};

/** Characters of the version: the first 48 bits of the digest, as hexadecimal. */
export const CONFIG_VERSION_LENGTH = 12;

/** The version of a parsed config (what `parseConfig` returns): 12 lowercase hex characters. */
export function configVersion(config: unknown): string {
  const text = JSON.stringify(canonical(config)) ?? 'undefined';
  // Node's own SHA-256: the logger already loads node:crypto, so this costs no module load.
  return createHash('sha256').update(text).digest('hex').slice(0, CONFIG_VERSION_LENGTH);
}
