/**
 * The readings of a concrete request path (a REST TOKEN event names only `methodArn`, so only the
 * path as sent: "DELETE /items/42/"). API Gateway documents how it routes a canonical path, not
 * what it does with a trailing slash, an empty or dot segment, a percent-encoded character or a
 * method in lower case. So each such form is both kept and undone, in every order, and the
 * authorizer places the request only when every reading selects the same route (route-table.ts,
 * which also compares letters both exactly and ignoring case): it never has to guess which one
 * API Gateway took. Pure.
 */
import { pathSegments } from './route-key';

/** A form of the path whose routing API Gateway does not document. */
export const PathForm = {
  METHOD_CASE: 'METHOD_CASE',
  PERCENT_ENCODED: 'PERCENT_ENCODED',
  DOT_SEGMENT: 'DOT_SEGMENT',
  TRAILING_SLASH: 'TRAILING_SLASH',
  EMPTY_SEGMENT: 'EMPTY_SEGMENT',
  /** Letters whose case decides the route (route-table.ts compares them both ways). */
  LETTER_CASE: 'LETTER_CASE',
  // Never placed: no reading of these can be trusted.
  METHOD_INVALID: 'METHOD_INVALID',
  IAM_WILDCARD: 'IAM_WILDCARD',
  ENCODED_SLASH: 'ENCODED_SLASH',
  ENCODING_INVALID: 'ENCODING_INVALID',
  TOO_MANY_READINGS: 'TOO_MANY_READINGS',
} as const;
export type PathForm = (typeof PathForm)[keyof typeof PathForm];

export interface PathReading {
  readonly method: string;
  readonly segments: readonly string[];
}

export type PathReadings =
  | { readonly ok: true; readonly readings: readonly PathReading[]; readonly forms: PathForm[] }
  | { readonly ok: false; readonly form: PathForm };

// Every step below removes a dot or an empty segment, so the closure is finite; this bounds it.
const MAX_READINGS = 64;
const MAX_DECODINGS = 3;

const isDotSegment = (segment: string): boolean => segment === '.' || segment === '..';

/** RFC 3986 §5.2.4 remove_dot_segments, on segments: a path ending in a dot segment keeps its "/". */
function removeDotSegments(segments: readonly string[]): readonly string[] {
  if (!segments.some(isDotSegment)) return segments;
  const out: string[] = [];
  for (const segment of segments) {
    if (segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  const last = segments[segments.length - 1];
  if (last === '.' || last === '..') out.push('');
  return out;
}

const PATH_STEPS: readonly ((segments: readonly string[]) => readonly string[])[] = [
  removeDotSegments,
  // A trailing slash dropped.
  (segments) => (segments[segments.length - 1] === '' ? segments.slice(0, -1) : segments),
  // Repeated slashes collapsed (and with them a trailing one).
  (segments) => (segments.includes('') ? segments.filter((segment) => segment !== '') : segments),
];

// The count keeps [""] (a path "//" with its trailing slash dropped) apart from [] (the root).
const keyOf = (reading: PathReading): string =>
  `${reading.method} ${reading.segments.length} /${reading.segments.join('/')}`;

function decodeSegments(segments: readonly string[]): string[] | PathForm {
  const decoded: string[] = [];
  for (const segment of segments) {
    let text: string;
    try {
      text = decodeURIComponent(segment);
    } catch {
      return PathForm.ENCODING_INVALID;
    }
    // "%2F" would make one segment two, or not: a third way to read it.
    if (text.includes('/')) return PathForm.ENCODED_SLASH;
    decoded.push(text);
  }
  return decoded;
}

/**
 * Every way API Gateway might have read `method` and `path`: one reading for a canonical path,
 * more for the forms listed in {@link PathForm}, or `ok: false` when the path cannot be placed
 * at all (`*` and `?` are wildcards in the IAM policy the answer names).
 */
export function readConcretePath(method: string, path: string): PathReadings {
  if (!/^[A-Za-z]+$/.test(method)) return { ok: false, form: PathForm.METHOD_INVALID };
  if (!path.startsWith('/')) return { ok: false, form: PathForm.ENCODING_INVALID };
  if (path.includes('*') || path.includes('?')) return { ok: false, form: PathForm.IAM_WILDCARD };
  const raw = pathSegments(path);
  const canonical =
    method === method.toUpperCase() &&
    !path.includes('%') &&
    !raw.includes('') &&
    !raw.some(isDotSegment);
  if (canonical) return { ok: true, readings: [{ method, segments: raw }], forms: [] };
  const forms = new Set<PathForm>();
  let starts: PathReading[] = [{ method, segments: raw }];
  if (method !== method.toUpperCase()) {
    forms.add(PathForm.METHOD_CASE);
    starts = [...starts, { method: method.toUpperCase(), segments: raw }];
  }
  if (path.includes('%')) {
    forms.add(PathForm.PERCENT_ENCODED);
    // Decoded once, and again while an encoded "%" remains: how often API Gateway decodes is
    // not documented either.
    const sent = starts;
    let layer: readonly string[] = raw;
    for (let depth = 0; depth < MAX_DECODINGS && layer.some((s) => s.includes('%')); depth += 1) {
      const decoded = decodeSegments(layer);
      if (decoded === PathForm.ENCODED_SLASH || (depth === 0 && typeof decoded === 'string')) {
        return { ok: false, form: decoded };
      }
      // A "%" that decoding left behind and that is no escape: a literal "%", read as sent.
      if (typeof decoded === 'string') break;
      layer = decoded;
      starts = [...starts, ...sent.map((reading) => ({ ...reading, segments: decoded }))];
    }
  }
  const seen = new Map<string, PathReading>();
  const queue = [...starts];
  for (let reading = queue.shift(); reading; reading = queue.shift()) {
    const key = keyOf(reading);
    if (seen.has(key)) continue;
    if (seen.size === MAX_READINGS) return { ok: false, form: PathForm.TOO_MANY_READINGS };
    seen.set(key, reading);
    const { segments } = reading;
    if (segments.some(isDotSegment)) forms.add(PathForm.DOT_SEGMENT);
    const last = segments.length - 1;
    if (segments[last] === '') forms.add(PathForm.TRAILING_SLASH);
    if (segments.some((segment, i) => segment === '' && i !== last)) {
      forms.add(PathForm.EMPTY_SEGMENT);
    }
    for (const step of PATH_STEPS) {
      const next = step(segments);
      if (next !== segments) queue.push({ method: reading.method, segments: next });
    }
  }
  return { ok: true, readings: [...seen.values()], forms: [...forms] };
}
