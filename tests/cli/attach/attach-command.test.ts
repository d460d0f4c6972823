import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { type AttachArgs, parseAttachArgs } from '../../../cli/attach/attach-args';
import { type AttachDeps, runAttach } from '../../../cli/attach/attach-command';
import { AwsCallError } from '../../../cli/common/errors';
import { parseConfigText } from '../../../shared/core/config/parse-config';
import { AttachError } from '../../../shared/core/errors';

const ROOT = join(__dirname, '..', '..', '..');
const POOL_ID = 'eu-west-1_AbCdEf123';
const arn = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;

const cognitoMock = mockClient(CognitoIdentityProviderClient);
const cloudFormationMock = mockClient(CloudFormationClient);

const stackOutputs = (userPoolId = POOL_ID) => ({
  Stacks: [
    {
      StackName: 'cognito-claims-prod',
      CreationTime: new Date(),
      StackStatus: 'UPDATE_COMPLETE' as const,
      Outputs: [
        { OutputKey: 'PreTokenGenerationFunctionArn', OutputValue: arn('cognito-claims-prod-pre') },
        {
          OutputKey: 'PostAuthenticationFunctionArn',
          OutputValue: arn('cognito-claims-prod-post'),
        },
        { OutputKey: 'InboundFederationFunctionArn', OutputValue: arn('cognito-claims-prod-inb') },
        { OutputKey: 'PreTokenLambdaVersion', OutputValue: 'V2_0' },
        { OutputKey: 'UserPoolId', OutputValue: userPoolId },
      ],
    },
  ],
});

const pool = (extra: Partial<UserPoolType> = {}): UserPoolType => ({
  Id: POOL_ID,
  Name: 'acme-prod',
  UserPoolTier: 'ESSENTIALS',
  Policies: { PasswordPolicy: { MinimumLength: 12 } },
  UserPoolTags: { team: 'identity' },
  LambdaConfig: { PreSignUp: arn('acme-pre-sign-up') },
  ...extra,
});

const deps = (overrides: Partial<AttachDeps> = {}) => {
  const lines: string[] = [];
  return {
    lines,
    deps: {
      cognito: new CognitoIdentityProviderClient({ region: 'eu-west-1' }),
      cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
      print: (line: string) => lines.push(line),
      ...overrides,
    } satisfies AttachDeps,
  };
};

const CONFIG = parseConfigText(
  readFileSync(join(ROOT, 'claims.config.json'), 'utf8'),
  'claims.config.json',
);

const args = (...extra: string[]): AttachArgs => {
  const parsed = parseAttachArgs(['--user-pool-id', POOL_ID, '--stage', 'prod', ...extra]);
  if (!parsed) throw new Error('expected arguments, not --help');
  return parsed;
};

describe('runAttach', () => {
  beforeEach(() => {
    cognitoMock.reset();
    cloudFormationMock.reset();
  });

  it('reads the function ARNs from the stack outputs and writes the merged configuration', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).resolves(stackOutputs());
    cognitoMock.on(DescribeUserPoolCommand).resolves({ UserPool: pool() });
    cognitoMock.on(UpdateUserPoolCommand).resolves({});
    const { deps: d, lines } = deps();
    // Act
    const outcome = await runAttach(args('--yes'), CONFIG, d);
    // Assess
    expect(outcome.status).toBe('updated');
    expect(cloudFormationMock.commandCalls(DescribeStacksCommand)[0]?.args[0].input).toEqual({
      StackName: 'cognito-claims-prod',
    });
    const [update] = cognitoMock.commandCalls(UpdateUserPoolCommand);
    expect(update?.args[0].input).toEqual({
      UserPoolId: POOL_ID,
      PoolName: 'acme-prod',
      UserPoolTier: 'ESSENTIALS',
      Policies: { PasswordPolicy: { MinimumLength: 12 } },
      UserPoolTags: { team: 'identity' },
      LambdaConfig: {
        PreSignUp: arn('acme-pre-sign-up'),
        PreTokenGeneration: arn('cognito-claims-prod-pre'),
        PreTokenGenerationConfig: {
          LambdaArn: arn('cognito-claims-prod-pre'),
          LambdaVersion: 'V2_0',
        },
        PostAuthentication: arn('cognito-claims-prod-post'),
        PostConfirmation: arn('cognito-claims-prod-post'),
        InboundFederation: { LambdaArn: arn('cognito-claims-prod-inb'), LambdaVersion: 'V1_0' },
      },
    });
    expect(lines).toContain(
      'Written back unchanged: Policies, UserPoolTags, UserPoolTier, PoolName.',
    );
  });

  it('refuses a Lite pool for a config with access-token claims and writes nothing', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).resolves(stackOutputs());
    cognitoMock.on(DescribeUserPoolCommand).resolves({ UserPool: pool({ UserPoolTier: 'LITE' }) });
    const { deps: d } = deps();
    // Act
    const attempt = runAttach(args('--yes'), CONFIG, d);
    // Assess
    await expect(attempt).rejects.toThrow(AttachError);
    await expect(attempt).rejects.toThrow(/Lite feature plan.*access token/s);
    expect(cognitoMock.commandCalls(UpdateUserPoolCommand)).toHaveLength(0);
  });

  it('refuses --lambda-version V1_0 for a config with access-token claims and writes nothing', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).resolves(stackOutputs());
    cognitoMock.on(DescribeUserPoolCommand).resolves({ UserPool: pool() });
    const { deps: d } = deps();
    // Act
    const attempt = runAttach(args('--yes', '--lambda-version', 'V1_0'), CONFIG, d);
    // Assess
    await expect(attempt).rejects.toThrow(AttachError);
    await expect(attempt).rejects.toThrow(/V1_0 changes only the ID token.*--lambda-version V2_0/s);
    expect(cognitoMock.commandCalls(UpdateUserPoolCommand)).toHaveLength(0);
  });

  it('refuses a pool without the attribute a required claim reads, since every sign-in would fail', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).resolves(stackOutputs());
    cognitoMock.on(DescribeUserPoolCommand).resolves({
      UserPool: pool({ SchemaAttributes: [{ Name: 'email' }, { Name: 'custom:roles' }] }),
    });
    const { deps: d } = deps();
    // Act
    const attempt = runAttach(args('--yes'), CONFIG, d);
    // Assess
    await expect(attempt).rejects.toThrow(/every sign-in would be refused/);
    await expect(attempt).rejects.toThrow(/"tenant_id" reads custom:tenant_id/);
    expect(cognitoMock.commandCalls(UpdateUserPoolCommand)).toHaveLength(0);
  });

  it('refuses a pool other than the one the stack lets invoke its functions', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).resolves(stackOutputs('eu-west-1_Other999'));
    const { deps: d } = deps();
    // Act
    const attempt = runAttach(args('--yes'), CONFIG, d);
    // Assess
    await expect(attempt).rejects.toThrow(/deployed for user pool eu-west-1_Other999/);
    await expect(attempt).rejects.toThrow(/--param="userPoolId=eu-west-1_AbCdEf123"/);
    expect(cognitoMock.commandCalls(DescribeUserPoolCommand)).toHaveLength(0);
  });

  it('explains a stack it cannot read', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).rejects(
      Object.assign(new Error('Stack with id cognito-claims-prod does not exist'), {
        name: 'ValidationError',
      }),
    );
    const { deps: d } = deps();
    // Act
    const attempt = runAttach(args('--yes'), CONFIG, d);
    // Assess
    await expect(attempt).rejects.toThrow(AwsCallError);
    await expect(attempt).rejects.toThrow(
      'stack "cognito-claims-prod" was not found in eu-west-1: deploy it first (npm run deploy), or pass the --stage or --stack-name it was deployed with, or give the function ARNs as flags',
    );
  });

  it('says credentials are missing, not that the stack needs deploying, when it has none', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );
    const { deps: d } = deps();
    // Act
    const attempt = runAttach(args('--yes'), CONFIG, d);
    // Assess
    await expect(attempt).rejects.toThrow(/^no AWS credentials found: set AWS_PROFILE/);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it('shows the difference and writes nothing when there is no terminal and no --yes', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).resolves(stackOutputs());
    cognitoMock.on(DescribeUserPoolCommand).resolves({ UserPool: pool() });
    const { deps: d, lines } = deps();
    // Act
    const outcome = await runAttach(args(), CONFIG, d);
    // Assess
    expect(outcome.status).toBe('not-applied');
    expect(outcome.changes.map((change) => change.path)).toContain(
      'LambdaConfig.PreTokenGenerationConfig.LambdaVersion',
    );
    expect(lines).toContain('Changes to user pool acme-prod (eu-west-1_AbCdEf123):');
    expect(cognitoMock.commandCalls(UpdateUserPoolCommand)).toHaveLength(0);
  });

  it('asks before writing and writes nothing when the answer is no', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).resolves(stackOutputs());
    cognitoMock.on(DescribeUserPoolCommand).resolves({ UserPool: pool() });
    const questions: string[] = [];
    const { deps: d, lines } = deps({
      confirm: async (question) => {
        questions.push(question);
        return false;
      },
    });
    // Act
    const outcome = await runAttach(args(), CONFIG, d);
    // Assess
    expect(outcome.status).toBe('declined');
    expect(questions).toEqual(['Apply these changes? [y/N] ']);
    expect(lines).toContain('Nothing was changed.');
    expect(cognitoMock.commandCalls(UpdateUserPoolCommand)).toHaveLength(0);
  });

  it('writes after a yes', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).resolves(stackOutputs());
    cognitoMock.on(DescribeUserPoolCommand).resolves({ UserPool: pool() });
    cognitoMock.on(UpdateUserPoolCommand).resolves({});
    const { deps: d } = deps({ confirm: async () => true });
    // Act
    const outcome = await runAttach(args(), CONFIG, d);
    // Assess
    expect(outcome.status).toBe('updated');
    expect(cognitoMock.commandCalls(UpdateUserPoolCommand)).toHaveLength(1);
  });

  it('uses the ARNs given as flags without reading any stack', async () => {
    // Prepare
    cognitoMock.on(DescribeUserPoolCommand).resolves({ UserPool: pool() });
    cognitoMock.on(UpdateUserPoolCommand).resolves({});
    const { deps: d, lines } = deps({ cloudFormation: undefined });
    // Act
    await runAttach(
      args(
        '--yes',
        '--pre-token-arn',
        arn('pre'),
        '--post-authentication-arn',
        arn('post'),
        '--lambda-version',
        'V3_0',
      ),
      CONFIG,
      d,
    );
    // Assess
    const input = cognitoMock.commandCalls(UpdateUserPoolCommand)[0]?.args[0].input;
    expect(input?.LambdaConfig?.PreTokenGenerationConfig).toEqual({
      LambdaArn: arn('pre'),
      LambdaVersion: 'V3_0',
    });
    expect(input?.LambdaConfig).not.toHaveProperty('InboundFederation');
    expect(cloudFormationMock.calls()).toHaveLength(0);
    expect(lines.join('\n')).toContain('must let cognito-idp.amazonaws.com invoke it');
  });
});
