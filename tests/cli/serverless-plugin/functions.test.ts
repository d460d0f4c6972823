import { rolesFor, triggersFor } from '../../../cli/serverless-plugin/functions';
import { parseConfig } from '../../../shared/core/config/parse-config';

describe('triggersFor', () => {
  it('wires Pre Token Generation alone for a config that only adds claims', () => {
    // Prepare
    const raw = { claims: [{ claim: 'org', from: 'custom:org' }] };
    // Act
    const triggers = triggersFor(parseConfig(raw), raw, { userPool: 'P' });
    // Assess
    expect(triggers).toEqual(['preTokenGeneration']);
  });

  it('adds the IdP token guard and inbound federation for IdP tokens', () => {
    // Prepare
    const raw = { claims: [], idpTokens: [{ attribute: 'custom:id_token', format: 'jwt' }] };
    // Act
    const triggers = triggersFor(parseConfig(raw), raw, { userPool: 'P' });
    // Assess
    expect(triggers).toEqual(['postAuthentication', 'postConfirmation', 'inboundFederation']);
  });

  it('takes the triggers named in the options as they are', () => {
    // Prepare
    const raw = { claims: [{ claim: 'org', from: 'custom:org' }] };
    // Act
    const triggers = triggersFor(parseConfig(raw), raw, {
      userPool: 'P',
      triggers: ['inboundFederation', 'inboundFederation'],
    });
    // Assess
    expect(triggers).toEqual(['inboundFederation']);
  });
});

describe('rolesFor', () => {
  it('runs Post confirmation on the Post authentication function', () => {
    // Act
    const roles = rolesFor(['postAuthentication', 'postConfirmation'], true);
    // Assess
    expect(roles).toEqual(['postAuthentication', 'authorizer']);
  });
});
