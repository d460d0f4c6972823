/**
 * RSA keys, RS256 JWTs and a JWKS served on 127.0.0.1, all made on this machine: what the
 * benchmark signs its tokens with, and what tests/helpers/token-signer.ts wraps for the tests.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly jwk: Record<string, unknown>;
}

export const createSigningKey = (kid = 'test-key-1'): SigningKey => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    kid,
    privateKey,
    jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
  };
};

export const b64u = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** A signed RS256 JWT. */
export const signJwt = (
  key: SigningKey,
  payload: Record<string, unknown>,
  header: Record<string, unknown> = {},
): string => {
  const data = `${b64u({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header })}.${b64u(payload)}`;
  const signature = createSign('RSA-SHA256')
    .update(data)
    .sign(key.privateKey)
    .toString('base64url');
  return `${data}.${signature}`;
};

export interface JwksServer {
  readonly baseUrl: string;
  /** How many times the JWKS was requested. */
  hits(): number;
  /** Answers the next requests with this HTTP status instead of the JWKS. */
  failWith(status: number | undefined): void;
  close(): Promise<void>;
}

/** Serves `{ keys }` at every path on 127.0.0.1 (so `<issuer>/.well-known/jwks.json` works). */
export const serveJwks = async (keys: readonly SigningKey[]): Promise<JwksServer> => {
  let hits = 0;
  let failure: number | undefined;
  const server: Server = createServer((_req, res) => {
    hits += 1;
    if (failure !== undefined) {
      res.writeHead(failure).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: keys.map((key) => key.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    hits: () => hits,
    failWith: (status) => {
      failure = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
