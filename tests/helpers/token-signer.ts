/**
 * RSA keys, signed JWTs and a JWKS served on 127.0.0.1, all made in the test: nothing leaves
 * the machine. Every token made here is registered as a secret for the suite-wide log scan.
 */
import { b64u, type SigningKey, signJwt } from '../../scripts/local/signing';
import { registerSecret } from './log-capture';

export {
  createSigningKey,
  type JwksServer,
  type SigningKey,
  serveJwks,
} from '../../scripts/local/signing';

/** A signed RS256 JWT (registered as a secret). */
export const signToken = (
  key: SigningKey,
  payload: Record<string, unknown>,
  header: Record<string, unknown> = {},
): string => registerSecret(signJwt(key, payload, header));

/** An unsigned `alg: none` token (registered as a secret). */
export const unsignedToken = (payload: Record<string, unknown>, kid: string): string =>
  registerSecret(`${b64u({ alg: 'none', typ: 'JWT', kid })}.${b64u(payload)}.`);

/** The same token with a changed payload and the original signature. */
export const tamperToken = (token: string, change: Record<string, unknown>): string => {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as object;
  return registerSecret(`${header}.${b64u({ ...claims, ...change })}.${signature}`);
};
