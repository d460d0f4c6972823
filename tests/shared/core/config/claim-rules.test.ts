/** The claims and scopes sections: conditions, order, transforms, maps, scopes by group. */
import { parseConfig } from '../../../../shared/core/config/parse-config';
import { ConfigError } from '../../../../shared/core/errors';

const issuesOf = (input: unknown): { path: string; message: string }[] => {
  try {
    parseConfig(input, 'test');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  throw new Error('expected the config to be rejected');
};

const rules = (...claims: Record<string, unknown>[]) => ({ claims });

describe('claim rules in the config', () => {
  it('keeps when, map and transform on the validated rule', () => {
    // Act
    const config = parseConfig(
      rules(
        {
          claim: 'permissions',
          from: 'cognito:groups',
          map: { admins: ['items:read', 'items:write'] },
          when: { triggerSources: ['TokenGeneration_RefreshTokens'] },
          tokens: ['access'],
        },
        { claim: 'domain', from: 'email', transform: ['trim', { after: '@' }] },
      ),
    );
    // Assess
    expect(config.claims).toEqual([
      {
        claim: 'permissions',
        from: 'cognito:groups',
        tokens: ['access'],
        type: 'string[]',
        required: false,
        sensitive: false,
        when: { triggerSources: ['TokenGeneration_RefreshTokens'] },
        map: { admins: ['items:read', 'items:write'] },
      },
      {
        claim: 'domain',
        from: 'email',
        tokens: ['id', 'access'],
        type: 'string',
        required: false,
        sensitive: false,
        transform: ['trim', { after: '@' }],
      },
    ]);
  });

  it('accepts fallback chains: rules for one claim that may yield nothing, then a static value', () => {
    // Act
    const config = parseConfig(
      rules(
        { claim: 'role', value: 'admin', when: { groups: ['admins'] } },
        { claim: 'tenant', from: 'custom:tenant_id', required: true },
        { claim: 'tenant', from: 'custom:org' },
        { claim: 'role', value: 'member' },
        { claim: 'plan', value: 'web', clients: ['web'] },
        { claim: 'plan', value: 'other', clients: ['mobile'] },
      ),
    );
    // Assess
    expect(config.claims).toHaveLength(6);
  });

  it('splits scopes into unconditional names and entries with a condition', () => {
    // Act
    const config = parseConfig({
      claims: [],
      scopes: {
        add: ['items/read', { scope: 'items/write', when: { groups: ['admins'] } }],
        suppress: [{ scope: 'aws.cognito.signin.user.admin', when: { providers: ['AcmeAzure'] } }],
      },
    });
    // Assess
    expect(config.scopes).toEqual({
      add: ['items/read'],
      suppress: [],
      addWhen: [{ scope: 'items/write', when: { groups: ['admins'] } }],
      suppressWhen: [
        { scope: 'aws.cognito.signin.user.admin', when: { providers: ['AcmeAzure'] } },
      ],
    });
  });

  describe('refuses, naming the path,', () => {
    it.each([
      [
        'a rule after one that always yields, for the same claim, token and clients',
        rules(
          { claim: 'role', value: 'member' },
          { claim: 'role', value: 'admin', when: { groups: ['admins'] } },
        ),
        '$.claims[1]',
        /never tried for the ID and access tokens: \$\.claims\[0\] always gives "role" a value first for every app client/,
      ],
      [
        'a rule after one with a default',
        rules(
          { claim: 'tier', from: 'custom:tier', default: 'free' },
          { claim: 'tier', from: 'custom:plan' },
        ),
        '$.claims[1]',
        /never tried/,
      ],
      [
        'a rule whose clients an earlier always-yielding rule covers',
        rules(
          { claim: 'plan', value: 'pro', clients: ['web', 'mobile'] },
          { claim: 'plan', from: 'custom:plan', clients: ['web'] },
        ),
        '$.claims[1]',
        /for app clients web, mobile/,
      ],
      [
        'a rule that is never tried in one of its tokens',
        rules(
          { claim: 'plan', value: 'pro', tokens: ['access'] },
          { claim: 'plan', from: 'custom:plan' },
        ),
        '$.claims[1]',
        /never tried for the access token/,
      ],
      [
        'two always-yielding rules for overlapping clients',
        rules(
          { claim: 'plan', value: 'a', clients: ['web', 'mobile'] },
          { claim: 'plan', value: 'b', clients: ['mobile', 'tv'] },
        ),
        '$.claims[1]',
        /\$\.claims\[0\] and this rule both always give "plan" a value in the ID and access tokens/,
      ],
      [
        'a transform on a number claim',
        rules({ claim: 'n', from: 'custom:n', type: 'number', transform: ['trim'] }),
        '$.claims[0].transform',
        /"number" claims cannot have one/,
      ],
      [
        'a transform on a static value',
        rules({ claim: 'n', value: 'x', transform: ['trim'] }),
        '$.claims[0].transform',
        /write the static "value" as it should be/,
      ],
      [
        'a map on a json claim',
        rules({ claim: 'p', from: 'custom:p', type: 'json', map: { a: 'b' } }),
        '$.claims[0].map',
        /"json" claims cannot have one/,
      ],
      [
        'a list in the map of a string claim',
        rules({ claim: 'role', from: 'custom:role', map: { admin: ['a', 'b'] } }),
        '$.claims[0].map.admin',
        /make the claim "type": "string\[\]"/,
      ],
      [
        'an empty map',
        rules({ claim: 'role', from: 'custom:role', map: {} }),
        '$.claims[0].map',
        /at least one entry/,
      ],
      [
        'a map entry that is not text',
        rules({ claim: 'role', from: 'custom:role', map: { admin: 1 } }),
        '$.claims[0].map.admin',
        /a string or an array of strings/,
      ],
      [
        'cognito:groups into a string claim',
        rules({ claim: 'g', from: 'cognito:groups', type: 'string' }),
        '$.claims[0].type',
        /list of groups: its claim is "string\[\]"/,
      ],
      [
        'an empty when',
        rules({ claim: 'x', value: 'y', when: {} }),
        '$.claims[0].when',
        /give at least one of "groups", "providers", "triggerSources", "attributes"/,
      ],
      [
        'an empty group list',
        rules({ claim: 'x', value: 'y', when: { groups: [] } }),
        '$.claims[0].when.groups',
        /list at least one group, or leave "groups" out/,
      ],
      [
        'an unknown condition',
        rules({ claim: 'x', value: 'y', when: { roles: ['a'] } }),
        '$.claims[0].when.roles',
        /unknown key/,
      ],
      [
        'an unknown trigger source',
        rules({ claim: 'x', value: 'y', when: { triggerSources: ['TokenGeneration_Refresh'] } }),
        '$.claims[0].when.triggerSources[0]',
        /"TokenGeneration_RefreshTokens"/,
      ],
      [
        'an attribute condition with no values',
        rules({ claim: 'x', value: 'y', when: { attributes: { 'custom:plan': [] } } }),
        '$.claims[0].when.attributes["custom:plan"]',
        /list at least one value/,
      ],
      [
        'an attribute condition with no attribute',
        rules({ claim: 'x', value: 'y', when: { attributes: {} } }),
        '$.claims[0].when.attributes',
        /name at least one attribute/,
      ],
      [
        'an unknown transform step',
        rules({ claim: 'x', from: 'email', transform: ['capitalise'] }),
        '$.claims[0].transform[0]',
        /expected "trim", "lowercase", "uppercase"/,
      ],
      [
        'an empty separator',
        rules({ claim: 'x', from: 'email', transform: [{ after: '' }] }),
        '$.claims[0].transform[0].after',
        /a separator must not be empty/,
      ],
      [
        'a replace of nothing',
        rules({ claim: 'x', from: 'email', transform: [{ replace: { from: '', to: 'x' } }] }),
        '$.claims[0].transform[0].replace.from',
        /must not be empty/,
      ],
      [
        'an empty transform',
        rules({ claim: 'x', from: 'email', transform: [] }),
        '$.claims[0].transform',
        /list at least one step/,
      ],
      [
        'a scope the app client grants, added',
        { claims: [], scopes: { add: ['openid'] } },
        '$.scopes.add[0]',
        /granted by the app client's settings/,
      ],
      [
        'a scope the app client grants, added by group',
        {
          claims: [],
          scopes: { add: [{ scope: 'aws.cognito.signin.user.admin', when: { groups: ['a'] } }] },
        },
        '$.scopes.add[0].scope',
        /never added by the trigger/,
      ],
      [
        'a scope entry without a condition',
        { claims: [], scopes: { add: [{ scope: 'items/write' }] } },
        '$.scopes.add[0]',
        /a scope as a string, or \{"scope": "...", "when": \{...\}\}/,
      ],
      [
        'a scope entry with an empty condition',
        { claims: [], scopes: { suppress: [{ scope: 'items/write', when: {} }] } },
        '$.scopes.suppress[0].when',
        /give at least one of/,
      ],
      [
        'a conditional scope with a space',
        { claims: [], scopes: { add: [{ scope: 'items write', when: { groups: ['a'] } }] } },
        '$.scopes.add[0].scope',
        /spaces/,
      ],
      [
        'a scope added by group and suppressed',
        {
          claims: [],
          scopes: { add: [{ scope: 'x', when: { groups: ['a'] } }], suppress: ['x'] },
        },
        '$.scopes.add[0]',
        /both added and suppressed/,
      ],
    ])('%s', (_name, input, path, message) => {
      // Act
      const issues = issuesOf(input);
      // Assess
      expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
    });
  });

  it('reports every rule problem of a document in one pass', () => {
    // Act
    const issues = issuesOf(
      rules(
        { claim: 'role', value: 'member' },
        { claim: 'role', value: 'admin', when: { groups: ['admins'] } },
        { claim: 'n', from: 'custom:n', type: 'boolean', transform: ['trim'] },
        { claim: 'x', value: 'y', when: { groups: [] } },
      ),
    );
    // Assess
    expect(issues.map((issue) => issue.path)).toEqual([
      '$.claims[1]',
      '$.claims[2].transform',
      '$.claims[3].when.groups',
    ]);
  });
});
