/**
 * Real-looking IdP tokens for the IdP token guard tests: RS256 JWTs signed with an RSA key made
 * here (never a fixed key), and opaque tokens, at chosen lengths. Every token is registered as a
 * secret, so the suite-wide scan fails if any of them is ever logged.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { registerSecret } from './log-capture';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = randomBytes(8).toString('hex');

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const signJwt = (payload: Record<string, unknown>): string => {
  const input = `${encode({ alg: 'RS256', typ: 'JWT', kid: KID })}.${encode(payload)}`;
  const signature = sign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url');
  return `${input}.${signature}`;
};

export interface JwtOptions {
  /** Seconds since the epoch; left out when null. */
  readonly iat: number | null;
  /** Pads a `groups` claim until the token is this long (within 3 characters, never over). */
  readonly length?: number;
  readonly claims?: Record<string, unknown>;
}

/** An IdP-style ID token, signed. */
export const makeJwt = ({ iat, length, claims = {} }: JwtOptions): string => {
  const base: Record<string, unknown> = {
    iss: 'https://login.acme.example/tenant/v2.0',
    sub: '9f8e7d6c-5b4a-4321-9abc-def012345678',
    aud: 'acme-client-id',
    email: 'jane.doe@acme.example',
    ...(iat === null ? {} : { iat, nbf: iat, exp: iat + 3600 }),
    ...claims,
  };
  let token = signJwt(base);
  if (length !== undefined) {
    if (token.length > length) throw new Error(`a JWT cannot be as short as ${length}`);
    // Each padding character adds ~4/3 characters of base64url: grow, then settle just below.
    let pad = Math.max(0, Math.floor(((length - token.length) * 3) / 4) - 20);
    for (;;) {
      const next = signJwt({ ...base, groups: [`g-${'x'.repeat(pad)}`] });
      if (next.length > length) break;
      token = next;
      pad += 1;
    }
  }
  return registerSecret(token);
};

/** An opaque token (like Google's access tokens), `length` characters. */
export const makeOpaque = (length: number, prefix = 'ya29.'): string =>
  registerSecret(
    `${prefix}${randomBytes(length).toString('base64url')}`.slice(0, Math.max(length, 1)),
  );

/** Fails when any 20-character piece of any token appears in the given log lines. */
export const tokenFragmentsIn = (tokens: readonly string[], lines: readonly string[]): string[] => {
  const text = lines.join('\n');
  const found: string[] = [];
  for (const token of tokens) {
    for (let i = 0; i + 20 <= token.length; i++) {
      if (text.includes(token.slice(i, i + 20))) {
        found.push(`a ${token.length}-character token, fragment at ${i}`);
        break;
      }
    }
  }
  return found;
};

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
