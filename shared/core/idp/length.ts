/**
 * Lengths the way Cognito counts an attribute value: in characters (Unicode code points), so a
 * surrogate pair counts once and truncation never splits one.
 */

export const characterLength = (value: string): number => {
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
};

/** The first `max` characters of `value`. */
export const truncateCharacters = (value: string, max: number): string => {
  if (max <= 0) return '';
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    if (count === max) return value.slice(0, i);
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return value;
};

/**
 * Cuts a value to at most `max` characters without leaving a partial list entry behind: a cut
 * group name ("admins-readonly" → "admins") would hand a user another group. JSON arrays keep
 * their whole leading elements, `[a, b, c]` and `a, b, c` lists their whole leading entries;
 * anything else is cut at `max` characters.
 */
export const truncateValue = (value: string, max: number): string => {
  if (characterLength(value) <= max) return value;
  const text = value.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    const json = wholeJsonElements(text, max);
    if (json !== undefined) return json;
    return `[${wholeEntries(text.slice(1, -1), max - 2)}]`;
  }
  // Unbracketed text may be prose: fall back to a plain cut when no whole entry fits.
  if (value.includes(',')) return wholeEntries(value, max) || truncateCharacters(value, max);
  return truncateCharacters(value, max);
};

/** The longest run of whole leading elements of a JSON array that fits in `max` characters. */
const wholeJsonElements = (text: string, max: number): string | undefined => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  // Lengths are added up as elements are kept, so the work grows with the value, not its square.
  const kept: string[] = [];
  let length = 2;
  for (const element of parsed) {
    const json = JSON.stringify(element);
    const added = characterLength(json) + (kept.length > 0 ? 1 : 0);
    if (length + added > max) break;
    length += added;
    kept.push(json);
  }
  return `[${kept.join(',')}]`;
};

/** The longest run of whole comma-separated entries that fits in `max` characters. */
const wholeEntries = (list: string, max: number): string => {
  const kept: string[] = [];
  let length = 0;
  for (const entry of list.split(',')) {
    const added = characterLength(entry) + (kept.length > 0 ? 1 : 0);
    if (length + added > max) break;
    length += added;
    kept.push(entry);
  }
  return kept.join(',').trimEnd();
};

export const LengthStatus = {
  OK: 'OK',
  NEAR_LIMIT: 'NEAR_LIMIT',
  OVER_LIMIT: 'OVER_LIMIT',
} as const;
export type LengthStatus = (typeof LengthStatus)[keyof typeof LengthStatus];

/** Near the limit from `ceil(limit * warnRatio)` characters on; over it past `limit`. */
export const lengthStatus = (length: number, limit: number, warnRatio: number): LengthStatus => {
  if (length > limit) return LengthStatus.OVER_LIMIT;
  if (length >= Math.ceil(limit * warnRatio)) return LengthStatus.NEAR_LIMIT;
  return LengthStatus.OK;
};
