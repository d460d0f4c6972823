import { type Template, wireUserPool } from '../../../cli/serverless-plugin/template';

const POOL = 'MyUserPool';
const IDS = {
  preTokenGeneration: 'CognitoClaimsPreTokenGenerationLambdaFunction',
  postAuthentication: 'CognitoClaimsPostAuthenticationLambdaFunction',
  postConfirmation: 'CognitoClaimsPostAuthenticationLambdaFunction',
  inboundFederation: 'CognitoClaimsInboundFederationLambdaFunction',
} as const;
const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

const poolWith = (lambdaConfig: Record<string, unknown>): Template => ({
  Resources: {
    [POOL]: { Type: 'AWS::Cognito::UserPool', Properties: { LambdaConfig: lambdaConfig } },
  },
});

const wire = (template: Template, triggers = Object.keys(IDS)) =>
  wireUserPool(template, {
    poolLogicalId: POOL,
    triggers: triggers as (keyof typeof IDS)[],
    functionLogicalIds: IDS,
    preTokenLambdaVersion: 'V2_0',
  });

describe('wireUserPool', () => {
  it('wires every trigger by ARN beside the triggers the user set', () => {
    // Prepare
    const template = poolWith({ PreSignUp: arn('MySignUp') });
    // Act
    const warnings = wire(template);
    // Assess
    expect(warnings).toEqual([]);
    expect(template.Resources[POOL]?.Properties?.LambdaConfig).toEqual({
      PreSignUp: arn('MySignUp'),
      PreTokenGenerationConfig: { LambdaArn: arn(IDS.preTokenGeneration), LambdaVersion: 'V2_0' },
      PostAuthentication: arn(IDS.postAuthentication),
      PostConfirmation: arn(IDS.postAuthentication),
      InboundFederation: { LambdaArn: arn(IDS.inboundFederation), LambdaVersion: 'V1_0' },
    });
  });

  it("keeps the user's own Post confirmation function, with a warning", () => {
    // Prepare
    const template = poolWith({ PostConfirmation: arn('Welcome') });
    // Act
    const warnings = wire(template);
    // Assess
    expect(template.Resources[POOL]?.Properties?.LambdaConfig).toMatchObject({
      PostConfirmation: arn('Welcome'),
    });
    expect(warnings).toEqual([
      expect.stringContaining(
        "keeps its own Post confirmation trigger (function Welcome): a user's first federated sign-in then goes unchecked",
      ),
    ]);
  });

  it.each([
    ['Post authentication', { PostAuthentication: arn('Audit') }, 'function Audit'],
    ['Inbound federation', { InboundFederation: { LambdaArn: arn('Mapper') } }, 'function Mapper'],
    [
      'Pre Token Generation',
      { PreTokenGeneration: 'arn:aws:lambda:eu-west-1:1:function:x' },
      'arn:aws:lambda:eu-west-1:1:function:x',
    ],
  ])('refuses a pool that already runs another function on %s', (trigger, config, named) => {
    // Act
    const run = () => wire(poolWith(config));
    // Assess
    expect(run).toThrow(`User pool ${POOL} already runs ${named} on ${trigger}`);
  });

  it('sets the older PreTokenGeneration field only when present, identical to the new one', () => {
    // Prepare
    const template = poolWith({ PreTokenGeneration: arn(IDS.preTokenGeneration) });
    // Act
    wire(template, ['preTokenGeneration']);
    // Assess
    expect(template.Resources[POOL]?.Properties?.LambdaConfig).toEqual({
      PreTokenGeneration: arn(IDS.preTokenGeneration),
      PreTokenGenerationConfig: { LambdaArn: arn(IDS.preTokenGeneration), LambdaVersion: 'V2_0' },
    });
  });

  it('names the logical id that is not a user pool', () => {
    // Act
    const run = () => wire({ Resources: {} });
    // Assess
    expect(run).toThrow(
      'custom.cognitoClaims.userPool: "MyUserPool" is not an AWS::Cognito::UserPool',
    );
  });
});
