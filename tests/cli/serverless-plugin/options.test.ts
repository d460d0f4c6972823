import { frameworkSchema, readPluginOptions } from '../../../cli/serverless-plugin/options';

describe('readPluginOptions', () => {
  it('accepts the documented keys', () => {
    // Act
    const read = readPluginOptions({
      userPool: 'MyUserPool',
      triggers: ['preTokenGeneration'],
      preTokenLambdaVersion: 'V3_0',
      alarms: false,
      authorizer: { userPoolClients: ['WebClient'], resultTtlInSeconds: 0 },
    });
    // Assess
    expect(read.ok).toBe(true);
  });

  it('refuses unknown keys, each with its path, in one pass', () => {
    // Act
    const read = readPluginOptions({ userPool: 'P', userPol: 'x', authorizer: { ttl: 5 } });
    // Assess
    expect(read).toEqual({
      ok: false,
      problems: expect.arrayContaining([
        'custom.cognitoClaims.userPol: unknown key',
        'custom.cognitoClaims.authorizer.ttl: unknown key',
      ]),
    });
  });

  it('names the key and what it expects for a bad value', () => {
    // Act
    const read = readPluginOptions({ userPool: 'P', preTokenLambdaVersion: 'V9', triggers: ['x'] });
    // Assess
    expect(read.ok ? [] : read.problems.map((p) => p.split(':')[0])).toEqual([
      'custom.cognitoClaims.triggers.0',
      'custom.cognitoClaims.preTokenLambdaVersion',
    ]);
  });

  it('wants a pool: userPool or existingUserPoolId', () => {
    // Act
    const read = readPluginOptions({ existingUserPoolId: '' });
    // Assess
    expect(read.ok ? '' : read.problems.join()).toContain(
      'custom.cognitoClaims: give "userPool" (the logical id of the AWS::Cognito::UserPool in this service) or "existingUserPoolId"',
    );
  });

  it('reads an empty existingUserPoolId (a stack parameter at its default) as none', () => {
    // Act
    const read = readPluginOptions({ userPool: 'UserPool', existingUserPoolId: '' });
    // Assess
    expect(read).toEqual({ ok: true, options: { userPool: 'UserPool' } });
  });

  it('gives the framework a schema that rejects additional properties', () => {
    // Act
    const schema = frameworkSchema() as { additionalProperties: unknown; properties: object };
    // Assess
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toContain('existingUserPoolId');
  });
});
