import { ATTACH_USAGE, parseAttachArgs } from '../../../cli/attach/attach-args';
import { AttachError } from '../../../shared/core/errors';

const arn = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;

describe('parseAttachArgs', () => {
  it('takes the region from the pool id and names the stack after service and stage', () => {
    // Act
    const args = parseAttachArgs(['--user-pool-id', 'ap-southeast-2_AbC123', '--stage', 'prod']);
    // Assess
    expect(args).toMatchObject({
      userPoolId: 'ap-southeast-2_AbC123',
      region: 'ap-southeast-2',
      stage: 'prod',
      stackName: 'cognito-claims-prod',
      configPath: 'claims.config.json',
      yes: false,
      replaceTriggers: false,
    });
    expect(args).not.toHaveProperty('arns');
  });

  it('accepts an emulator pool id with an explicit region and endpoint', () => {
    // Act
    const args = parseAttachArgs(
      ['--user-pool-id', 'local_4sZFC0Bq', '--endpoint', 'http://127.0.0.1:9229', '--yes'],
      { AWS_REGION: 'eu-west-1' },
    );
    // Assess
    expect(args).toMatchObject({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9229',
      yes: true,
    });
  });

  it.each([
    [[], '--user-pool-id is required'],
    [['--user-pool-id', 'not a pool'], '--user-pool-id: expected <region>_<id>'],
    [
      ['--user-pool-id', 'eu-west-1_A', '--lambda-version', 'V9'],
      '--lambda-version: expected V1_0, V2_0 or V3_0',
    ],
    [
      ['--user-pool-id', 'eu-west-1_A', '--pre-token-arn', 'my-function'],
      '--pre-token-arn: expected a Lambda function ARN',
    ],
    [['--user-pool-id', 'eu-west-1_A', '--pre-token-arn', arn('a')], 'go together'],
    [
      ['--user-pool-id', 'eu-west-1_A', '--endpoint', 'localhost:9229'],
      '--endpoint: expected an http(s) URL',
    ],
    [['--user-pool-id', 'eu-west-1_A', '--stage', 'prod stage'], '--stage: expected letters'],
    [['--user-pool-id', 'eu-west-1_A', '--force'], "Unknown option '--force'"],
    [['--user-pool-id', 'local_A'], '--region is required'],
  ])('rejects %j naming the flag', (argv, message) => {
    // Act
    const parse = () => parseAttachArgs(argv as string[]);
    // Assess
    expect(parse).toThrow(AttachError);
    expect(parse).toThrow(message);
  });

  it('accepts exactly the event versions its help lists, and says what V1_0 leaves out', () => {
    // Act
    const versions = ['V1_0', 'V2_0', 'V3_0'].map(
      (version) =>
        parseAttachArgs(['--user-pool-id', 'eu-west-1_A', '--lambda-version', version])
          .lambdaVersion,
    );
    // Assess
    expect(versions).toEqual(['V1_0', 'V2_0', 'V3_0']);
    expect(ATTACH_USAGE).toContain('--lambda-version V1_0|V2_0|V3_0');
    expect(ATTACH_USAGE).toMatch(/V1_0 changes only the ID token and is refused/);
  });

  it('collects the function ARNs given as flags', () => {
    // Act
    const args = parseAttachArgs([
      '--user-pool-id',
      'eu-west-1_A',
      '--pre-token-arn',
      arn('pre'),
      '--post-authentication-arn',
      arn('post'),
      '--inbound-federation-arn',
      arn('inbound'),
    ]);
    // Assess
    expect(args.arns).toEqual({
      preTokenGeneration: arn('pre'),
      postAuthentication: arn('post'),
      inboundFederation: arn('inbound'),
    });
  });
});
