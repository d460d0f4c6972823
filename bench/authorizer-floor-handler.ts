/**
 * The authorizer's floor: the empty handler's setup (the same Powertools logger and middy wrapper,
 * bundled the same way) plus the least any verifying authorizer must do with a token on first
 * sight: Node's own `crypto.verify` of its RS256 signature and `JSON.parse` of its header and
 * payload. What the authorizer costs beyond this is aws-jwt-verify's checks and ours.
 */
import { createPublicKey, verify } from 'node:crypto';
import { createLogger } from '../shared/runtime/observability';
import { withLambdaContext } from '../shared/runtime/with-lambda-context';

// The benchmark's public key, as a JWK (the one its JWKS serves).
const key = createPublicKey({ key: JSON.parse(process.env.BENCH_JWK ?? '{}'), format: 'jwk' });

const part = (text: string): unknown => JSON.parse(Buffer.from(text, 'base64url').toString());

export const handler = withLambdaContext(
  createLogger('floor'),
  async (event: { identitySource?: readonly string[] }) => {
    const token = (event.identitySource?.[0] ?? '').slice('Bearer '.length);
    const [header = '', payload = '', signature = ''] = token.split('.');
    const signed = Buffer.from(`${header}.${payload}`);
    const valid = verify('RSA-SHA256', signed, key, Buffer.from(signature, 'base64url'));
    return { valid, header: part(header), payload: part(payload) };
  },
);
