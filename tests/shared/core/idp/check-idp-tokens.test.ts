import { parseConfig } from '../../../../shared/core/config/parse-config';
import { checkIdpTokens } from '../../../../shared/core/idp/check-idp-tokens';
import { makeJwt, makeOpaque } from '../../../helpers/idp-tokens';

const NOW = 1_763_800_000;
const config = parseConfig({
  claims: [],
  idpTokens: [
    { attribute: 'custom:id_token', idpAttribute: 'id_token', format: 'jwt', onOverLimit: 'drop' },
    { attribute: 'custom:access_token', idpAttribute: 'access_token', format: 'opaque' },
  ],
  providers: { AcmeAzure: { expectedAttributes: ['custom:id_token', 'email'] } },
});

const IDENTITIES =
  '[{"userId":"9f8e","providerName":"AcmeAzure","providerType":"OIDC","issuer":null,"primary":true,"dateCreated":1735689600000}]';

const federated = (extra: Record<string, string>) => ({
  userName: 'AcmeAzure_9f8e',
  userAttributes: {
    sub: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    'cognito:user_status': 'EXTERNAL_PROVIDER',
    identities: IDENTITIES,
    email: 'jane.doe@acme.example',
    ...extra,
  },
});

const warnings = (result: ReturnType<typeof checkIdpTokens>) =>
  result.failures.filter((failure) => failure.level !== 'INFO');

describe('checkIdpTokens', () => {
  it('records nothing for a fresh, short JWT and a short opaque token', () => {
    // Prepare
    const input = federated({
      'custom:id_token': makeJwt({ iat: NOW - 5 }),
      'custom:access_token': makeOpaque(200),
    });
    // Act
    const result = checkIdpTokens(config, input, NOW);
    // Assess
    expect(result).toEqual({ federated: true, providerName: 'AcmeAzure', failures: [] });
  });

  it('records a JWT near the limit with its length and the limit', () => {
    // Prepare
    const token = makeJwt({ iat: NOW - 5, length: 1950 });
    // Act
    const result = checkIdpTokens(config, federated({ 'custom:id_token': token }), NOW);
    // Assess
    expect(warnings(result)).toEqual([
      expect.objectContaining({
        code: 'IDP_TOKEN_NEAR_LIMIT',
        level: 'WARN',
        attribute: 'custom:id_token',
        idpAttribute: 'id_token',
        providerName: 'AcmeAzure',
        length: token.length,
        limit: 2048,
      }),
    ]);
  });

  it('records an opaque token near the limit, and nothing else about it', () => {
    // Prepare
    const token = makeOpaque(2000);
    // Act
    const result = checkIdpTokens(
      config,
      federated({ 'custom:id_token': makeJwt({ iat: NOW }), 'custom:access_token': token }),
      NOW,
    );
    // Assess
    expect(warnings(result)).toEqual([
      expect.objectContaining({
        code: 'IDP_TOKEN_NEAR_LIMIT',
        attribute: 'custom:access_token',
        length: 2000,
        limit: 2048,
      }),
    ]);
  });

  it('records a stored value already over a configured limit lower than 2048', () => {
    // Prepare
    const low = parseConfig({
      claims: [],
      idpTokens: [{ attribute: 'custom:id_token', format: 'jwt', maxLength: 1024 }],
    });
    const token = makeJwt({ iat: NOW, length: 1500 });
    // Act
    const result = checkIdpTokens(low, federated({ 'custom:id_token': token }), NOW);
    // Assess
    expect(warnings(result)).toEqual([
      expect.objectContaining({
        code: 'IDP_TOKEN_OVER_LIMIT',
        level: 'WARN',
        length: token.length,
        limit: 1024,
        hint: expect.stringContaining('maxLength'),
      }),
    ]);
  });

  it('records a stale JWT with its age and the mutable / write-permission hint', () => {
    // Prepare
    const token = makeJwt({ iat: NOW - 86_400 });
    // Act
    const result = checkIdpTokens(config, federated({ 'custom:id_token': token }), NOW);
    // Assess
    expect(warnings(result)).toEqual([
      expect.objectContaining({
        code: 'IDP_TOKEN_STALE',
        level: 'WARN',
        attribute: 'custom:id_token',
        providerName: 'AcmeAzure',
        ageSeconds: 86_400,
        hint: expect.stringMatching(/mutable.*write permission/),
      }),
    ]);
  });

  it('accepts a JWT exactly at the age tolerance and flags one a second older', () => {
    // Prepare
    const atTolerance = federated({ 'custom:id_token': makeJwt({ iat: NOW - 600 }) });
    const older = federated({ 'custom:id_token': makeJwt({ iat: NOW - 601 }) });
    // Act
    const fresh = checkIdpTokens(config, atTolerance, NOW);
    const stale = checkIdpTokens(config, older, NOW);
    // Assess
    expect(warnings(fresh)).toEqual([]);
    expect(warnings(stale).map((f) => f.code)).toEqual(['IDP_TOKEN_STALE']);
  });

  it('records a value declared as a JWT that is not one as malformed, without a stale check', () => {
    // Prepare
    const input = federated({ 'custom:id_token': makeOpaque(300) });
    // Act
    const result = checkIdpTokens(config, input, NOW);
    // Assess
    expect(warnings(result)).toEqual([
      expect.objectContaining({
        code: 'IDP_TOKEN_MALFORMED',
        level: 'WARN',
        attribute: 'custom:id_token',
        length: 300,
        hint: expect.stringContaining('"format": "opaque"'),
      }),
    ]);
  });

  it('records a JWT without iat as malformed', () => {
    // Prepare
    const input = federated({ 'custom:id_token': makeJwt({ iat: null }) });
    // Act
    const result = checkIdpTokens(config, input, NOW);
    // Assess
    expect(warnings(result)).toEqual([
      expect.objectContaining({
        code: 'IDP_TOKEN_MALFORMED',
        message: expect.stringContaining('iat'),
      }),
    ]);
  });

  it('records each expected attribute the provider did not deliver', () => {
    // Prepare
    const input = federated({});
    delete (input.userAttributes as Record<string, string>).email;
    // Act
    const result = checkIdpTokens(config, input, NOW);
    // Assess
    expect(warnings(result)).toEqual([
      expect.objectContaining({
        code: 'IDP_ATTRIBUTE_MISSING',
        level: 'WARN',
        attribute: 'custom:id_token',
        providerName: 'AcmeAzure',
      }),
      expect.objectContaining({ code: 'IDP_ATTRIBUTE_MISSING', level: 'WARN', attribute: 'email' }),
    ]);
  });

  it('notes an absent token attribute the provider is not expected to send at INFO only', () => {
    // Prepare
    const input = federated({ 'custom:id_token': makeJwt({ iat: NOW }) });
    // Act
    const result = checkIdpTokens(config, input, NOW);
    // Assess
    expect(result.failures).toEqual([
      expect.objectContaining({
        code: 'IDP_ATTRIBUTE_MISSING',
        level: 'INFO',
        attribute: 'custom:access_token',
      }),
    ]);
  });

  it('checks nothing for a user who did not sign in through an IdP', () => {
    // Prepare
    const input = {
      userName: 'jdoe',
      userAttributes: { sub: 'b2c3', 'cognito:user_status': 'CONFIRMED', 'custom:id_token': 'x' },
    };
    // Act
    const result = checkIdpTokens(config, input, NOW);
    // Assess
    expect(result).toEqual({ federated: false, failures: [] });
  });

  it('reports a stale token of a native profile with linked identities at INFO only', () => {
    // Prepare
    const input = federated({ 'custom:id_token': makeJwt({ iat: NOW - 86_400 }) });
    (input.userAttributes as Record<string, string>)['cognito:user_status'] = 'CONFIRMED';
    // Act
    const result = checkIdpTokens(config, input, NOW);
    // Assess
    const stale = result.failures.find((f) => f.code === 'IDP_TOKEN_STALE');
    expect(stale).toMatchObject({ level: 'INFO', hint: expect.stringContaining('linked') });
  });

  it('records nothing at all when no IdP token or provider is configured', () => {
    // Prepare
    const empty = parseConfig({ claims: [] });
    const input = federated({ 'custom:id_token': makeJwt({ iat: NOW - 86_400 }) });
    (input.userAttributes as Record<string, string>).identities = 'garbage';
    // Act
    const result = checkIdpTokens(empty, input, NOW);
    // Assess
    expect(result).toEqual({ federated: true, failures: [] });
  });

  it('still checks tokens when the identities attribute is garbage, and says so', () => {
    // Prepare
    const input = federated({ 'custom:id_token': makeJwt({ iat: NOW - 86_400 }) });
    (input.userAttributes as Record<string, string>).identities = '[{"providerName":';
    // Act
    const result = checkIdpTokens(config, input, NOW);
    // Assess
    expect(result.providerName).toBeUndefined();
    expect(warnings(result).map((f) => f.code)).toEqual(['EVENT_INVALID', 'IDP_TOKEN_STALE']);
  });
});
