/**
 * doctor, preview and validate against a running cognito-local on loopback: a pool set up the way
 * users get it wrong (immutable custom attribute, a client that cannot read one claim's attribute
 * but can write another's, a too-short IdP token attribute, a V1_0 trigger), read with the calls
 * the emulator supports (DescribeUserPool, ListUserPoolClients, DescribeUserPoolClient,
 * AdminGetUser); its missing ListIdentityProviders becomes a finding, not a crash. And the demo
 * pool `npm start` creates, set up as the docs advise: it passes all three.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Finding } from '../../cli/doctor/types';
import { runCli } from '../../cli/main';
import type { PreviewReport } from '../../cli/preview/format';
import { createDemoPool, type DemoPool } from '../../scripts/local/demo-pool';
import { parseConfig } from '../../shared/core/config/parse-config';
import { captureIo } from '../helpers/cli-io';
import { type CognitoLocal, startCognitoLocal } from '../helpers/cognito-local';

const ROOT = join(__dirname, '..', '..');
const CONFIG = join(__dirname, '..', 'fixtures', 'doctor', 'claims.config.json');
const SHIPPED = join(ROOT, 'claims.config.json');
const TRIGGER_ARN =
  'arn:aws:lambda:eu-west-1:123456789012:function:cognito-claims-dev-preTokenGeneration';

const string = (name: string, mutable: boolean, maxLength = '2048') => ({
  Name: name,
  AttributeDataType: 'String' as const,
  Mutable: mutable,
  StringAttributeConstraints: { MinLength: '0', MaxLength: maxLength },
});

let local: CognitoLocal;
let admin: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;
/** With email sign-in (the emulator's default) the stored username is the user's sub. */
let username: string;

beforeAll(async () => {
  local = await startCognitoLocal();
  admin = new CognitoIdentityProviderClient({
    endpoint: local.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const pool = await admin.send(
    new CreateUserPoolCommand({
      PoolName: 'acme-misconfigured',
      Schema: [
        string('tenant_id', false),
        string('roles', true),
        string('id_token', true, '256'),
        string('idp_access_token', true),
        { Name: 'employee_no', AttributeDataType: 'Number', Mutable: true },
      ],
      LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: TRIGGER_ARN, LambdaVersion: 'V1_0' } },
    }),
  );
  poolId = pool.UserPool?.Id ?? '';
  const client = await admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'web',
      ReadAttributes: ['email', 'email_verified', 'custom:tenant_id', 'custom:employee_no'],
      WriteAttributes: ['email', 'custom:roles', 'custom:id_token', 'custom:idp_access_token'],
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      SupportedIdentityProviders: ['COGNITO', 'Google'],
    }),
  );
  clientId = client.UserPoolClient?.ClientId ?? '';
  const created = await admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: 'maria.lopez@example.com',
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: 'maria.lopez@example.com' },
        { Name: 'custom:tenant_id', Value: 'acme-eu' },
        { Name: 'custom:roles', Value: '["admin","billing"]' },
        { Name: 'custom:employee_no', Value: '1042' },
      ],
    }),
  );
  username = created.User?.Username ?? '';
  await admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
  await admin.send(
    new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: username, GroupName: 'admins' }),
  );
});

afterAll(async () => {
  admin?.destroy();
  await local?.stop();
});

describe('doctor against cognito-local', () => {
  it('names each misconfiguration with its fix and exits 2', async () => {
    // Prepare
    const io = captureIo();
    const before = local.operations().length;

    // Act
    const code = await runCli(
      [
        'doctor',
        '--user-pool-id',
        poolId,
        '--endpoint',
        local.endpoint,
        '--region',
        'eu-west-1',
        '--config',
        CONFIG,
        '--json',
      ],
      io,
    );

    // Assess
    const report = JSON.parse(io.out()) as {
      findings: Finding[];
      clients: number;
      providers: null;
    };
    expect(report.findings.map((f) => `${f.severity}:${f.code}:${f.attribute ?? ''}`)).toEqual([
      'critical:ACCESS_CLAIM_USER_WRITABLE:custom:roles',
      'critical:IDP_TOKEN_ATTRIBUTE_TOO_SHORT:custom:id_token',
      'warning:TRIGGER_V1_ACCESS_CLAIMS:',
      'warning:IDP_GUARD_NOT_WIRED:',
      'warning:CLAIM_ATTRIBUTE_IMMUTABLE:custom:tenant_id',
      'warning:CLIENT_CANNOT_READ_ATTRIBUTE:custom:roles',
      'info:PLAN_NOT_REPORTED:',
      'info:NOT_CHECKED:',
    ]);
    const writable = report.findings[0];
    expect(writable?.clientId).toBe(clientId);
    expect(writable?.why).toContain('API sign-in flows ALLOW_USER_PASSWORD_AUTH always issue it');
    expect(report.findings[7]?.why).toContain(
      'Unsupported x-amz-target header "ListIdentityProviders"',
    );
    expect(report).toMatchObject({ clients: 1, providers: null });
    expect(code).toBe(2);
    // Read-only: the doctor only describes and lists (the emulator refuses ListIdentityProviders).
    const served = local.operations().slice(before);
    expect(new Set(served)).toEqual(
      new Set([
        'DescribeUserPool',
        'ListUserPoolClients',
        'DescribeUserPoolClient',
        'ListIdentityProviders',
      ]),
    );
  });

  it('prints the text report with a console path and a CLI command per finding, aimed at the emulator', async () => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await runCli(
      [
        'doctor',
        '--user-pool-id',
        poolId,
        '--endpoint',
        local.endpoint,
        '--region',
        'eu-west-1',
        '--config',
        CONFIG,
      ],
      io,
    );

    // Assess
    const out = io.out();
    expect(out).toContain(
      `cognito-claims doctor: user pool ${poolId} (acme-misconfigured) in eu-west-1`,
    );
    expect(out).toContain(
      `CLI:     aws cognito-idp update-user-pool-client --user-pool-id ${poolId} --region eu-west-1 --endpoint-url ${local.endpoint} --client-id ${clientId} --read-attributes email email_verified custom:tenant_id custom:employee_no custom:roles`,
    );
    expect(out).toContain(
      `CLI:     npm run attach -- --user-pool-id ${poolId} --region eu-west-1 --endpoint ${local.endpoint} --stage dev --lambda-version V2_0 `,
    );
    expect(out).not.toMatch(/CLI: +aws cognito-idp update-user-pool --/);
    // Every fix goes to the emulator the pool was read from, never to AWS.
    for (const line of out.split('\n').filter((l) => l.startsWith('   CLI:     aws '))) {
      expect(line).toContain(`--endpoint-url ${local.endpoint}`);
    }
    expect(out).toContain('2 critical findings, 4 warnings, 2 info; exit code 2');
    expect(code).toBe(2);
  });

  it('explains an unknown pool in one line', async () => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await runCli(
      [
        'doctor',
        '--user-pool-id',
        'local_NoSuchPool',
        '--endpoint',
        local.endpoint,
        '--region',
        'eu-west-1',
        '--config',
        CONFIG,
      ],
      io,
    );

    // Assess
    expect(io.err()).toMatch(
      /^cognito-claims doctor: user pool local_NoSuchPool was not found in eu-west-1: check --user-pool-id and --region/,
    );
    expect(io.err().trimEnd().split('\n')).toHaveLength(1);
    expect(code).toBe(1);
  });
});

describe('preview against cognito-local', () => {
  it('reads the user and their groups with AdminGetUser and shows the tokens', async () => {
    // Prepare
    const io = captureIo();
    const before = local.operations().length;

    // Act
    const code = await runCli(
      [
        'preview',
        '--user-pool-id',
        poolId,
        '--username',
        username,
        '--endpoint',
        local.endpoint,
        '--region',
        'eu-west-1',
        '--config',
        CONFIG,
        '--client-id',
        clientId,
        '--trigger-source',
        'TokenGeneration_Authentication',
        '--json',
      ],
      io,
    );

    // Assess
    const report = JSON.parse(io.out()) as PreviewReport;
    expect(report.userSource).toBe(`AdminGetUser ${poolId}`);
    expect(report.username).toBe(username);
    const [id, access] = report.tokens;
    expect(id?.added.map((c) => `${c.claim}=${c.display}`)).toEqual([
      'tenant_id="acme-eu"',
      'roles=["admin","billing"]',
      'employee_number=1042',
    ]);
    expect(access?.added.map((c) => c.claim)).toEqual(['tenant_id', 'roles', 'plan']);
    expect(id?.groups).toEqual(['admins']);
    // The client cannot read custom:roles: Cognito leaves it out of its ID token (the trigger adds "roles").
    expect(id?.attributes).toEqual(
      expect.arrayContaining(['email', 'custom:tenant_id', 'custom:employee_no']),
    );
    expect(id?.attributes).not.toContain('custom:roles');
    expect(report.notes).toContain(
      `app client ${clientId} cannot read custom:roles: Cognito leaves them out of its ID token`,
    );
    expect(report.failures).toEqual([]);
    expect(code).toBe(0);
    const reads = ['AdminGetUser', 'AdminListGroupsForUser', 'DescribeUserPoolClient'];
    expect(local.operations().slice(before)).toEqual(expect.arrayContaining(reads));
  });

  it("finds the user's groups when the operator gives the email the user signs in with", async () => {
    // Prepare: the pool stores the user under their sub; the ticket names the email.
    const io = captureIo();

    // Act
    const code = await runCli(
      [
        'preview',
        '--user-pool-id',
        poolId,
        '--username',
        'maria.lopez@example.com',
        '--endpoint',
        local.endpoint,
        '--region',
        'eu-west-1',
        '--config',
        CONFIG,
        '--client-id',
        clientId,
        '--json',
      ],
      io,
    );

    // Assess
    const report = JSON.parse(io.out()) as PreviewReport;
    expect(report.username).toBe(username);
    expect(report.tokens[0]?.groups).toEqual(['admins']);
    expect(code).toBe(0);
  });

  it('names an unknown app client, not the pool, in one line', async () => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await runCli(
      [
        'preview',
        '--user-pool-id',
        poolId,
        '--username',
        username,
        '--client-id',
        'no-such-client',
        '--endpoint',
        local.endpoint,
        '--region',
        'eu-west-1',
        '--config',
        CONFIG,
      ],
      io,
    );

    // Assess
    expect(io.err()).toBe(
      `cognito-claims preview: app client "no-such-client" was not found in user pool ${poolId}: check --client-id (aws cognito-idp list-user-pool-clients --user-pool-id ${poolId})\n`,
    );
    expect(code).toBe(1);
  });

  it('explains an unknown user in one line', async () => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await runCli(
      [
        'preview',
        '--user-pool-id',
        poolId,
        '--username',
        'nobody@example.com',
        '--endpoint',
        local.endpoint,
        '--region',
        'eu-west-1',
        '--config',
        CONFIG,
      ],
      io,
    );

    // Assess
    expect(io.err()).toBe(
      `cognito-claims preview: user "nobody@example.com" was not found in user pool ${poolId}\n`,
    );
    expect(code).toBe(1);
  });
});

describe('the demo pool npm start creates', () => {
  let demo: DemoPool;
  const local_ = () => ['--endpoint', local.endpoint, '--region', 'eu-west-1', '--config', SHIPPED];

  beforeAll(async () => {
    const config = parseConfig(JSON.parse(readFileSync(SHIPPED, 'utf8')));
    demo = await createDemoPool(admin, config);
  });

  it('passes doctor: only notes, and doctor says the emulator wires the triggers', async () => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await runCli(['doctor', '--user-pool-id', demo.poolId, ...local_(), '--json'], io);

    // Assess
    const report = JSON.parse(io.out()) as { findings: Finding[]; emulator: string };
    expect(report.findings.map((f) => `${f.severity}:${f.code}`)).toEqual([
      'info:TRIGGERS_WIRED_BY_EMULATOR',
      'info:PLAN_NOT_REPORTED',
      'info:NOT_CHECKED',
    ]);
    expect(report.emulator).toBe('cognito-local');
    expect(io.err()).toBe('');
    expect(code).toBe(0);
  });

  it('prints the report docs/cli.md shows for it, byte for byte but for its IDs and paths', async () => {
    // Prepare: the example in the docs, from its command line to the exit code.
    const docs = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
    const example = /```text\n\$ npm run -s doctor -- (.*)\n([\s\S]*?)\$ echo \$\?\n/.exec(docs);
    const [, docFlags = '', docReport = ''] = example ?? [];
    const docPool = /--user-pool-id (\S+)/.exec(docFlags)?.[1] ?? '';
    const docEndpoint = /--endpoint (\S+)/.exec(docFlags)?.[1] ?? '';
    const docConfig = /; config: (.*)$/m.exec(docReport)?.[1] ?? '';
    const io = captureIo({ cwd: ROOT });

    // Act
    const code = await runCli(
      [
        'doctor',
        '--user-pool-id',
        demo.poolId,
        '--endpoint',
        local.endpoint,
        '--region',
        'eu-west-1',
      ],
      io,
    );

    // Assess
    const report = io
      .out()
      .split(demo.poolId)
      .join(docPool)
      .split(local.endpoint)
      .join(docEndpoint)
      .replace(/; config: .*$/m, `; config: ${docConfig}`);
    expect(docFlags).toBe(`--user-pool-id ${docPool} --endpoint ${docEndpoint} --region eu-west-1`);
    expect(report).toBe(docReport);
    expect(code).toBe(0);
  });

  it('passes validate', async () => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await runCli(['validate', '--user-pool-id', demo.poolId, ...local_()], io);

    // Assess
    expect(io.out()).toContain('No problems found.');
    expect(code).toBe(0);
  });

  it('previews the demo user through the demo client with every claim', async () => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await runCli(
      [
        'preview',
        '--user-pool-id',
        demo.poolId,
        '--username',
        demo.username,
        '--client-id',
        demo.clientId,
        ...local_(),
        '--json',
      ],
      io,
    );

    // Assess
    const report = JSON.parse(io.out()) as PreviewReport;
    expect(report.tokens[1]?.added.map((c) => `${c.claim}=${c.display}`)).toEqual(
      expect.arrayContaining([
        'tenant_id="tenant-demo"',
        'roles=["admin","editor"]',
        'employee_number=1042',
        'plan="pro"',
      ]),
    );
    // The demo user here is in no group: a claim from the groups may be missing (INFO), nothing more.
    expect(report.failures.filter((failure) => failure.level !== 'INFO')).toEqual([]);
    expect(code).toBe(0);
  });
});
