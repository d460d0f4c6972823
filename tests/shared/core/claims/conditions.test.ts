import { compileConfig } from '../../../../shared/core/claims/compile';
import { compileConditions, conditionsHold } from '../../../../shared/core/claims/conditions';
import { RULE_FEATURES } from '../../../../shared/core/claims/rule-features';
import { readSignIn } from '../../../../shared/core/claims/sign-in';
import type { Conditions } from '../../../../shared/core/claims/types';
import { parseConfig } from '../../../../shared/core/config/parse-config';
import { toTokenRequest } from '../../../../shared/runtime/events/cognito-event';
import { getTestEvent } from '../../../helpers/events';

const signInFor = (event: unknown, config: Record<string, unknown> = { claims: [] }) => {
  const compiled = compileConfig(parseConfig(config), RULE_FEATURES);
  return readSignIn(compiled, toTokenRequest(event), []);
};

/** A config whose only rule has this `when`, so the sign-in reads what the condition needs. */
const withWhen = (when: Conditions) => ({ claims: [{ claim: 'x', value: 'y', when }] });

const holds = (when: Conditions, event: unknown) =>
  conditionsHold(compileConditions(when), signInFor(event, withWhen(when)));

// jdoe, in "admins", refreshing tokens, custom:plan "gold", no IdP.
const refresh = () => getTestEvent('pre-token-generation/v2-refresh-tokens');
// Jane, federated through AcmeOIDC, hosted UI.
const federated = () => getTestEvent('pre-token-generation/v2-hosted-auth-federated');
const clientCredentials = () => getTestEvent('pre-token-generation/v3-client-credentials');

describe('conditionsHold', () => {
  it.each([
    ['groups', { groups: ['readers', 'admins'] }, { groups: ['readers'] }],
    ['providers', { providers: ['Cognito'] }, { providers: ['AcmeOIDC'] }],
    [
      'triggerSources',
      { triggerSources: ['TokenGeneration_RefreshTokens'] },
      { triggerSources: ['TokenGeneration_HostedAuth'] },
    ],
    [
      'attributes',
      { attributes: { 'custom:plan': ['pro', 'gold'] } },
      { attributes: { 'custom:plan': ['Gold'] } },
    ],
  ] as [string, Conditions, Conditions][])(
    '%s alone: any listed value matches',
    (_key, yes, no) => {
      // Act
      const matched = holds(yes, refresh());
      const unmatched = holds(no, refresh());
      // Assess
      expect({ matched, unmatched }).toEqual({ matched: true, unmatched: false });
    },
  );

  it('requires every key present to hold', () => {
    // Prepare
    const both: Conditions = {
      groups: ['admins'],
      attributes: { 'custom:plan': ['gold'] },
      triggerSources: ['TokenGeneration_RefreshTokens'],
      providers: ['Cognito'],
    };
    const oneWrong: Conditions = { ...both, triggerSources: ['TokenGeneration_Authentication'] };
    // Act
    const all = holds(both, refresh());
    const allButOne = holds(oneWrong, refresh());
    // Assess
    expect({ all, allButOne }).toEqual({ all: true, allButOne: false });
  });

  it('names a federated user by the IdP their user name starts with', () => {
    // Act
    const acme = holds({ providers: ['AcmeOIDC'] }, federated());
    const cognito = holds({ providers: ['Cognito'] }, federated());
    // Assess
    expect({ acme, cognito }).toEqual({ acme: true, cognito: false });
  });

  it('reads the attribute text exactly, and an absent attribute matches nothing', () => {
    // Prepare
    const event = refresh() as { request: { userAttributes: Record<string, string> } };
    event.request.userAttributes['custom:plan'] = ' gold';
    // Act
    const padded = holds({ attributes: { 'custom:plan': ['gold'] } }, event);
    const absent = holds({ attributes: { 'custom:seats': ['1'] } }, refresh());
    const inherited = holds(
      { attributes: { constructor: ['function Object() { [native code] }'] } },
      refresh(),
    );
    // Assess
    expect({ padded, absent, inherited }).toEqual({
      padded: false,
      absent: false,
      inherited: false,
    });
  });

  it('lets no user condition hold for client credentials, while trigger sources still do', () => {
    // Prepare
    const event = clientCredentials() as {
      request: { groupConfiguration: { groupsToOverride: string[] } };
    };
    event.request.groupConfiguration.groupsToOverride = ['admins'];
    // Act
    const outcome = {
      groups: holds({ groups: ['admins'] }, event),
      providers: holds({ providers: ['Cognito'] }, event),
      attributes: holds({ attributes: { sub: [''] } }, event),
      triggerSources: holds({ triggerSources: ['TokenGeneration_ClientCredentials'] }, event),
    };
    // Assess
    expect(outcome).toEqual({
      groups: false,
      providers: false,
      attributes: false,
      triggerSources: true,
    });
  });

  it('reads the groups after the groups rewrite, when the config has one', () => {
    // Prepare
    const event = refresh() as { request: { userAttributes: Record<string, string> } };
    event.request.userAttributes['custom:groups'] = '["readers"]';
    const when: Conditions = { groups: ['readers'] };
    const config = { ...withWhen(when), groups: { from: 'custom:groups', mode: 'replace' } };
    // Act
    const rewritten = conditionsHold(compileConditions(when), signInFor(event, config));
    const asSent = holds({ groups: ['admins'] }, event);
    // Assess
    expect({ rewritten, asSent }).toEqual({ rewritten: true, asSent: true });
  });
});
