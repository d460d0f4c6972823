import fc from 'fast-check';
import {
  CLAIMS_CONTEXT_KEY,
  decodeAuthorizerContext,
  encodeAuthorizerContext,
} from '../../../../shared/core/api/authorizer-context';
import { parseConfig } from '../../../../shared/core/config/parse-config';
import { readAuthorizerSettings } from '../../../../shared/runtime/authorizer/settings';
import { createTokenVerifier, denyReasonOf } from '../../../../shared/runtime/authorizer/verifier';
import { createSigningKey, signToken } from '../../../helpers/token-signer';

const config = parseConfig({
  claims: [],
  authorizer: {
    routes: {
      'GET /me': { claims: ['tenant_id'] },
      '*': { scopes: ['api/read', 'api/admin'], groups: ['staff'] },
    },
  },
});

describe('readAuthorizerSettings', () => {
  it('recognises a Cognito issuer and keeps its pool id', () => {
    // Act
    const settings = readAuthorizerSettings(
      {
        JWT_ISSUER_URL: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/',
        JWT_AUDIENCE: ' a, b ,',
      },
      config,
    );

    // Assess
    expect(settings).toEqual({
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
      userPoolId: 'eu-west-1_AbCdEf123',
      jwksUri:
        'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/.well-known/jwks.json',
      clientIds: ['a', 'b'],
      tokenUse: 'access',
      responseMode: 'simple',
      clockSkewSeconds: 60,
    });
  });

  it('takes a local issuer, a JWKS override and the token use from the environment', () => {
    // Act
    const settings = readAuthorizerSettings(
      {
        JWT_ISSUER_URL: 'http://127.0.0.1:9229/local_pool',
        JWT_AUDIENCE: 'c',
        JWT_JWKS_URI: 'http://localhost:9229/local_pool/keys.json',
        AUTHORIZER_TOKEN_USE: 'id',
        AUTHORIZER_RESPONSE_MODE: 'policy',
        AUTHORIZER_CLOCK_SKEW_SECONDS: '5',
      },
      config,
    );

    // Assess
    expect(settings.clockSkewSeconds).toBe(5);
    expect(settings.userPoolId).toBeUndefined();
    expect(settings.jwksUri).toBe('http://localhost:9229/local_pool/keys.json');
    expect(settings.tokenUse).toBe('id');
    expect(settings.responseMode).toBe('policy');
  });

  it.each([
    [{ JWT_AUDIENCE: 'c' }, /^JWT_ISSUER_URL: is required/],
    [{ JWT_ISSUER_URL: 'https://issuer.example.com' }, /^JWT_AUDIENCE: is required/],
    [{ JWT_ISSUER_URL: 'not a url', JWT_AUDIENCE: 'c' }, /^JWT_ISSUER_URL: expected a URL/],
    [
      { JWT_ISSUER_URL: 'http://10.0.0.8/p', JWT_AUDIENCE: 'c' },
      /^JWT_ISSUER_URL: expected an https URL/,
    ],
    [
      {
        JWT_ISSUER_URL: 'https://i.example.com',
        JWT_AUDIENCE: 'c',
        AUTHORIZER_TOKEN_USE: 'refresh',
      },
      /^AUTHORIZER_TOKEN_USE: expected "access" or "id"/,
    ],
    [
      { JWT_ISSUER_URL: 'https://i.example.com', JWT_AUDIENCE: 'c', AUTHORIZER_RESPONSE_MODE: 'x' },
      /^AUTHORIZER_RESPONSE_MODE: expected "simple" or "policy"/,
    ],
    ...['-1', '1.5', '601', 'soon'].map((skew): [Record<string, string>, RegExp] => [
      {
        JWT_ISSUER_URL: 'https://i.example.com',
        JWT_AUDIENCE: 'c',
        AUTHORIZER_CLOCK_SKEW_SECONDS: skew,
      },
      /^AUTHORIZER_CLOCK_SKEW_SECONDS: expected a whole number of seconds from 0 to 600/,
    ]),
  ])('names the variable that is wrong in %j', (env, message) => {
    // Act
    const read = () => readAuthorizerSettings(env, config);

    // Assess
    expect(read).toThrow(message);
  });
});

describe('createTokenVerifier for a Cognito user pool', () => {
  const key = createSigningKey('cognito-kid');
  const pool = 'eu-west-1_AbCdEf123';
  const settings = readAuthorizerSettings(
    { JWT_ISSUER_URL: `https://cognito-idp.eu-west-1.amazonaws.com/${pool}`, JWT_AUDIENCE: 'web' },
    config,
  );
  const fetched: string[] = [];
  // Stands in for Cognito's https JWKS endpoint: no network.
  const verifier = createTokenVerifier(settings, {
    fetcher: {
      fetch: async (uri: string) => {
        fetched.push(uri);
        return new TextEncoder().encode(JSON.stringify({ keys: [key.jwk] })).buffer as ArrayBuffer;
      },
    },
  });
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: `https://cognito-idp.eu-west-1.amazonaws.com/${pool}`,
    sub: 'u-1',
    client_id: 'web',
    token_use: 'access',
    tenant: { id: 't-1' },
    iat: now,
    exp: now + 300,
  };

  it('verifies a pool token against the pool JWKS and keeps nested claims', async () => {
    // Act
    const payload = await verifier.verify(signToken(key, claims));

    // Assess
    expect(payload.tenant).toEqual({ id: 't-1' });
    expect(fetched).toEqual([
      `https://cognito-idp.eu-west-1.amazonaws.com/${pool}/.well-known/jwks.json`,
    ]);
  });

  it.each([
    [{ token_use: 'id', aud: 'web' }, 'TOKEN_USE_INVALID'],
    [{ client_id: 'mobile' }, 'CLIENT_INVALID'],
    [{ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other999' }, 'ISSUER_INVALID'],
    [{ exp: now - 1 }, 'TOKEN_EXPIRED'],
    [{ iat: now + 120 }, 'TOKEN_ISSUED_IN_FUTURE'],
  ])('refuses a pool token with %j', async (change, reason) => {
    // Act
    const error = await verifier.verify(signToken(key, { ...claims, ...change })).catch((e) => e);

    // Assess
    expect(denyReasonOf(error)).toBe(reason);
  });

  it('refuses a correctly signed pool token that has no exp', async () => {
    // Prepare
    const { exp: _exp, ...timeless } = claims;

    // Act
    const error = await verifier.verify(signToken(key, timeless)).catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(denyReasonOf(error)).toBe('EXPIRY_MISSING');
  });
});

describe('authorizer context encoding', () => {
  const jsonValue = fc.oneof(
    fc.string(),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.array(fc.string()),
    fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())),
  );

  it('carries only strings, numbers and booleans, and decodes back to the same claims', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), jsonValue), (claims) => {
        // Act
        const context = encodeAuthorizerContext(claims);
        const decoded = decodeAuthorizerContext(context);

        // Assess
        for (const value of Object.values(context)) {
          expect(['string', 'number', 'boolean']).toContain(typeof value);
        }
        expect(decoded).toEqual(JSON.parse(JSON.stringify(claims)));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a claim named like the JSON key from overwriting it', () => {
    // Act
    const context = encodeAuthorizerContext({ [CLAIMS_CONTEXT_KEY]: 'spoof', sub: 'u' });

    // Assess
    expect(decodeAuthorizerContext(context)).toEqual({ [CLAIMS_CONTEXT_KEY]: 'spoof', sub: 'u' });
  });
});
