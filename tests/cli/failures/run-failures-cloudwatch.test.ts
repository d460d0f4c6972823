import {
  CloudFormationClient,
  DescribeStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { tailFailures } from '../../../cli/common/live-failures';
import { runCli } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';

const logs = mockClient(CloudWatchLogsClient);
const cloudFormation = mockClient(CloudFormationClient);
const cognito = mockClient(CognitoIdentityProviderClient);

const SUB = '7c1e4b2a-90d3-4f5e-8a61-3b9d2c7e5f10';
const GROUP = '/aws/lambda/cognito-claims-prod-preTokenGeneration';
const ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'eu-west-1' };
const message = (code: string, at: string) =>
  JSON.stringify({
    level: 'ERROR',
    message: 'failure',
    timestamp: at,
    configVersion: '0123456789ab',
    failure: { code, attribute: 'tenant', providerName: 'AcmeAzure', sub: SUB, clientId: 'web' },
  });

describe('cognito-claims failures from CloudWatch', () => {
  beforeEach(() => {
    logs.reset();
    cloudFormation.reset();
    cognito.reset();
    cloudFormation.on(DescribeStackResourcesCommand).resolves({
      StackResources: [
        {
          ResourceType: 'AWS::Logs::LogGroup',
          PhysicalResourceId: GROUP,
          LogicalResourceId: 'L',
          ResourceStatus: 'CREATE_COMPLETE',
          Timestamp: new Date(),
        },
        {
          ResourceType: 'AWS::Lambda::Function',
          PhysicalResourceId: 'fn',
          LogicalResourceId: 'F',
          ResourceStatus: 'CREATE_COMPLETE',
          Timestamp: new Date(),
        },
      ],
    });
  });

  it("reads the stack's log groups for one user found by username and summarises with the config version", async () => {
    // Prepare
    cognito
      .on(AdminGetUserCommand)
      .resolves({ Username: 'alice', UserAttributes: [{ Name: 'sub', Value: SUB }] });
    logs.on(StartQueryCommand).resolves({ queryId: 'q' });
    logs.on(GetQueryResultsCommand).resolves({
      status: 'Complete',
      results: [
        [
          {
            field: '@message',
            value: message('IDP_ATTRIBUTE_MISSING', '2026-11-24T10:02:00.000Z'),
          },
        ],
        [
          {
            field: '@message',
            value: message('IDP_ATTRIBUTE_MISSING', '2026-11-25T09:00:00.000Z'),
          },
        ],
      ],
    });
    const io = captureIo({ env: ENV });
    // Act
    const code = await runCli(
      [
        'failures',
        '--stage',
        'prod',
        '--since',
        '7d',
        '--username',
        'alice',
        '--user-pool-id',
        'eu-west-1_Heal7hy01',
      ],
      io,
    );
    // Assess
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(cloudFormation.commandCalls(DescribeStackResourcesCommand)[0]?.args[0].input).toEqual({
      StackName: 'cognito-claims-prod',
    });
    const start = logs.commandCalls(StartQueryCommand)[0]?.args[0].input;
    expect(start?.logGroupNames).toEqual([GROUP]);
    expect(start?.queryString).toContain(`failure.sub = "${SUB}"`);
    expect(io.out()).toContain(`2 failure record(s) from ${GROUP} (Logs Insights)`);
    expect(io.out()).toMatch(
      /IDP_ATTRIBUTE_MISSING\s+2\s+2026-11-24T10:02:00.000Z\s+2026-11-25T09:00:00.000Z/,
    );
    expect(io.out()).toMatch(/Config version[\s\S]*0123456789ab\s+2/);
  });

  it('names a --since it cannot read', async () => {
    // Prepare
    const io = captureIo({ env: ENV });
    // Act
    const code = await runCli(['failures', '--log-group', GROUP, '--since', 'tuesday'], io);
    // Assess
    expect(code).toBe(1);
    expect(io.err()).toContain('--since "tuesday" is not a duration');
  });

  it('refuses a filter value a query could not take', async () => {
    // Prepare
    const io = captureIo({ env: ENV });
    // Act
    const code = await runCli(['failures', '--log-group', GROUP, '--claim', 'a" or 1=1'], io);
    // Assess
    expect(code).toBe(1);
    expect(io.err()).toContain('--claim "a" or 1=1" has characters a log query cannot take');
  });

  it('follows new records with --tail, one line each', async () => {
    // Prepare
    logs.on(FilterLogEventsCommand).resolves({
      events: [
        {
          eventId: '1',
          logStreamName: 's',
          timestamp: 5,
          message: message('TYPE_MISMATCH', '2026-11-25T10:00:00.000Z'),
        },
      ],
    });
    const io = captureIo({ env: ENV });
    const start = {
      entries: [],
      skipped: { notJson: 0, notFailure: 0 },
      logGroups: [GROUP],
      via: 'Logs Insights',
      filters: {},
      window: { from: 0, to: 1000 },
    };
    // Act
    await tailFailures({ tail: true }, io, start, {
      rounds: 1,
      sleep: async () => {},
      now: () => 2000,
    });
    // Assess
    expect(logs.commandCalls(FilterLogEventsCommand)[0]?.args[0].input).toMatchObject({
      logGroupName: GROUP,
      startTime: 1001,
      endTime: 2000,
    });
    expect(io.out()).toBe(
      '2026-11-25T10:00:00.000Z  TYPE_MISMATCH  attribute tenant  AcmeAzure  web  0123456789ab\n',
    );
  });
});
