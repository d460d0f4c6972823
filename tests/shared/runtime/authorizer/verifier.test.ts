import { parseConfig } from '../../../../shared/core/config/parse-config';
import { readAuthorizerSettings } from '../../../../shared/runtime/authorizer/settings';
import {
  createJwksFetcher,
  createTokenVerifier,
  denyReasonOf,
  requireIssuedInPast,
} from '../../../../shared/runtime/authorizer/verifier';
import { type FaultyJwks, type JwksFault, serveFaultyJwks } from '../../../helpers/jwks-faults';
import { createSigningKey, signToken } from '../../../helpers/token-signer';

const config = parseConfig({ claims: [] });

describe('requireIssuedInPast', () => {
  const now = 1_800_000_000;

  it.each([
    ['issued now', { iat: now }],
    ['issued at the edge of the clock skew', { iat: now + 60 }],
    ['issued in the past', { iat: now - 3600 }],
    ['without iat (left to the other checks)', {}],
  ])('accepts a token %s', (_name, payload) => {
    // Act
    const check = () => requireIssuedInPast(payload, 60, now);

    // Assess
    expect(check).not.toThrow();
  });

  it('refuses a token issued beyond the clock skew in the future, with its own reason', () => {
    // Act
    const error = (() => {
      try {
        requireIssuedInPast({ iat: now + 61 }, 60, now);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();

    // Assess
    expect(denyReasonOf(error)).toBe('TOKEN_ISSUED_IN_FUTURE');
  });
});

describe('createJwksFetcher', () => {
  let server: FaultyJwks | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it.each<[string, JwksFault]>([
    ['sends its body too slowly', 'stall'],
    ['breaks its body off', 'break'],
  ])('reports a JWKS that %s as unavailable, within its timeout', async (_name, fault) => {
    // Prepare
    server = await serveFaultyJwks(fault);
    const fetcher = createJwksFetcher(300);
    const started = Date.now();

    // Act
    const error = await fetcher.fetch(`${server.baseUrl}/jwks.json`).catch((e: unknown) => e);

    // Assess
    expect(denyReasonOf(error)).toBe('JWKS_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('makes the verifier deny with JWKS_UNAVAILABLE when the JWKS body stalls', async () => {
    // Prepare
    server = await serveFaultyJwks('stall');
    const issuer = `${server.baseUrl}/local_pool`;
    const settings = readAuthorizerSettings(
      { JWT_ISSUER_URL: issuer, JWT_AUDIENCE: 'web' },
      config,
    );
    const verifier = createTokenVerifier(settings, { fetcher: createJwksFetcher(300) });
    const now = Math.floor(Date.now() / 1000);
    const token = signToken(createSigningKey('k'), {
      iss: issuer,
      sub: 'u',
      client_id: 'web',
      token_use: 'access',
      iat: now,
      exp: now + 300,
    });

    // Act
    const error = await verifier.verify(token).catch((e: unknown) => e);

    // Assess
    expect(denyReasonOf(error)).toBe('JWKS_UNAVAILABLE');
  });
});
