/**
 * A short, stable name for an effective config, so an operator can tell which deploy wrote a
 * record: the parsed config (defaults filled in) serialised with its keys sorted, hashed. The
 * packaged `validated-config.json` and the same config given as `CLAIMS_CONFIG` parse to equal
 * objects, so they get one version whatever order their keys were written in.
 */

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

/**
 * cyrb53 (public domain): 53 bits from two 32-bit multiply-xor lanes. Not cryptographic — a
 * config is not a secret — but spread well enough that two configs of one pool never meet.
 */
const hash53 = (text: string): number => {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
};

/** Characters of the version: 48 of the 53 bits, as hexadecimal. */
export const CONFIG_VERSION_LENGTH = 12;

/** The version of a parsed config (what `parseConfig` returns): 12 lowercase hex characters. */
export function configVersion(config: unknown): string {
  const text = JSON.stringify(canonical(config)) ?? 'undefined';
  return hash53(text).toString(16).padStart(14, '0').slice(0, CONFIG_VERSION_LENGTH);
}
