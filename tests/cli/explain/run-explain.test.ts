import {
  CloudFormationClient,
  DescribeStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { runCli } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';

const cognito = mockClient(CognitoIdentityProviderClient);
const logs = mockClient(CloudWatchLogsClient);
const cloudFormation = mockClient(CloudFormationClient);

const POOL = 'eu-west-1_Heal7hy01';
const SUB = '7c1e4b2a-90d3-4f5e-8a61-3b9d2c7e5f10';
const CLIENT = '1example23456789abcdefghij';
const GROUP = '/aws/lambda/cognito-claims-prod-preTokenGeneration';
const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:cognito-claims-prod-preTokenGeneration';
const SECRET = 'c2VjcmV0LWhhc2gtdmFsdWU';
const CONFIG = {
  claims: [
    {
      claim: 'tenant_id',
      from: 'custom:tenant_id',
      tokens: ['id', 'access'],
      type: 'string',
      required: true,
    },
    { claim: 'admin_level', value: 'full', tokens: ['access'], when: { groups: ['admins'] } },
    { claim: 'ssn_hash', from: 'custom:ssn_hash', tokens: ['id'], sensitive: true },
    { claim: 'seats', from: 'custom:seats', type: 'number', tokens: ['id'] },
  ],
};
const ENV = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'eu-west-1',
  CLAIMS_CONFIG: JSON.stringify(CONFIG),
};
const ARGS = ['explain', '--user-pool-id', POOL, '--username', 'alice', '--stage', 'prod'];

const user = (attributes: Record<string, string>) => ({
  Username: 'alice',
  UserAttributes: Object.entries({ sub: SUB, ...attributes }).map(([Name, Value]) => ({
    Name,
    Value,
  })),
});
const record = (at: string) =>
  JSON.stringify({
    level: 'WARN',
    message: 'failure',
    timestamp: at,
    configVersion: '0123456789ab',
    failure: {
      code: 'IDP_ATTRIBUTE_MISSING',
      attribute: 'custom:tenant_id',
      providerName: 'AcmeAzure',
      sub: SUB,
      clientId: CLIENT,
    },
  });

const pool = (lambda: Record<string, unknown>) => ({
  UserPool: { Id: POOL, LambdaConfig: lambda },
});
const V2 = { PreTokenGenerationConfig: { LambdaArn: ARN, LambdaVersion: 'V2_0' } };

describe('cognito-claims explain', () => {
  beforeEach(() => {
    cognito.reset();
    logs.reset();
    cloudFormation.reset();
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'readers' }] });
    cognito.on(DescribeUserPoolCommand).resolves(pool(V2));
    cognito
      .on(ListUserPoolClientsCommand)
      .resolves({ UserPoolClients: [{ ClientId: CLIENT, ClientName: 'web' }] });
    cloudFormation.on(DescribeStackResourcesCommand).resolves({
      StackResources: [
        {
          ResourceType: 'AWS::Logs::LogGroup',
          PhysicalResourceId: GROUP,
          LogicalResourceId: 'PreTokenGenerationLogGroup',
          ResourceStatus: 'CREATE_COMPLETE',
          Timestamp: new Date(),
        },
      ],
    });
    logs.on(StartQueryCommand).resolves({ queryId: 'q' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [] });
  });

  it('says a required claim is absent because the attribute is absent, and how to set it', async () => {
    // Prepare
    cognito.on(AdminGetUserCommand).resolves(user({ 'custom:seats': '5' }));
    const io = captureIo({ env: ENV });
    // Act
    const code = await runCli([...ARGS, '--claim', 'tenant_id'], io);
    // Assess
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const out = io.out();
    expect(out).toContain(`User alice (sub ${SUB}) in ${POOL}; groups: readers`);
    expect(out).toContain(`Trigger: Pre Token Generation V2_0 (${ARN})`);
    expect(out).toContain(`ID token, app client ${CLIENT}, every sign-in: absent`);
    expect(out).toContain(
      '$.claims[0]: attribute absent: user attribute "custom:tenant_id" is absent for alice',
    );
    expect(out).toContain('required: Cognito refuses this sign-in ("PreTokenGeneration failed")');
    expect(out).toContain(
      `fix: set custom:tenant_id for alice (aws cognito-idp admin-update-user-attributes --user-pool-id ${POOL} --username alice --user-attributes Name=custom:tenant_id,Value=...)`,
    );
    expect(out).toContain('records: none for this claim in the window');
    expect(out).not.toContain('admin_level');
    const query = logs.commandCalls(StartQueryCommand)[0]?.args[0].input;
    expect(query?.queryString).toContain(`failure.sub = "${SUB}"`);
    expect(query?.logGroupNames).toEqual([GROUP]);
  });

  it('says a claim is absent because its condition is not met, and masks a sensitive value', async () => {
    // Prepare
    cognito
      .on(AdminGetUserCommand)
      .resolves(
        user({ 'custom:tenant_id': 'acme', 'custom:ssn_hash': SECRET, 'custom:seats': 'five' }),
      );
    const io = captureIo({ env: ENV });
    // Act
    const code = await runCli(ARGS, io);
    // Assess
    expect(code).toBe(0);
    const out = io.out();
    expect(out).toContain(`ID token, app client ${CLIENT}, every sign-in: present: "acme"`);
    expect(out).toContain('$.claims[0]: from attribute "custom:tenant_id", required');
    expect(out).toContain(`access token, app client ${CLIENT}, every sign-in: absent`);
    expect(out).toContain(
      '$.claims[1]: condition not met: when.groups needs one of admins; alice is in readers',
    );
    expect(out).toContain(
      `fix: add alice to admins (aws cognito-idp admin-add-user-to-group --user-pool-id ${POOL} --username alice --group-name admins) if they should get it, or change $.claims[1].when.groups`,
    );
    expect(out).toContain(`present: <hidden: ${SECRET.length + 2} chars>`);
    expect(out).not.toContain(SECRET);
    expect(out).toContain(
      '$.claims[3]: type mismatch: user attribute "custom:seats" does not convert to number',
    );
  });

  it("puts the user's failure records on a timeline under the claim, with the provider's fix", async () => {
    // Prepare
    cognito.on(AdminGetUserCommand).resolves(user({}));
    logs.on(GetQueryResultsCommand).resolves({
      status: 'Complete',
      results: [
        '2026-11-24T10:02:00.000Z',
        '2026-11-24T18:40:00.000Z',
        '2026-11-25T09:00:00.000Z',
      ].map((at) => [{ field: '@message', value: record(at) }]),
    });
    const io = captureIo({ env: ENV });
    // Act
    const code = await runCli([...ARGS, '--claim', 'tenant_id', '--since', '7d'], io);
    // Assess
    expect(code).toBe(0);
    const out = io.out();
    expect(out).toContain(`Failure records: 3 for this user from `);
    expect(out).toContain(`read from ${GROUP} (Logs Insights)`);
    expect(out).toContain(
      '    IDP_ATTRIBUTE_MISSING 3 times since Tue 24 Nov 10:02 UTC through AcmeAzure, last Wed 25 Nov 09:00 UTC (configVersion 0123456789ab)',
    );
    expect(out).toContain(
      "fix: the identity provider AcmeAzure did not send custom:tenant_id: fix the provider's attribute mapping in the pool or the IdP's claim release",
    );
  });

  it('answers without records, saying why, when the logs cannot be read', async () => {
    // Prepare
    cognito.on(AdminGetUserCommand).resolves(user({ 'custom:tenant_id': 'acme' }));
    cloudFormation
      .on(DescribeStackResourcesCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const io = captureIo({ env: ENV });
    // Act
    const code = await runCli([...ARGS, '--claim', 'tenant_id'], io);
    // Assess
    expect(code).toBe(0);
    expect(io.out()).toMatch(
      /Failure records: not read \(.*DescribeStackResources.*\); the answers below come from the user and the config alone/,
    );
    expect(io.out()).toContain('every sign-in: present: "acme"');
    expect(io.out()).not.toContain('records: none');
  });

  it('says access-token claims are absent when the pool sends V1 events', async () => {
    // Prepare
    cognito.on(AdminGetUserCommand).resolves(user({ 'custom:tenant_id': 'acme' }));
    cognito.on(DescribeUserPoolCommand).resolves(pool({ PreTokenGeneration: ARN }));
    const io = captureIo({ env: ENV });
    // Act
    const code = await runCli([...ARGS, '--claim', 'tenant_id', '--no-records'], io);
    // Assess
    expect(code).toBe(0);
    expect(io.out()).toContain(`Trigger: Pre Token Generation V1_0 (${ARN})`);
    expect(io.out()).toContain(`access token, app client ${CLIENT}, every sign-in: absent`);
    expect(io.out()).toContain(
      '$.claims[0]: the trigger is on V1: the pool sends V1_0 events, which customise the ID token only',
    );
    expect(io.out()).toContain('Failure records: not read (--no-records)');
    expect(logs.commandCalls(StartQueryCommand)).toHaveLength(0);
  });

  it('says no claim is added when the trigger is not wired', async () => {
    // Prepare
    cognito.on(AdminGetUserCommand).resolves(user({ 'custom:tenant_id': 'acme' }));
    cognito.on(DescribeUserPoolCommand).resolves(pool({}));
    const io = captureIo({ env: ENV });
    // Act
    const code = await runCli([...ARGS, '--claim', 'tenant_id', '--no-records'], io);
    // Assess
    expect(code).toBe(0);
    expect(io.out()).toContain('Trigger: no Pre Token Generation trigger wired');
    expect(io.out()).toContain(
      'the trigger is not wired: the pool has no Pre Token Generation trigger, so no claim is added',
    );
    expect(io.out()).toContain(
      'fix: wire the deployed trigger into the pool: cognito-claims attach',
    );
  });

  it('gives the answer as JSON with the cause per claim and token, for the one client given', async () => {
    // Prepare
    cognito.on(AdminGetUserCommand).resolves(user({}));
    const io = captureIo({ env: ENV });
    // Act
    const code = await runCli(
      [...ARGS, '--claim', 'tenant_id', '--client-id', CLIENT, '--no-records', '--json'],
      io,
    );
    // Assess
    expect(code).toBe(0);
    const report = JSON.parse(io.out());
    expect(report.configVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(
      report.claims[0].answers.map((a: { token: string; cause: string }) => [a.token, a.cause]),
    ).toEqual([
      ['id', 'attribute-absent'],
      ['access', 'attribute-absent'],
    ]);
    expect(cognito.commandCalls(ListUserPoolClientsCommand)).toHaveLength(0);
  });

  it('names a --claim the config does not write', async () => {
    // Prepare
    const io = captureIo({ env: ENV });
    // Act
    const code = await runCli([...ARGS, '--claim', 'tennant_id'], io);
    // Assess
    expect(code).toBe(1);
    expect(io.err()).toContain(
      '--claim "tennant_id": no rule of environment variable CLAIMS_CONFIG writes that claim; it has tenant_id, admin_level, ssn_hash, seats',
    );
    expect(cognito.commandCalls(AdminGetUserCommand)).toHaveLength(0);
  });
});
