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
