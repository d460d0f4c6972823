import { demoAttributes } from '../../scripts/local/demo-pool';
import { redact } from '../../scripts/local/processes';
import { parseConfig } from '../../shared/config/parse-config';
import { createSigningKey, signToken } from '../helpers/token-signer';

describe('redact', () => {
  it('removes JWTs and passwords from an emulator debug line', () => {
    // Prepare
    const token = signToken(createSigningKey(), { sub: 'u-1' });
    const line = `DEBUG: 1a2b InitiateAuth {"refreshToken":"${token}","user":{"Password":"Demo-Passw0rd!"}}`;

    // Act
    const clean = redact(line);

    // Assess
    expect(clean).toBe(
      'DEBUG: 1a2b InitiateAuth {"refreshToken":"<jwt redacted>","user":{"Password":"<redacted>"}}',
    );
  });

  it('leaves the operation lines the run counts untouched', () => {
    // Act
    const clean = redact('DEBUG: 7d42c2e7 InitiateAuth start');

    // Assess
    expect(clean).toBe('DEBUG: 7d42c2e7 InitiateAuth start');
  });
});

describe('demoAttributes', () => {
  it('gives every custom attribute the config reads a value of its declared type', () => {
    // Prepare
    const config = parseConfig({
      claims: [
        { claim: 'tenant_id', from: 'custom:tenant_id' },
        { claim: 'level', from: 'custom:level', type: 'number' },
        { claim: 'beta', from: 'custom:beta', type: 'boolean' },
        { claim: 'email', from: 'email', tokens: ['access'] },
        { claim: 'plan', value: 'pro' },
      ],
    });

    // Act
    const attributes = demoAttributes(config);

    // Assess
    expect(attributes).toEqual({
      'custom:tenant_id': 'tenant-demo',
      'custom:level': '7',
      'custom:beta': 'true',
    });
  });
});
