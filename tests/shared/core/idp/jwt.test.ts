import { parseIdentities, pickIdentity } from '../../../../shared/core/idp/identities';
import { decodeJwt, looksLikeJwt, numericDate } from '../../../../shared/core/idp/jwt';
import {
  characterLength,
  lengthStatus,
  truncateCharacters,
} from '../../../../shared/core/idp/length';
import { makeJwt, makeOpaque, nowSeconds } from '../../../helpers/idp-tokens';

describe('decodeJwt', () => {
  it('reads the header and payload of a signed JWT without verifying it', () => {
    // Prepare
    const iat = nowSeconds() - 30;
    const token = makeJwt({ iat });
    // Act
    const decoded = decodeJwt(token);
    // Assess
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.header.alg).toBe('RS256');
    expect(numericDate(decoded.payload, 'iat')).toBe(iat);
  });

  it.each([
    ['an opaque token', () => makeOpaque(120), 'SEGMENTS'],
    ['a JWE (five parts)', () => `${makeJwt({ iat: 1 })}.a.b`, 'SEGMENTS'],
    [
      'a token with a cut payload',
      () => {
        const [header, payload, signature] = makeJwt({ iat: 1 }).split('.');
        return `${header}.${payload?.slice(0, 12)}.${signature}`;
      },
      'PAYLOAD',
    ],
    ['non-base64url characters', () => 'eyJhbGciOiJSUzI1NiJ9.eyJ*.sig', 'ENCODING'],
    ['an empty header', () => '.eyJpYXQiOjF9.sig', 'ENCODING'],
    [
      'a header without alg',
      () => `${Buffer.from('{"typ":"JWT"}').toString('base64url')}.eyJpYXQiOjF9.c2ln`,
      'HEADER',
    ],
    [
      'a payload that is an array',
      () => `eyJhbGciOiJSUzI1NiJ9.${Buffer.from('[1]').toString('base64url')}.c2ln`,
      'PAYLOAD',
    ],
  ])('names the problem with %s', (_name, make, problem) => {
    // Prepare
    const token = make();
    // Act
    const decoded = decodeJwt(token);
    // Assess
    expect(decoded).toMatchObject({ ok: false, problem });
  });

  it('reads no iat from a payload whose iat is not a number', () => {
    // Prepare
    const token = makeJwt({ iat: null, claims: { iat: '1700000000' } });
    // Act
    const decoded = decodeJwt(token);
    // Assess
    expect(decoded.ok && numericDate(decoded.payload, 'iat')).toBeUndefined();
  });

  it('tells JWT-shaped values from others without decoding', () => {
    // Prepare
    const jwt = makeJwt({ iat: 1 });
    // Act / Assess
    expect(looksLikeJwt(jwt)).toBe(true);
    expect(looksLikeJwt(makeOpaque(300))).toBe(false);
    expect(looksLikeJwt('jane.doe@acme.example')).toBe(false);
  });
});

describe('characterLength and truncateCharacters', () => {
  it('counts characters, not UTF-16 units, and never splits a surrogate pair', () => {
    // Prepare
    const value = `ab${'😀'.repeat(3)}c`;
    // Act
    const length = characterLength(value);
    const cut = truncateCharacters(value, 3);
    // Assess
    expect(value.length).toBe(9);
    expect(length).toBe(6);
    expect(cut).toBe('ab😀');
    expect(truncateCharacters(value, 100)).toBe(value);
    expect(truncateCharacters(value, 0)).toBe('');
  });

  it('puts the near-limit threshold at ceil(limit * warnRatio)', () => {
    // Act / Assess
    expect(lengthStatus(1843, 2048, 0.9)).toBe('OK');
    expect(lengthStatus(1844, 2048, 0.9)).toBe('NEAR_LIMIT');
    expect(lengthStatus(2048, 2048, 0.9)).toBe('NEAR_LIMIT');
    expect(lengthStatus(2049, 2048, 0.9)).toBe('OVER_LIMIT');
  });
});

describe('parseIdentities and pickIdentity', () => {
  it('reads the identities JSON string Cognito puts in userAttributes', () => {
    // Prepare
    const raw =
      '[{"userId":"1","providerName":"Google","providerType":"Google","issuer":null,"primary":"false","dateCreated":"1"},{"userId":"2","providerName":"AcmeAzure","providerType":"OIDC","issuer":null,"primary":true,"dateCreated":1}]';
    // Act
    const parsed = parseIdentities(raw);
    // Assess
    expect(parsed).toEqual({
      ok: true,
      identities: [
        { providerName: 'Google', providerType: 'Google', primary: false },
        { providerName: 'AcmeAzure', providerType: 'OIDC', primary: true },
      ],
    });
    if (!parsed.ok) return;
    expect(pickIdentity(parsed.identities, 'google_1116')?.providerName).toBe('Google');
    expect(pickIdentity(parsed.identities, 'jdoe')?.providerName).toBe('AcmeAzure');
    expect(pickIdentity([], 'jdoe')).toBeUndefined();
  });

  it.each(['not json', '42', '"text"', 'null'])('rejects %s without throwing', (raw) => {
    // Act / Assess
    expect(parseIdentities(raw)).toEqual({ ok: false });
  });
});
