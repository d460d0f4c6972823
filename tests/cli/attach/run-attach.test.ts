/**
 * `cognito-claims attach` through the dispatcher: the config found as every command finds it,
 * the question asked only on a terminal and never with --json, exit codes.
 */
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { runCli } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';

const POOL_ID = 'eu-west-1_AbCdEf123';
const arn = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;
const CONFIG = JSON.stringify({
  claims: [{ claim: 'tenant_id', from: 'custom:tenant_id', required: true }],
});
const ARGS = [
  'attach',
  '--user-pool-id',
  POOL_ID,
  '--pre-token-arn',
  arn('pre'),
  '--post-authentication-arn',
  arn('post'),
];

const cognito = mockClient(CognitoIdentityProviderClient);
afterAll(() => cognito.restore());

const servePool = () => {
  cognito.reset();
  cognito.on(DescribeUserPoolCommand).resolves({
    UserPool: {
      Id: POOL_ID,
      Name: 'acme-prod',
      UserPoolTier: 'ESSENTIALS',
      SchemaAttributes: [{ Name: 'custom:tenant_id', Mutable: true }],
    },
  });
  cognito.on(UpdateUserPoolCommand).resolves({});
};

describe('cognito-claims attach', () => {
  it('names the JSON path of a bad CLAIMS_CONFIG before calling AWS', async () => {
    // Prepare
    servePool();
    const io = captureIo({ env: { CLAIMS_CONFIG: '{"claims":[{"claim":""}]}' } });

    // Act
    const code = await runCli([...ARGS, '--yes'], io);

    // Assess
    expect(io.err()).toContain('$.claims[0].claim');
    expect(cognito.calls()).toHaveLength(0);
    expect(code).toBe(1);
  });

  it('asks on a terminal and exits 1 with nothing changed on a no', async () => {
    // Prepare
    servePool();
    const questions: string[] = [];
    const io = captureIo({
      env: { CLAIMS_CONFIG: CONFIG },
      confirm: async (question) => {
        questions.push(question);
        return false;
      },
    });

    // Act
    const code = await runCli(ARGS, io);

    // Assess
    expect(questions).toEqual(['Apply these changes? [y/N] ']);
    expect(io.out()).toContain('Nothing was changed.');
    expect(cognito.commandCalls(UpdateUserPoolCommand)).toHaveLength(0);
    expect(code).toBe(1);
  });

  it('never asks with --json, and applies with --yes', async () => {
    // Prepare
    servePool();
    const io = captureIo({
      env: { CLAIMS_CONFIG: CONFIG },
      confirm: async () => {
        throw new Error('asked');
      },
    });

    // Act
    const code = await runCli([...ARGS, '--json', '--yes'], io);

    // Assess
    const report = JSON.parse(io.out());
    expect(report).toMatchObject({
      status: 'updated',
      userPoolId: POOL_ID,
      poolName: 'acme-prod',
      preTokenLambdaVersion: 'V2_0',
      configSource: 'environment variable CLAIMS_CONFIG',
      exitCode: 0,
    });
    expect(cognito.commandCalls(UpdateUserPoolCommand)).toHaveLength(1);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
  });
});
