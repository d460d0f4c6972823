import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addOperations, type OperationsInput } from '../../../cli/serverless-plugin/operations';
import type { Template } from '../../../cli/serverless-plugin/template';

const fn = (name: string) => ({
  Type: 'AWS::Lambda::Function',
  Properties: {
    Runtime: 'nodejs22.x',
    Handler: 'index.handler',
    Role: 'arn:aws:iam::123456789012:role/example',
    Code: { ZipFile: 'exports.handler = async (e) => e;' },
    FunctionName: name,
  },
});
const group = (name: string) => ({
  Type: 'AWS::Logs::LogGroup',
  Properties: { LogGroupName: `/aws/lambda/${name}` },
});

const baseTemplate = (): Template =>
  ({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      PreTokenGenerationLambdaFunction: fn('svc-dev-preTokenGeneration'),
      PreTokenGenerationLogGroup: group('svc-dev-preTokenGeneration'),
      PostAuthenticationLambdaFunction: fn('svc-dev-postAuthentication'),
      PostAuthenticationLogGroup: group('svc-dev-postAuthentication'),
      AuthorizerLogGroup: group('svc-dev-authorizer'),
    },
  }) as unknown as Template;

const INPUT: OperationsInput = {
  prefix: 'svc-dev',
  namespace: 'CognitoClaims',
  triggers: [
    {
      service: 'pre-token-generation',
      functionLogicalId: 'PreTokenGenerationLambdaFunction',
      logGroupLogicalId: 'PreTokenGenerationLogGroup',
    },
    {
      service: 'post-authentication',
      functionLogicalId: 'PostAuthenticationLambdaFunction',
      logGroupLogicalId: 'PostAuthenticationLogGroup',
    },
  ],
  authorizerLogGroupLogicalId: 'AuthorizerLogGroup',
  dashboard: true,
  queries: true,
  durationAlarm: true,
};

const typesOf = (template: Template) =>
  Object.entries(template.Resources).map(([id, r]) => [id, (r as { Type: string }).Type]);

describe('addOperations', () => {
  it('adds the dashboard, the three saved queries and the duration alarm, which cfn-lint passes', () => {
    // Prepare
    const template = baseTemplate();
    const dir = mkdtempSync(join(tmpdir(), 'operations-'));
    // Act
    addOperations(template, INPUT);
    // Assess
    expect(typesOf(template)).toEqual(
      expect.arrayContaining([
        ['CognitoClaimsDashboard', 'AWS::CloudWatch::Dashboard'],
        ['CognitoClaimsFailuresByCodeQuery', 'AWS::Logs::QueryDefinition'],
        ['CognitoClaimsUserRecordsQuery', 'AWS::Logs::QueryDefinition'],
        ['CognitoClaimsDenialsByReasonQuery', 'AWS::Logs::QueryDefinition'],
        ['CognitoClaimsTriggerDurationAlarm', 'AWS::CloudWatch::Alarm'],
      ]),
    );
    const resources = template.Resources as Record<string, { Properties: Record<string, unknown> }>;
    const [body, names] = (
      (resources.CognitoClaimsDashboard as { Properties: Record<string, unknown> }).Properties
        .DashboardBody as {
        'Fn::Sub': [string, Record<string, unknown>];
      }
    )['Fn::Sub'];
    const titles = (
      JSON.parse(body) as { widgets: { properties: { title: string } }[] }
    ).widgets.map((w) => w.properties.title);
    expect(titles).toEqual([
      'Mapping failures by code',
      'Mapping failures by trigger',
      'Trigger errors and throttles',
      'Trigger duration p99 (Cognito waits 5 s)',
      'Authorizer denials by reason',
    ]);
    expect(body).toContain('"value":5000');
    expect(names).toEqual({
      Fn0: { Ref: 'PreTokenGenerationLambdaFunction' },
      Fn1: { Ref: 'PostAuthenticationLambdaFunction' },
    });
    expect(resources.CognitoClaimsTriggerDurationAlarm?.Properties.Threshold).toBe(4000);
    expect(resources.CognitoClaimsUserRecordsQuery?.Properties.LogGroupNames).toEqual([
      { Ref: 'PreTokenGenerationLogGroup' },
      { Ref: 'PostAuthenticationLogGroup' },
    ]);
    try {
      const file = join(dir, 'template.json');
      writeFileSync(file, JSON.stringify(template));
      expect(
        execFileSync('cfn-lint', ['--format', 'parseable', '--', file], { encoding: 'utf8' }),
      ).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('adds nothing that is turned off', () => {
    // Prepare
    const template = baseTemplate();
    // Act
    addOperations(template, { ...INPUT, dashboard: false, queries: false, durationAlarm: false });
    // Assess
    expect(Object.keys(template.Resources)).toEqual(Object.keys(baseTemplate().Resources));
  });
});
