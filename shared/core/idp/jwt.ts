/**
 * Reads a JWT's header and payload WITHOUT verifying its signature. The IdP already verified
 * the token when Cognito accepted the sign-in; here we only need `iat` to tell whether Cognito
 * updated the stored copy. Never returns or quotes any part of the token: a failure is a reason
 * code, because parser messages (e.g. JSON.parse's) can echo input.
 */
import { isRecord } from '../is-record';

export const JwtProblem = {
  SEGMENTS: 'SEGMENTS',
  ENCODING: 'ENCODING',
  HEADER: 'HEADER',
  PAYLOAD: 'PAYLOAD',
} as const;
export type JwtProblem = (typeof JwtProblem)[keyof typeof JwtProblem];

export type DecodedJwt =
  | {
      readonly ok: true;
      readonly header: Readonly<Record<string, unknown>>;
      readonly payload: Readonly<Record<string, unknown>>;
    }
  | { readonly ok: false; readonly problem: JwtProblem; readonly segments: number };

/** What each problem means, in words safe for a log line (no token content). */
export const JWT_PROBLEM_TEXT: Readonly<Record<JwtProblem, string>> = {
  SEGMENTS: 'is not a compact JWS (expected 3 dot-separated parts)',
  ENCODING: 'has a part that is not base64url',
  HEADER: 'has a header that is not a JSON object with "alg"',
  PAYLOAD: 'has a payload that is not a JSON object',
};

const BASE64URL = /^[A-Za-z0-9_-]*$/;

const decodeJson = (part: string): unknown => {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
};

export const decodeJwt = (token: string): DecodedJwt => {
  const parts = token.split('.');
  if (parts.length !== 3)
    return { ok: false, problem: JwtProblem.SEGMENTS, segments: parts.length };
  const [header = '', payload = '', signature = ''] = parts;
  // Buffer.from(…, 'base64url') skips bad characters silently, so check the alphabet first.
  if (
    header === '' ||
    payload === '' ||
    !BASE64URL.test(header) ||
    !BASE64URL.test(payload) ||
    !BASE64URL.test(signature) ||
    header.length % 4 === 1 ||
    payload.length % 4 === 1
  ) {
    return { ok: false, problem: JwtProblem.ENCODING, segments: 3 };
  }
  const head = decodeJson(header);
  if (!isRecord(head) || typeof head.alg !== 'string') {
    return { ok: false, problem: JwtProblem.HEADER, segments: 3 };
  }
  const body = decodeJson(payload);
  if (!isRecord(body)) return { ok: false, problem: JwtProblem.PAYLOAD, segments: 3 };
  return { ok: true, header: head, payload: body };
};

/** A NumericDate claim (`iat`, `exp`) in seconds, or undefined when absent or not a number. */
export const numericDate = (
  payload: Readonly<Record<string, unknown>>,
  claim: string,
): number | undefined => {
  const value = payload[claim];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

/** Cheap shape test, no decoding: used to keep JWT-looking values from being truncated. */
export const looksLikeJwt = (value: string): boolean =>
  /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
