import {
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { readUserGroups } from '../../../cli/common/user-groups';

const cognito = mockClient(CognitoIdentityProviderClient);
const USER = { userPoolId: 'eu-west-1_AbC123', username: 'maria' };
const CONTEXT = { operation: 'AdminListGroupsForUser', region: 'eu-west-1' };

afterEach(() => cognito.reset());
afterAll(() => cognito.restore());

describe('readUserGroups', () => {
  it('follows every page, past the 60 groups one page holds', async () => {
    // Prepare
    const names = Array.from({ length: 75 }, (_, i) => `group-${i}`);
    cognito
      .on(AdminListGroupsForUserCommand, { NextToken: undefined })
      .resolves({ Groups: names.slice(0, 60).map((GroupName) => ({ GroupName })), NextToken: 'p2' })
      .on(AdminListGroupsForUserCommand, { NextToken: 'p2' })
      .resolves({ Groups: names.slice(60).map((GroupName) => ({ GroupName })) });
    // Act
    const groups = await readUserGroups(new CognitoIdentityProviderClient({}), USER, CONTEXT);
    // Assess
    expect(groups).toEqual(names);
  });

  it('gives undefined where the endpoint does not implement the call', async () => {
    // Prepare
    cognito
      .on(AdminListGroupsForUserCommand)
      .rejects(
        Object.assign(new Error('not implemented'), { name: 'UnsupportedOperationException' }),
      );
    // Act
    const groups = await readUserGroups(new CognitoIdentityProviderClient({}), USER, CONTEXT);
    // Assess
    expect(groups).toBeUndefined();
  });
});
