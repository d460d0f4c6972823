/**
 * Claim rules through the core: `when`, first match and fallback per claim and token, defaults,
 * `required` under conditions, `cognito:groups` with a `map`, transforms, scopes by group, on
 * fixture events of each version.
 */
import { buildResponse, compileConfig } from '../../../../shared/core/claims/build-response';
import { RULE_FEATURES } from '../../../../shared/core/claims/rule-features';
import type { V1Response, V2Response } from '../../../../shared/core/claims/types';
import { parseConfig } from '../../../../shared/core/config/parse-config';
import { toTokenRequest } from '../../../../shared/runtime/events/cognito-event';
import { getTestEvent } from '../../../helpers/events';

interface Event {
  userName: string;
  request: {
    userAttributes: Record<string, string>;
    groupConfiguration: { groupsToOverride: string[] };
  };
}

/** The issue's example, with the fixture's IdP (AcmeOIDC) in place of AcmeAzure. */
const ISSUE_EXAMPLE = {
  claims: [
    { claim: 'role', value: 'admin', tokens: ['access'], when: { groups: ['admins'] } },
    { claim: 'role', value: 'member', tokens: ['access'] },
    {
      claim: 'permissions',
      from: 'cognito:groups',
      map: { admins: ['items:read', 'items:write'], readers: ['items:read'] },
      tokens: ['access'],
    },
    {
      claim: 'tenant',
      from: 'custom:tenant_id',
      transform: ['trim', 'lowercase'],
      when: { providers: ['AcmeOIDC'] },
    },
    { claim: 'tenant', from: 'custom:org', transform: ['lowercase'] },
    { claim: 'email_domain', from: 'email', transform: [{ after: '@' }], tokens: ['id'] },
    {
      claim: 'seats',
      from: 'custom:seats',
      type: 'number',
      when: {
        attributes: { 'custom:plan': ['pro', 'enterprise'] },
        triggerSources: [
          'TokenGeneration_RefreshTokens',
          'TokenGeneration_Authentication',
          'TokenGeneration_HostedAuth',
        ],
      },
    },
  ],
  scopes: {
    add: ['items/read', { scope: 'items/write', when: { groups: ['admins'] } }],
    suppress: [{ scope: 'aws.cognito.signin.user.admin', when: { providers: ['AcmeOIDC'] } }],
  },
};

const build = (config: unknown, event: unknown) =>
  buildResponse(compileConfig(parseConfig(config), RULE_FEATURES), toTokenRequest(event));

const v2 = (response: V1Response | V2Response) =>
  (response as V2Response).claimsAndScopeOverrideDetails;

const refresh = () => getTestEvent<Event>('pre-token-generation/v2-refresh-tokens');
const federated = () => getTestEvent<Event>('pre-token-generation/v2-hosted-auth-federated');

describe('claim rules', () => {
  it('gives an admin the admin role, both permissions and the write scope', () => {
    // Prepare: jdoe is in "admins".
    const event = refresh();
    event.request.userAttributes['custom:org'] = 'Globex';
    // Act
    const result = build(ISSUE_EXAMPLE, event);
    // Assess
    expect(v2(result.response)).toEqual({
      idTokenGeneration: {
        claimsToAddOrOverride: { tenant: 'globex', email_domain: 'example.com' },
        claimsToSuppress: [],
      },
      accessTokenGeneration: {
        claimsToAddOrOverride: {
          role: 'admin',
          permissions: ['items:read', 'items:write'],
          tenant: 'globex',
        },
        claimsToSuppress: [],
        scopesToAdd: ['items/read', 'items/write'],
        scopesToSuppress: [],
      },
    });
    expect(result.failures).toEqual([]);
  });

  it('gives a reader the member role, read permission and no write scope', () => {
    // Prepare
    const event = refresh();
    event.request.groupConfiguration.groupsToOverride = ['readers'];
    // Act
    const result = build(ISSUE_EXAMPLE, event);
    // Assess
    const access = v2(result.response).accessTokenGeneration;
    expect(access.claimsToAddOrOverride).toMatchObject({
      role: 'member',
      permissions: ['items:read'],
    });
    expect(access.scopesToAdd).toEqual(['items/read']);
  });

  it('leaves permissions out when no group has an entry, and says so at INFO', () => {
    // Prepare
    const event = refresh();
    event.request.groupConfiguration.groupsToOverride = ['staff'];
    // Act
    const result = build(ISSUE_EXAMPLE, event);
    // Assess
    expect(v2(result.response).accessTokenGeneration.claimsToAddOrOverride).not.toHaveProperty(
      'permissions',
    );
    expect(result.failures).toContainEqual(
      expect.objectContaining({
        code: 'ATTRIBUTE_MISSING',
        level: 'INFO',
        claim: 'permissions',
        attribute: 'cognito:groups',
        message: `group list "cognito:groups" has no entry in "map"; claim "permissions" left out`,
      }),
    );
  });

  it("takes a federated user's tenant from the IdP rule, and suppresses the admin scope for that IdP", () => {
    // Prepare: Jane signs in through AcmeOIDC; custom:tenant_id is "acme".
    const event = federated();
    event.request.userAttributes['custom:tenant_id'] = '  ACME-EU ';
    event.request.userAttributes['custom:org'] = 'ignored';
    // Act
    const result = build(ISSUE_EXAMPLE, event);
    // Assess
    const details = v2(result.response);
    expect(details.idTokenGeneration?.claimsToAddOrOverride).toEqual({
      tenant: 'acme-eu',
      email_domain: 'acme.example',
    });
    expect(details.accessTokenGeneration.scopesToSuppress).toEqual([
      'aws.cognito.signin.user.admin',
    ]);
  });

  it('falls back to the next rule when the first that holds yields nothing, without a record', () => {
    // Prepare: the IdP rule holds but custom:tenant_id is absent; custom:org is there.
    const event = federated();
    delete event.request.userAttributes['custom:tenant_id'];
    event.request.userAttributes['custom:org'] = 'ACME';
    // Act
    const result = build(ISSUE_EXAMPLE, event);
    // Assess
    expect(v2(result.response).idTokenGeneration?.claimsToAddOrOverride.tenant).toBe('acme');
    expect(result.failures.filter((f) => f.claim === 'tenant')).toEqual([]);
  });

  it('adds seats only for a listed plan, on a listed trigger source', () => {
    // Prepare
    const pro = refresh();
    pro.request.userAttributes['custom:plan'] = 'pro';
    pro.request.userAttributes['custom:seats'] = '25';
    const gold = refresh();
    gold.request.userAttributes['custom:seats'] = '25';
    const newPassword = structuredClone(pro) as Event & { triggerSource: string };
    newPassword.triggerSource = 'TokenGeneration_NewPasswordChallenge';
    // Act
    const [forPro, forGold, onNewPassword] = [pro, gold, newPassword].map(
      (event) =>
        v2(build(ISSUE_EXAMPLE, event).response).accessTokenGeneration.claimsToAddOrOverride,
    );
    // Assess
    expect(forPro?.seats).toBe(25);
    expect(forGold).not.toHaveProperty('seats');
    expect(onNewPassword).not.toHaveProperty('seats');
  });

  it('leaves email_domain out for an email with no "@"', () => {
    // Prepare
    const event = refresh();
    event.request.userAttributes.email = 'not-an-address';
    // Act
    const result = build(ISSUE_EXAMPLE, event);
    // Assess
    expect(v2(result.response).idTokenGeneration?.claimsToAddOrOverride).not.toHaveProperty(
      'email_domain',
    );
    expect(result.failures).toContainEqual(
      expect.objectContaining({
        code: 'ATTRIBUTE_MISSING',
        level: 'INFO',
        claim: 'email_domain',
        length: 'not-an-address'.length,
        message:
          'user attribute "email" gives nothing after its "transform"; claim "email_domain" left out',
      }),
    );
    expect(JSON.stringify(result.failures)).not.toContain('not-an-address');
  });

  it('tries the rules for one claim in order, per token: the first that holds and yields wins', () => {
    // Prepare
    const config = {
      claims: [
        { claim: 'tier', from: 'custom:tier', tokens: ['access'] },
        { claim: 'tier', from: 'custom:plan', tokens: ['id', 'access'] },
        { claim: 'tier', value: 'free' },
      ],
    };
    const event = refresh();
    event.request.userAttributes['custom:tier'] = 'platinum';
    // Act
    const details = v2(build(config, event).response);
    // Assess
    expect(details.accessTokenGeneration.claimsToAddOrOverride.tier).toBe('platinum');
    expect(details.idTokenGeneration?.claimsToAddOrOverride.tier).toBe('gold');
  });

  it("counts a rule's default as its value, so the chain stops there", () => {
    // Prepare
    const config = {
      claims: [
        { claim: 'tier', from: 'custom:tier', default: 'trial', when: { groups: ['admins'] } },
        { claim: 'tier', from: 'custom:plan' },
      ],
    };
    // Act
    const admin = v2(build(config, refresh()).response);
    const reader = refresh();
    reader.request.groupConfiguration.groupsToOverride = ['readers'];
    const notAdmin = v2(build(config, reader).response);
    // Assess
    expect(admin.idTokenGeneration?.claimsToAddOrOverride.tier).toBe('trial');
    expect(notAdmin.idTokenGeneration?.claimsToAddOrOverride.tier).toBe('gold');
  });

  it('uses the default for a value that does not convert, and records the mismatch', () => {
    // Prepare
    const config = {
      claims: [{ claim: 'level', from: 'custom:level', type: 'number', default: 0 }],
    };
    const event = refresh();
    event.request.userAttributes['custom:level'] = 'high';
    // Act
    const result = build(config, event);
    // Assess
    expect(v2(result.response).idTokenGeneration?.claimsToAddOrOverride.level).toBe(0);
    expect(result.failures).toEqual([
      expect.objectContaining({ code: 'TYPE_MISMATCH', level: 'WARN', claim: 'level' }),
    ]);
  });

  it('keeps a broken value on record as a warning when a later rule gives the claim', () => {
    // Prepare
    const config = {
      claims: [
        { claim: 'level', from: 'custom:level', type: 'number', required: true },
        { claim: 'level', from: 'custom:grade', type: 'number' },
      ],
    };
    const event = refresh();
    event.request.userAttributes['custom:level'] = 'high';
    event.request.userAttributes['custom:grade'] = '3';
    // Act
    const result = build(config, event);
    // Assess
    expect(result.deniedClaim).toBeUndefined();
    expect(v2(result.response).idTokenGeneration?.claimsToAddOrOverride.level).toBe(3);
    expect(result.failures).toEqual([
      expect.objectContaining({
        code: 'TYPE_MISMATCH',
        level: 'WARN',
        message: expect.stringMatching(/claim "level" taken from a later rule$/),
      }),
    ]);
  });

  describe('required', () => {
    const config = {
      claims: [
        { claim: 'org', from: 'custom:org', required: true, when: { groups: ['admins'] } },
        { claim: 'org', from: 'custom:tenant_id' },
      ],
    };

    it('is met by a later rule of the chain', () => {
      // Prepare: jdoe is an admin without custom:org; custom:tenant_id is "globex".
      const event = refresh();
      // Act
      const result = build(config, event);
      // Assess
      expect(result.deniedClaim).toBeUndefined();
      expect(v2(result.response).idTokenGeneration?.claimsToAddOrOverride.org).toBe('globex');
      expect(result.failures).toEqual([]);
    });

    it('denies the sign-in when its conditions hold and no rule of the chain yields', () => {
      // Prepare
      const event = refresh();
      delete event.request.userAttributes['custom:tenant_id'];
      // Act
      const result = build(config, event);
      // Assess
      expect(result.deniedClaim).toBe('org');
      expect(result.failures).toEqual([
        expect.objectContaining({
          code: 'ATTRIBUTE_MISSING',
          level: 'ERROR',
          claim: 'org',
          attribute: 'custom:org',
          required: true,
          message: 'user attribute "custom:org" is absent; claim "org" is required: sign-in denied',
        }),
        expect.objectContaining({ level: 'INFO', attribute: 'custom:tenant_id', required: false }),
      ]);
    });

    it('requires nothing when its conditions do not hold', () => {
      // Prepare
      const event = refresh();
      event.request.groupConfiguration.groupsToOverride = ['readers'];
      delete event.request.userAttributes['custom:tenant_id'];
      // Act
      const result = build(config, event);
      // Assess
      expect(result.deniedClaim).toBeUndefined();
      expect(v2(result.response).idTokenGeneration?.claimsToAddOrOverride).not.toHaveProperty(
        'org',
      );
    });

    it('requires the claim in each token the rule writes', () => {
      // Prepare: the access token gets "org" from the second rule, the ID token from none.
      const event = refresh();
      const perToken = {
        claims: [
          { claim: 'org', from: 'custom:org', required: true },
          { claim: 'org', from: 'custom:tenant_id', tokens: ['access'] },
        ],
      };
      // Act
      const result = build(perToken, event);
      // Assess
      expect(result.deniedClaim).toBe('org');
    });
  });

  it('answers a version 1 event with string values, and records what it cannot apply', () => {
    // Prepare
    const event = getTestEvent<Event>('pre-token-generation/v1-authentication');
    const config = {
      claims: [
        {
          claim: 'permissions',
          from: 'cognito:groups',
          map: { admins: ['items:read', 'items:write'] },
          tokens: ['id'],
        },
        { claim: 'role', value: 'admin', tokens: ['access'], when: { groups: ['admins'] } },
        { claim: 'role', value: 'member', tokens: ['access'], when: { groups: ['readers'] } },
        { claim: 'domain', from: 'email', transform: [{ after: '@' }], tokens: ['id'] },
      ],
      scopes: { add: [{ scope: 'items/write', when: { groups: ['admins'] } }] },
    };
    // Act
    const result = build(config, event);
    // Assess
    expect(result.response).toEqual({
      claimsOverrideDetails: {
        claimsToAddOrOverride: {
          permissions: '["items:read","items:write"]',
          domain: 'example.com',
        },
        claimsToSuppress: [],
      },
    });
    expect(result.failures.map((f) => [f.code, f.claim])).toEqual([
      ['ACCESS_TOKEN_NOT_CUSTOMISED', 'role'],
      ['ACCESS_TOKEN_NOT_CUSTOMISED', undefined],
    ]);
  });

  it('answers client credentials with static rules and unconditional scopes only', () => {
    // Prepare
    const event = getTestEvent('pre-token-generation/v3-client-credentials');
    // Act
    const result = build(ISSUE_EXAMPLE, event);
    // Assess
    expect(result.response).toEqual({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: {
          claimsToAddOrOverride: { role: 'member' },
          claimsToSuppress: [],
          scopesToAdd: ['items/read'],
          scopesToSuppress: [],
        },
      },
    });
    expect(result.failures).toEqual([]);
  });

  it('writes no groupOverrideDetails for rules that read groups, only for a groups rewrite', () => {
    // Act
    const details = v2(build(ISSUE_EXAMPLE, refresh()).response);
    // Assess
    expect(details).not.toHaveProperty('groupOverrideDetails');
  });

  it('never adds a scope the app client grants, even from a config the validator did not see', () => {
    // Prepare
    const config = parseConfig({ claims: [], scopes: { add: ['items/read'] } });
    const unchecked = {
      ...config,
      scopes: {
        add: ['openid', 'items/read'],
        suppress: [],
        addWhen: [{ scope: 'aws.cognito.signin.user.admin', when: { groups: ['admins'] } }],
      },
    };
    // Act
    const result = buildResponse(
      compileConfig(unchecked, RULE_FEATURES),
      toTokenRequest(refresh()),
    );
    // Assess
    expect(v2(result.response).accessTokenGeneration.scopesToAdd).toEqual(['items/read']);
    expect(result.failures.map((f) => f.code)).toEqual([
      'RESERVED_CLAIM_DROPPED',
      'RESERVED_CLAIM_DROPPED',
    ]);
  });
});
