import { join } from 'node:path';
import {
  CognitoClaimsServerlessPlugin,
  type ServerlessLike,
} from '../../../cli/serverless-plugin/plugin';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'serverless-consumer');

/** Enough of the framework's `serverless` object for the plugin's own decisions. */
const fakeServerless = (cognitoClaims: unknown, pool: Record<string, unknown>): ServerlessLike => ({
  serviceDir: FIXTURE,
  service: {
    service: 'svc',
    custom: { cognitoClaims },
    functions: {},
    resources: { Resources: { Pool: { Type: 'AWS::Cognito::UserPool', ...pool } } },
    provider: { compiledCloudFormationTemplate: { Resources: {} } },
    setFunctionNames: () => undefined,
  },
  classes: { Error },
});

describe('CognitoClaimsServerlessPlugin', () => {
  it('refuses userPool and existingUserPoolId together for a pool the service always creates', () => {
    // Prepare
    const serverless = fakeServerless(
      {
        userPool: 'Pool',
        existingUserPoolId: 'eu-west-1_AbC123',
        authorizer: { appClientIds: ['client'] },
      },
      {},
    );
    const plugin = new CognitoClaimsServerlessPlugin(serverless);
    // Act
    const run = () => plugin.addFunctions();
    // Assess
    expect(run).toThrow('both only when Pool has a Condition');
  });

  it('issues tokens for whichever pool a conditional stack ends up with', () => {
    // Prepare
    const serverless = fakeServerless(
      {
        userPool: 'Pool',
        existingUserPoolId: 'eu-west-1_AbC123',
        triggers: [],
        authorizer: { appClientIds: ['client'] },
      },
      { Condition: 'CreatePool' },
    );
    const plugin = new CognitoClaimsServerlessPlugin(serverless);
    // Act
    plugin.addFunctions();
    // Assess
    const authorizer = serverless.service.functions.cognitoClaimsAuthorizer as {
      environment: { JWT_ISSUER_URL: { 'Fn::Join': [string, unknown[]] } };
    };
    expect(authorizer.environment.JWT_ISSUER_URL['Fn::Join'][1][3]).toEqual({
      'Fn::If': ['CreatePool', { Ref: 'Pool' }, 'eu-west-1_AbC123'],
    });
  });
});
