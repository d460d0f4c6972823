import { COGNITO_PROVIDER, providerOf } from '../../../../shared/core/claims/sign-in';
import type { TokenRequest } from '../../../../shared/core/claims/types';

const identity = (providerName: string, primary: boolean) => ({
  userId: `${providerName}-id`,
  providerName,
  providerType: 'OIDC',
  primary,
  dateCreated: 1735689600000,
});

const request = (identities: unknown, userName?: string): TokenRequest => ({
  version: '2',
  triggerSource: 'TokenGeneration_HostedAuth',
  ...(userName ? { userName } : {}),
  userAttributes: identities === undefined ? {} : { identities },
});

describe('providerOf', () => {
  it('is "Cognito" for a user without IdP identities', () => {
    // Act
    const none = providerOf(request(undefined));
    const emptyList = providerOf(request('[]'));
    // Assess
    expect({ none, emptyList }).toEqual({ none: COGNITO_PROVIDER, emptyList: COGNITO_PROVIDER });
  });

  it('is the identity whose provider name prefixes the user name, whatever its case', () => {
    // Prepare
    const linked = JSON.stringify([identity('Google', true), identity('AcmeAzure', false)]);
    // Act
    const provider = providerOf(request(linked, 'acmeazure_3f9c'));
    // Assess
    expect(provider).toBe('AcmeAzure');
  });

  it('is the primary identity when the user name names none', () => {
    // Prepare
    const linked = JSON.stringify([identity('AcmeAzure', false), identity('Google', true)]);
    // Act
    const provider = providerOf(request(linked, 'jdoe'));
    // Assess
    expect(provider).toBe('Google');
  });

  it('names no provider when the identities attribute cannot be read', () => {
    // Act
    const provider = providerOf(request('{not json'));
    // Assess
    expect(provider).toBeUndefined();
  });
});
