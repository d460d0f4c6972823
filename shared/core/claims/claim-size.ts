/**
 * What a claim costs in a token: the UTF-8 bytes of its JSON text, exactly, and a cheap upper
 * bound that reads no characters, so a sign-in whose claims clearly fit never counts them.
 */

/** UTF-8 bytes of the JSON text of a value (what has none, such as undefined, is null). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');
}

/**
 * No fewer than the UTF-8 bytes of a value's JSON text, without reading its characters: a
 * UTF-16 unit is 6 bytes at most (an escape such as \u001f), and no JSON number is longer
 * than 24 characters.
 */
export function jsonBytesAtMost(value: unknown): number {
  if (typeof value === 'string') return 6 * value.length + 2;
  if (typeof value === 'number') return 24;
  if (typeof value === 'boolean' || value === null) return 5;
  if (Array.isArray(value)) {
    // "[" and "]", and a comma between two items.
    let bytes = value.length > 0 ? value.length + 1 : 2;
    for (const item of value) bytes += jsonBytesAtMost(item);
    return bytes;
  }
  if (typeof value === 'object') {
    // "{", "}", and per member its name, a colon and a comma.
    let bytes = 2;
    for (const name in value) {
      bytes += 6 * name.length + 4 + jsonBytesAtMost((value as Record<string, unknown>)[name]);
    }
    return bytes;
  }
  return jsonBytes(value);
}

/** Serialised size of a claims object, the quantity the per-token budget bounds. */
export function claimsBytes(claims: Readonly<Record<string, unknown>>): number {
  return jsonBytes(claims);
}
