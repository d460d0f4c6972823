/**
 * The JWT length arithmetic behind `preview`'s size estimates, against real base64url encoding
 * and real RS256 signatures made here.
 */
import { createSign, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import {
  applyChanges,
  base64UrlLength,
  checkLimits,
  jwtLength,
  RS256_SIGNATURE_CHARS,
} from '../../../cli/preview/token-size';
import { registerSecret } from '../../helpers/log-capture';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const sign = (header: unknown, payload: unknown): string => {
  const data = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const signature = createSign('RSA-SHA256').update(data).sign(privateKey).toString('base64url');
  return registerSecret(`${data}.${signature}`);
};

describe('token size arithmetic', () => {
  it('computes base64url length without padding for any byte count', () => {
    fc.assert(
      fc.property(fc.nat({ max: 20_000 }), (bytes) => {
        // Act
        const expected = Buffer.alloc(bytes, 0x61).toString('base64url').length;

        // Assess
        expect(base64UrlLength(bytes)).toBe(expected);
      }),
    );
  });

  it('gives the exact length of a real RS256 JWT for any JSON payload, multi-byte text included', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ unit: 'grapheme', maxLength: 12 }),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        (payload) => {
          // Prepare
          const header = { kid: 'k'.repeat(44), alg: 'RS256' };

          // Act
          const token = sign(header, payload);

          // Assess
          expect(jwtLength(header, payload)).toBe(token.length);
          expect(token.split('.')[2]).toHaveLength(RS256_SIGNATURE_CHARS);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('lets suppression win over addition, and replaces groups only when overridden', () => {
    // Prepare
    const baseline = { sub: 's', 'cognito:groups': ['a'], email: 'e' };

    // Act
    const changed = applyChanges(baseline, {
      claimsToAddOrOverride: { tenant: 't', email: 'x' },
      claimsToSuppress: ['email'],
      groupOverrideDetails: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
    });

    // Assess
    expect(changed).toEqual({ sub: 's', tenant: 't' });
  });

  it('counts the Authorization header and the cookie name against the limits', () => {
    // Act
    const checks = checkLimits(10_216, 'c'.repeat(99));

    // Assess
    expect(checks).toEqual([
      { id: 'http-api', limit: 10_240, bytes: 10_240, percent: 100, fits: true },
      { id: 'alb', limit: 16_384, bytes: 10_240, percent: 62.5, fits: true },
      { id: 'cookie', limit: 4_096, bytes: 10_316, percent: 251.9, fits: false },
    ]);
  });
});
