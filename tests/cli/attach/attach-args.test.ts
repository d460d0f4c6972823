import { ATTACH_USAGE, parseAttachArgs } from '../../../cli/attach/attach-args';
import { UsageError } from '../../../cli/common/errors';

const arn = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;

describe('parseAttachArgs', () => {
  it('takes the region from the pool id and names the stack after service and stage', () => {
    // Act
    const args = parseAttachArgs(['--user-pool-id', 'ap-southeast-2_AbC123', '--stage', 'prod']);
    // Assess
    expect(args).toMatchObject({
      userPoolId: 'ap-southeast-2_AbC123',
      region: { region: 'ap-southeast-2', source: 'the user pool ID' },
      stage: 'prod',
      stackName: 'cognito-claims-prod',
      json: false,
      yes: false,
      replaceTriggers: false,
      aws: { maxAttempts: 5, timeoutMs: 10_000 },
    });
    // No --config: the config is found as every command finds it (CLAIMS_CONFIG, ./claims.config.json).
    expect(args).not.toHaveProperty('configPath');
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
      region: { region: 'eu-west-1', source: 'AWS_REGION' },
      aws: { endpoint: 'http://127.0.0.1:9229' },
      yes: true,
    });
  });

  it('takes the flags every command shares', () => {
    // Act
    const args = parseAttachArgs([
      '--user-pool-id',
      'eu-west-1_A',
      '--config',
      'my.config.json',
      '--json',
      '--timeout',
      '2.5',
      '--max-attempts',
      '2',
    ]);
    // Assess
    expect(args).toMatchObject({
      configPath: 'my.config.json',
      json: true,
      aws: { timeoutMs: 2500, maxAttempts: 2 },
    });
  });

  it('returns nothing for --help', () => {
    // Act
    const args = parseAttachArgs(['--help']);
    // Assess
    expect(args).toBeUndefined();
  });

  it.each([
    [[], '--user-pool-id is required'],
    [['--user-pool-id', 'not a pool'], '--user-pool-id "not a pool" is not a user pool ID'],
    [
      ['--user-pool-id', 'eu-west-1_A', '--lambda-version', 'V9'],
      '--lambda-version "V9": expected V1_0, V2_0 or V3_0',
    ],
    [
      ['--user-pool-id', 'eu-west-1_A', '--pre-token-arn', 'my-function'],
      '--pre-token-arn "my-function" is not a Lambda function ARN',
    ],
    [['--user-pool-id', 'eu-west-1_A', '--pre-token-arn', arn('a')], 'go together'],
    [
      ['--user-pool-id', 'eu-west-1_A', '--endpoint', 'localhost:9229'],
      '--endpoint "localhost:9229" is not an http(s) URL',
    ],
    [['--user-pool-id', 'eu-west-1_A', '--stage', 'prod stage'], '--stage "prod stage": expected'],
    [['--user-pool-id', 'eu-west-1_A', '--force'], 'unknown option --force'],
    [['--user-pool-id', 'eu-west-1_A', '--timeout', 'soon'], '--timeout expects a number'],
    [
      ['--user-pool-id', 'local_A', '--endpoint', 'http://127.0.0.1:9229'],
      'no region: pass --region',
    ],
    [['--user-pool-id', 'local_A'], 'does not start with a region'],
  ])('rejects %j naming the flag', (argv, message) => {
    // Act
    const parse = () => parseAttachArgs(argv as string[]);
    // Assess
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(message);
  });

  it('accepts exactly the event versions its help lists, and says what V1_0 leaves out', () => {
    // Act
    const versions = ['V1_0', 'V2_0', 'V3_0'].map(
      (version) =>
        parseAttachArgs(['--user-pool-id', 'eu-west-1_A', '--lambda-version', version])
          ?.lambdaVersion,
    );
    // Assess
    expect(versions).toEqual(['V1_0', 'V2_0', 'V3_0']);
    expect(ATTACH_USAGE).toContain('--lambda-version V1_0|V2_0|V3_0');
    expect(ATTACH_USAGE.replace(/\s+/g, ' ')).toMatch(
      /V1_0 changes only the ID token and is refused/,
    );
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
    expect(args?.arns).toEqual({
      preTokenGeneration: arn('pre'),
      postAuthentication: arn('post'),
      inboundFederation: arn('inbound'),
    });
  });
});
