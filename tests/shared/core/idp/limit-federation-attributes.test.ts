import { parseConfig } from '../../../../shared/core/config/parse-config';
import { limitFederationAttributes } from '../../../../shared/core/idp/limit-federation-attributes';
import { makeJwt, makeOpaque, nowSeconds } from '../../../helpers/idp-tokens';

const config = parseConfig({
  claims: [],
  idpTokens: [
    { attribute: 'custom:id_token', idpAttribute: 'id_token', format: 'jwt', onOverLimit: 'drop' },
    {
      attribute: 'custom:access_token',
      idpAttribute: 'access_token',
      format: 'opaque',
      onOverLimit: 'truncate',
    },
  ],
});

const oidc = (tokenResponse: Record<string, unknown>, userInfo: Record<string, unknown> = {}) => ({
  providerName: 'AcmeAzure',
  sources: [
    {
      name: 'tokenResponse',
      values: { token_type: 'Bearer', expires_in: '3600', ...tokenResponse },
    },
    { name: 'idToken', values: { sub: '9f8e', email: 'jane.doe@acme.example' } },
    { name: 'userInfo', values: { given_name: 'Jane', ...userInfo } },
  ],
});

describe('limitFederationAttributes', () => {
  it('answers {} (keep everything as sent) when every value is within its limit', () => {
    // Prepare
    const request = oidc({ id_token: makeJwt({ iat: nowSeconds(), length: 2040 }) });
    // Act
    const result = limitFederationAttributes(config, request);
    // Assess
    expect(result).toEqual({ userAttributesToMap: {}, changed: false, failures: [] });
  });

  it('drops an over-limit ID token and returns every other attribute unchanged', () => {
    // Prepare
    const token = makeJwt({ iat: nowSeconds(), length: 3000 });
    const access = makeOpaque(180);
    // Act
    const result = limitFederationAttributes(
      config,
      oidc({ id_token: token, access_token: access }),
    );
    // Assess
    expect(result.userAttributesToMap).toEqual({
      token_type: 'Bearer',
      expires_in: '3600',
      access_token: access,
      sub: '9f8e',
      email: 'jane.doe@acme.example',
      given_name: 'Jane',
    });
    expect(result.failures).toEqual([
      expect.objectContaining({
        code: 'IDP_TOKEN_OVER_LIMIT',
        level: 'WARN',
        idpAttribute: 'id_token',
        attribute: 'custom:id_token',
        providerName: 'AcmeAzure',
        length: token.length,
        limit: 2048,
        action: 'dropped',
      }),
    ]);
  });

  it('truncates an over-limit opaque token when its entry says "truncate"', () => {
    // Prepare
    const access = makeOpaque(2500);
    // Act
    const result = limitFederationAttributes(config, oidc({ access_token: access }));
    // Assess
    expect(result.userAttributesToMap.access_token).toBe(access.slice(0, 2048));
    expect(result.failures).toEqual([
      expect.objectContaining({ idpAttribute: 'access_token', length: 2500, action: 'truncated' }),
    ]);
  });

  it('truncates an over-limit plain attribute by default, at federation.maxLength', () => {
    // Prepare
    const small = parseConfig({ claims: [], federation: { maxLength: 256 } });
    const groups = Array.from({ length: 80 }, (_, i) => `group-${i}`).join(',');
    const request = {
      providerName: 'AcmeSAML',
      sources: [{ name: 'samlResponse', values: { groups, email: 'jane.doe@acme.example' } }],
    };
    // Act
    const result = limitFederationAttributes(small, request);
    // Assess
    const kept = result.userAttributesToMap.groups ?? '';
    expect(kept.length).toBeLessThanOrEqual(256);
    expect(kept.split(',')).toEqual(
      Array.from({ length: kept.split(',').length }, (_, i) => `group-${i}`),
    );
    expect(kept.length).toBeGreaterThan(256 - 'group-79,'.length);
    expect(result.userAttributesToMap.email).toBe('jane.doe@acme.example');
    expect(result.failures).toEqual([
      expect.objectContaining({ idpAttribute: 'groups', limit: 256, action: 'truncated' }),
    ]);
  });

  it.each([
    ['the bracketed SAML form', (names: string[]) => `[${names.join(', ')}]`],
    ['a JSON array', (names: string[]) => JSON.stringify(names)],
  ])('never leaves a partial group name when it truncates %s', (_form, render) => {
    // Prepare: the limit falls right after "admins" in "admins-readonly"
    const names = [
      ...Array.from({ length: 16 }, (_, i) => `team-${String(i).padStart(6, '0')}`),
      'admins-readonly',
    ];
    const value = render(names);
    const limit = value.indexOf('admins-readonly') + 'admins'.length;
    const small = parseConfig({ claims: [], federation: { maxLength: limit } });
    const request = {
      providerName: 'AcmeSAML',
      sources: [{ name: 'samlResponse', values: { groups: value } }],
    };
    // Act
    const result = limitFederationAttributes(small, request);
    // Assess
    const kept = result.userAttributesToMap.groups ?? '';
    expect(kept.length).toBeLessThanOrEqual(limit);
    const entries = kept
      .slice(1, -1)
      .split(',')
      .map((e) => e.trim().replace(/^"|"$/g, ''));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries).toEqual(names.slice(0, 16));
  });

  it('drops a plain attribute when federation.onOverLimit is "drop"', () => {
    // Prepare
    const dropping = parseConfig({ claims: [], federation: { onOverLimit: 'drop' } });
    const request = oidc({}, { bio: 'x'.repeat(3000) });
    // Act
    const result = limitFederationAttributes(dropping, request);
    // Assess
    expect(result.userAttributesToMap).not.toHaveProperty('bio');
    expect(result.userAttributesToMap.given_name).toBe('Jane');
    expect(result.failures[0]).toMatchObject({ idpAttribute: 'bio', action: 'dropped' });
  });

  it('never truncates an unconfigured token: tokenResponse tokens and JWT-shaped values are dropped', () => {
    // Prepare
    const bare = parseConfig({ claims: [] });
    const refresh = makeOpaque(2600);
    const jwtClaim = makeJwt({ iat: nowSeconds(), length: 2400 });
    // Act
    const result = limitFederationAttributes(
      bare,
      oidc({ refresh_token: refresh }, { assertion: jwtClaim }),
    );
    // Assess
    expect(result.userAttributesToMap).not.toHaveProperty('refresh_token');
    expect(result.userAttributesToMap).not.toHaveProperty('assertion');
    expect(result.failures.map((f) => [f.idpAttribute, f.action])).toEqual([
      ['refresh_token', 'dropped'],
      ['assertion', 'dropped'],
    ]);
  });

  it('truncates instead of dropping when dropping would leave an empty answer', () => {
    // Prepare
    const token = makeJwt({ iat: nowSeconds(), length: 2600 });
    const request = { sources: [{ name: 'tokenResponse', values: { id_token: token } }] };
    // Act
    const result = limitFederationAttributes(config, request);
    // Assess
    expect(result.userAttributesToMap).toEqual({ id_token: token.slice(0, 2048) });
    expect(result.failures[0]).toMatchObject({
      action: 'truncated',
      hint: expect.stringContaining('empty answer'),
    });
  });

  it('writes non-string values as strings once it must answer with every attribute', () => {
    // Prepare
    const request = oidc(
      { id_token: makeJwt({ iat: nowSeconds(), length: 2100 }) },
      { email_verified: true, updated_at: 1700000000, groups: ['a', 'b'], nothing: null },
    );
    // Act
    const result = limitFederationAttributes(config, request);
    // Assess
    expect(result.userAttributesToMap).toMatchObject({
      email_verified: 'true',
      updated_at: '1700000000',
      groups: '["a","b"]',
    });
    expect(result.userAttributesToMap).not.toHaveProperty('nothing');
  });
});
