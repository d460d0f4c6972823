/**
 * The serverless.yml parameters read back from the templates osls wrote, and each value a deploy
 * would take but Cognito, CloudFormation or the functions would not, refused by name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkStackParameters,
  readStackParameters,
  type StackParameters,
} from '../../../cli/common/stack-parameters';
import { parseConfig } from '../../../shared/core/config/parse-config';

const ROOT = join(__dirname, '..', '..', '..');
// biome-ignore lint/suspicious/noExplicitAny: templates are edited freely per case
type Json = any;
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'validate');
const template = (name: string): unknown =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.template.json`), 'utf8'));
const SHIPPED = parseConfig(JSON.parse(readFileSync(join(ROOT, 'claims.config.json'), 'utf8')));
const ID_ONLY = parseConfig({
  claims: [{ claim: 'tenant_id', from: 'custom:tenant_id', tokens: ['id'] }],
});

describe('readStackParameters', () => {
  it('reads the parameters of a new-pool deploy', () => {
    // Act
    const params = readStackParameters(template('new-pool'));

    // Assess
    expect(params).toEqual({
      preTokenLambdaVersion: 'V2_0',
      userPoolId: '',
      userPoolClientId: '',
      userPoolTier: 'ESSENTIALS',
      logLevel: 'WARN',
      logRetentionInDays: '30',
      alarmTopicArn: '',
      mappingFailureThreshold: '1',
      deletionProtection: 'INACTIVE',
      userPoolDeletionPolicy: 'Delete',
      metricsNamespace: 'CognitoClaims',
      claimsConfig: '',
    });
  });

  it('reads the pool and client of a deploy for an existing pool', () => {
    // Act
    const params = readStackParameters(template('existing-pool'));

    // Assess
    expect(params).toMatchObject({
      userPoolId: 'us-east-1_AbCdEf123',
      userPoolClientId: '1example23456789',
      logRetentionInDays: '90',
    });
  });

  it('reads the alarm topic the Serverless plugin names, and the version it wires on the pool', () => {
    // Prepare: the plugin's alarm names the topic itself; without the PreTokenLambdaVersion
    // output (a new pool), the version comes from the pool's LambdaConfig.
    const document = template('new-pool') as Json;
    const [id, alarm] = Object.entries<Json>(document.Resources).find(([key]) =>
      key.endsWith('MappingFailuresAlarm'),
    ) ?? ['', {}];
    delete document.Resources[id];
    document.Resources.CognitoClaimsMappingFailuresAlarm = alarm;
    delete document.Parameters;
    alarm.Properties.AlarmActions = ['arn:aws:sns:eu-west-1:123456789012:ops'];
    alarm.Properties.Threshold = 5;
    delete document.Outputs.PreTokenLambdaVersion;

    // Act
    const params = readStackParameters(document);

    // Assess
    expect(params).toMatchObject({
      preTokenLambdaVersion: 'V2_0',
      alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops',
      mappingFailureThreshold: '5',
    });
  });

  it('reads nothing from a template serverless.yml did not write', () => {
    // Act
    const params = readStackParameters({ Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } });

    // Assess
    expect(params).toEqual({});
  });
});

describe('checkStackParameters', () => {
  const base = readStackParameters(template('new-pool'));

  it('accepts the parameters serverless.yml ships with', () => {
    // Act
    const findings = checkStackParameters(base, SHIPPED);

    // Assess
    expect(findings).toEqual([]);
  });

  it.each<[Partial<StackParameters>, string, string]>([
    [
      { preTokenLambdaVersion: 'V9_0' },
      'preTokenLambdaVersion',
      'parameter preTokenLambdaVersion: "V9_0" is not V1_0, V2_0 or V3_0',
    ],
    [
      { userPoolId: 'us-east-1_AbCdEf123', userPoolClientId: '' },
      'userPoolClientId',
      "parameter userPoolClientId: is empty while userPoolId is us-east-1_AbCdEf123: the HTTP API's JWT authorizer would accept no app client's tokens",
    ],
    [
      { userPoolClientId: '1example23456789' },
      'userPoolId',
      'parameter userPoolId: is empty while userPoolClientId is 1example23456789: the stack would create a new pool and client and ignore it',
    ],
    [
      { userPoolId: 'my-pool', userPoolClientId: '1example23456789' },
      'userPoolId',
      'parameter userPoolId: "my-pool" is not a user pool ID (expected <region>_<id>, e.g. eu-west-1_AbCdEf123)',
    ],
    [
      { userPoolTier: 'LITE' },
      'preTokenLambdaVersion',
      'parameter preTokenLambdaVersion: V2_0 needs the Essentials or Plus feature plan, but userPoolTier is LITE: Cognito sends a Lite pool only V1_0 events',
    ],
    [
      { userPoolTier: 'FREE' },
      'userPoolTier',
      'parameter userPoolTier: "FREE" is not LITE, ESSENTIALS or PLUS',
    ],
    [
      { logLevel: 'VERBOSE' },
      'logLevel',
      'parameter logLevel: "VERBOSE" is not one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT',
    ],
    [
      { logRetentionInDays: '45' },
      'logRetentionInDays',
      'parameter logRetentionInDays: "45" is not one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    ],
    [
      { alarmTopicArn: 'ops-alarms' },
      'alarmTopicArn',
      'parameter alarmTopicArn: "ops-alarms" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)',
    ],
    [
      { mappingFailureThreshold: '0' },
      'mappingFailureThreshold',
      'parameter mappingFailureThreshold: "0" is not a number of failures of at least 1',
    ],
    [
      { deletionProtection: 'ON' },
      'deletionProtection',
      'parameter deletionProtection: "ON" is not ACTIVE or INACTIVE',
    ],
  ])('refuses %j, naming %s', (change, parameter, message) => {
    // Act
    const findings = checkStackParameters({ ...base, ...change }, SHIPPED);

    // Assess
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'STACK_PARAMETER_INVALID',
        severity: 'error',
        parameter,
        message,
      }),
    ]);
    expect(findings[0]?.fix).toMatch(/--param="[A-Za-z]+=/);
  });

  it('refuses V1_0 for a config that customises the access token, and allows it otherwise', () => {
    // Act
    const withAccess = checkStackParameters({ ...base, preTokenLambdaVersion: 'V1_0' }, SHIPPED);
    const idOnly = checkStackParameters({ ...base, preTokenLambdaVersion: 'V1_0' }, ID_ONLY);

    // Assess
    expect(withAccess.map((f) => f.parameter)).toEqual(['preTokenLambdaVersion']);
    expect(withAccess[0]?.message).toMatch(
      /^parameter preTokenLambdaVersion: V1_0 changes only the ID token, but the config customises the access token \(/,
    );
    expect(idOnly).toEqual([]);
  });
});
