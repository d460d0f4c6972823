/**
 * explain and failures against a running cognito-local on loopback: the pool, its app clients,
 * custom attributes, users and groups are real (created through the emulator's API and read back
 * with the calls the commands make: AdminGetUser, AdminListGroupsForUser, DescribeUserPool,
 * ListUserPoolClients, all of which cognito-local serves). CloudWatch Logs is AWS itself, which no
 * emulator here serves: its answers are recorded ones (aws-sdk-client-mock).
 */
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { runCli } from '../../cli/main';
import { captureIo } from '../helpers/cli-io';
import { type CognitoLocal, startCognitoLocal } from '../helpers/cognito-local';

const logs = mockClient(CloudWatchLogsClient);

const TRIGGER_ARN =
  'arn:aws:lambda:eu-west-1:123456789012:function:cognito-claims-prod-preTokenGeneration';
const GROUP = '/aws/lambda/cognito-claims-prod-preTokenGeneration';
const ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'eu-west-1' };
const string = (name: string) => ({
  Name: name,
  AttributeDataType: 'String' as const,
  Mutable: true,
  StringAttributeConstraints: { MinLength: '0', MaxLength: '2048' },
});

let local: CognitoLocal;
let admin: CognitoIdentityProviderClient;
let poolId: string;
let unwiredPoolId: string;
let webId: string;
let adminId: string;
const subs: Record<string, string> = {};

const createUser = async (pool: string, username: string, attributes: Record<string, string>) => {
  const created = await admin.send(
    new AdminCreateUserCommand({
      UserPoolId: pool,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  return created.User;
};

beforeAll(async () => {
  local = await startCognitoLocal();
  admin = new CognitoIdentityProviderClient({
    endpoint: local.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const pool = await admin.send(
    new CreateUserPoolCommand({
      PoolName: 'acme',
      Schema: [string('tenant_id'), string('seats'), string('profile')],
      LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: TRIGGER_ARN, LambdaVersion: 'V2_0' } },
    }),
  );
  poolId = pool.UserPool?.Id ?? '';
  const unwired = await admin.send(
    new CreateUserPoolCommand({ PoolName: 'acme-unwired', Schema: [string('tenant_id')] }),
  );
  unwiredPoolId = unwired.UserPool?.Id ?? '';
  webId =
    (await admin.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' })))
      .UserPoolClient?.ClientId ?? '';
  adminId =
    (
      await admin.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'admin-console' }),
      )
    ).UserPoolClient?.ClientId ?? '';
  await admin.send(
    new CreateUserPoolClientCommand({ UserPoolId: unwiredPoolId, ClientName: 'web' }),
  );
  const alice = await createUser(poolId, 'alice@example.com', {
    'custom:tenant_id': 'acme',
    'custom:seats': 'five',
    'custom:profile': 'p'.repeat(700),
  });
  const bob = await createUser(poolId, 'bob@example.com', {});
  await createUser(unwiredPoolId, 'carol@example.com', { 'custom:tenant_id': 'acme' });
  // With email sign-in (the emulator's default) the stored username is the sub.
  subs.alice = alice?.Username ?? '';
  subs.bob = bob?.Username ?? '';
  for (const group of ['readers', 'admins']) {
    await admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: group }));
  }
  await admin.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: poolId,
      Username: 'alice@example.com',
      GroupName: 'readers',
    }),
  );
});

afterAll(async () => {
  admin?.destroy();
  await local?.stop();
});

const CONFIG = () => ({
  budget: { id: 600 },
  claims: [
    { claim: 'tenant_id', from: 'custom:tenant_id', tokens: ['id', 'access'], required: true },
    { claim: 'admin_level', value: 'full', tokens: ['access'], when: { groups: ['admins'] } },
    { claim: 'seats', from: 'custom:seats', type: 'number', tokens: ['id'] },
    { claim: 'profile', from: 'custom:profile', tokens: ['id'] },
    { claim: 'console_role', value: 'operator', tokens: ['access'], clients: [adminId] },
  ],
});
const WINDOW = ['--from', '2026-11-20T00:00:00Z', '--to', '2026-11-30T00:00:00Z'];

const explain = async (pool: string, username: string, args: string[] = []) => {
  const io = captureIo({ env: { ...ENV, CLAIMS_CONFIG: JSON.stringify(CONFIG()) } });
  const code = await runCli(
    [
      'explain',
      ...['--user-pool-id', pool, '--username', username],
      ...['--endpoint', local.endpoint, '--region', 'eu-west-1', '--log-group', GROUP],
      ...WINDOW,
      ...args,
    ],
    io,
  );
  return { code, out: io.out(), err: io.err() };
};

/** The answer's block for one claim: its lines up to the next blank line. */
const block = (out: string, claim: string) => {
  const lines = out.split('\n');
  const start = lines.indexOf(claim);
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
};

const record = (sub: string, at: string) => [
  {
    field: '@message',
    value: JSON.stringify({
      level: 'ERROR',
      message: 'failure',
      timestamp: at,
      configVersion: '0123456789ab',
      failure: {
        code: 'IDP_ATTRIBUTE_MISSING',
        attribute: 'custom:tenant_id',
        providerName: 'AcmeAzure',
        sub,
        clientId: webId,
      },
    }),
  },
];

describe('explain against cognito-local', () => {
  beforeEach(() => {
    logs.reset();
    logs.on(StartQueryCommand).resolves({ queryId: 'q' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [] });
  });

  it('reads the user, groups, pool and clients from the emulator and answers each claim', async () => {
    // Prepare
    const before = local.operations().length;
    const where = `app client ${webId}, every sign-in`;
    // Act
    const { code, out, err } = await explain(poolId, 'alice@example.com', ['--client-id', webId]);
    // Assess
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(local.operations().slice(before)).toEqual([
      'AdminGetUser',
      'AdminListGroupsForUser',
      'DescribeUserPool',
    ]);
    expect(out.split('\n').slice(0, 4)).toEqual([
      `User alice@example.com (sub ${subs.alice}) in ${poolId}; groups: readers`,
      expect.stringMatching(
        /^Config: environment variable CLAIMS_CONFIG, configVersion [0-9a-f]{12}$/,
      ),
      `Trigger: Pre Token Generation V2_0 (${TRIGGER_ARN})`,
      `Failure records: 0 for this user from 2026-11-20T00:00:00.000Z to 2026-11-30T00:00:00.000Z, read from ${GROUP} (Logs Insights)`,
    ]);
    expect(block(out, 'tenant_id')).toEqual([
      `  ID token, ${where}: present: "acme"`,
      '    $.claims[0]: from attribute "custom:tenant_id", required',
      `  access token, ${where}: present: "acme"`,
      '    $.claims[0]: from attribute "custom:tenant_id", required',
      '  records: none for this claim in the window',
    ]);
    expect(block(out, 'admin_level')).toEqual([
      `  access token, ${where}: absent`,
      '    $.claims[1]: condition not met: when.groups needs one of admins; alice@example.com is in readers',
      `    fix: add alice@example.com to admins (aws cognito-idp admin-add-user-to-group --user-pool-id ${poolId} --username alice@example.com --group-name admins) if they should get it, or change $.claims[1].when.groups`,
      '  records: none for this claim in the window',
    ]);
    expect(block(out, 'seats')).toEqual([
      `  ID token, ${where}: absent`,
      '    $.claims[2]: type mismatch: user attribute "custom:seats" does not convert to number (expected a decimal number)',
      '    fix: fix alice@example.com\'s value of custom:seats, or the "type" of $.claims[2] (number)',
      '  records: none for this claim in the window',
    ]);
    expect(block(out, 'profile')).toEqual([
      `  ID token, ${where}: absent`,
      expect.stringMatching(
        /^ {4}\$\.claims\[3\]: left out for size: \d+ bytes needed, \d+ left of the id token budget of 600$/,
      ),
      '    fix: raise $.budget (the token budget) or move another claim out of this token; docs/token-size.md',
      '  records: none for this claim in the window',
    ]);
  });

  it('answers per app client of the pool, as ListUserPoolClients lists them', async () => {
    // Prepare
    const before = local.operations().length;
    // Act
    const { out } = await explain(poolId, 'alice@example.com', ['--claim', 'console_role']);
    // Assess
    expect(local.operations().slice(before)).toContain('ListUserPoolClients');
    const lines = block(out, 'console_role');
    expect(lines).toContain(
      `  access token, app client ${adminId}, every sign-in: present: "operator"`,
    );
    expect(lines).toContain(`  access token, app client ${webId}, every sign-in: absent`);
    expect(lines).toContain(
      `    fix: add ${webId} to $.claims[4].clients if this app client should get it`,
    );
  });

  it('says a required claim is absent because the attribute is absent, with its records on a timeline', async () => {
    // Prepare
    logs.on(GetQueryResultsCommand).resolves({
      status: 'Complete',
      results: [
        '2026-11-24T10:02:00.000Z',
        '2026-11-24T18:40:00.000Z',
        '2026-11-25T09:00:00.000Z',
      ].map((at) => record(subs.bob as string, at)),
    });
    const where = `app client ${webId}, every sign-in`;
    // Act
    const { code, out } = await explain(poolId, 'bob@example.com', [
      '--client-id',
      webId,
      '--claim',
      'tenant_id',
    ]);
    // Assess
    expect(code).toBe(0);
    expect(logs.commandCalls(StartQueryCommand)[0]?.args[0].input.queryString).toContain(
      `failure.sub = "${subs.bob}"`,
    );
    const absent = [
      '    $.claims[0]: attribute absent: user attribute "custom:tenant_id" is absent for bob@example.com',
      '    required: Cognito refuses this sign-in ("PreTokenGeneration failed")',
      "    fix: the identity provider AcmeAzure did not send custom:tenant_id: fix the provider's attribute mapping in the pool or the IdP's claim release",
      `    fix: set custom:tenant_id for bob@example.com (aws cognito-idp admin-update-user-attributes --user-pool-id ${poolId} --username bob@example.com --user-attributes Name=custom:tenant_id,Value=...), map it from the user's identity provider, or give $.claims[0] a "default"`,
    ];
    expect(block(out, 'tenant_id')).toEqual([
      `  ID token, ${where}: absent`,
      ...absent,
      `  access token, ${where}: absent`,
      ...absent,
      '  records:',
      '    IDP_ATTRIBUTE_MISSING 3 times since Tue 24 Nov 10:02 UTC through AcmeAzure, last Wed 25 Nov 09:00 UTC (configVersion 0123456789ab)',
    ]);
  });

  it('says no claim is added in a pool whose Pre Token Generation trigger is not wired', async () => {
    // Act
    const { code, out } = await explain(unwiredPoolId, 'carol@example.com', [
      '--claim',
      'tenant_id',
      '--no-records',
    ]);
    // Assess
    expect(code).toBe(0);
    expect(out).toContain('Trigger: no Pre Token Generation trigger wired\n');
    expect(block(out, 'tenant_id').slice(1, 3)).toEqual([
      '    the trigger is not wired: the pool has no Pre Token Generation trigger, so no claim is added',
      '    fix: wire the deployed trigger into the pool: cognito-claims attach (docs/attach.md)',
    ]);
  });
});

describe('failures against cognito-local', () => {
  it("resolves --username to the sub the records carry through the emulator's pool", async () => {
    // Prepare
    logs.reset();
    logs.on(StartQueryCommand).resolves({ queryId: 'q' });
    logs.on(GetQueryResultsCommand).resolves({
      status: 'Complete',
      results: ['2026-11-24T10:02:00.000Z', '2026-11-25T09:00:00.000Z'].map((at) =>
        record(subs.bob as string, at),
      ),
    });
    const before = local.operations().length;
    const io = captureIo({ env: ENV });
    // Act
    const code = await runCli(
      [
        'failures',
        ...['--username', 'bob@example.com', '--user-pool-id', poolId],
        ...['--endpoint', local.endpoint, '--region', 'eu-west-1', '--log-group', GROUP],
        ...WINDOW,
      ],
      io,
    );
    // Assess
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(local.operations().slice(before)).toEqual(['AdminGetUser']);
    const query = logs.commandCalls(StartQueryCommand)[0]?.args[0].input;
    expect(query?.logGroupNames).toEqual([GROUP]);
    expect(query?.queryString).toContain(`failure.sub = "${subs.bob}"`);
    expect(io.out()).toContain(`2 failure record(s) from ${GROUP} (Logs Insights)`);
    expect(io.out()).toMatch(
      /IDP_ATTRIBUTE_MISSING\s+2\s+2026-11-24T10:02:00.000Z\s+2026-11-25T09:00:00.000Z/,
    );
  });
});
