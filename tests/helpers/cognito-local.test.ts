import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startCognitoLocal } from './cognito-local';

describe('startCognitoLocal', () => {
  it('serves the Cognito API on loopback and records the operations it served', async () => {
    // Prepare
    const local = await startCognitoLocal();
    try {
      const client = new CognitoIdentityProviderClient({
        endpoint: local.endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      // Act
      const created = await client.send(new CreateUserPoolCommand({ PoolName: 'helper-test' }));
      const described = await client.send(
        new DescribeUserPoolCommand({ UserPoolId: created.UserPool?.Id }),
      );
      // Assess
      expect(described.UserPool?.Name).toBe('helper-test');
      expect(local.operations()).toEqual(['CreateUserPool', 'DescribeUserPool']);
    } finally {
      await local.stop();
    }
  });
});
