/**
 * `explain --read-sources` against dynalite on loopback (the trigger's own table reader, pointed
 * at it with AWS_ENDPOINT_URL_DYNAMODB), and `--item`: the claims a table gives, answered.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { runCli } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';
import { type Dynalite, startDynalite } from '../../helpers/dynalite';

const cognito = mockClient(CognitoIdentityProviderClient);

const POOL = 'eu-west-1_Heal7hy01';
const SUB = '7c1e4b2a-90d3-4f5e-8a61-3b9d2c7e5f10';
const CLIENT = '1example23456789abcdefghij';
const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:cognito-claims-prod-preTokenGeneration';
const SECRET = 'acct-7781-internal';
const KEY = `pk=TENANT#acme/sk=USER#${SUB}`;
const SOURCE = {
  dynamodb: { table: 'Accounts', key: { pk: 'TENANT#{custom:tenant_id}', sk: 'USER#{sub}' } },
  timeoutMs: 1500,
};
const CLAIMS = [
  { claim: 'plan', source: 'account', from: 'plan', tokens: ['access'] },
  { claim: 'seat_limit', source: 'account', from: 'limits.seats', type: 'number', tokens: ['id'] },
  { claim: 'billing_ref', source: 'account', from: 'billingRef', tokens: ['id'], sensitive: true },
];
const CONFIG = { sources: { account: SOURCE }, claims: CLAIMS };
const ARGS = [
  'explain',
  ...['--user-pool-id', POOL, '--username', 'alice', '--client-id', CLIENT, '--no-records'],
];
const WHERE = `app client ${CLIENT}, every sign-in`;

const dir = mkdtempSync(join(tmpdir(), 'explain-sources-'));
const user = (attributes: Record<string, string>) => ({
  Username: 'alice',
  UserAttributes: Object.entries({ sub: SUB, ...attributes }).map(([Name, Value]) => ({
    Name,
    Value,
  })),
});
/** The answer's block for one claim: its lines up to the next blank line. */
const block = (out: string, claim: string) => {
  const lines = out.split('\n');
  const start = lines.indexOf(claim);
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
};

describe('cognito-claims explain with sources', () => {
  let dynalite: Dynalite;
  const env = (config: unknown = CONFIG) => ({
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
    CLAIMS_CONFIG: JSON.stringify(config),
  });
  const explain = async (args: string[], config?: unknown) => {
    const io = captureIo({ env: env(config) });
    const code = await runCli([...ARGS, ...args], io);
    return { code, out: io.out(), err: io.err() };
  };

  beforeAll(async () => {
    dynalite = await startDynalite();
    await dynalite.createTable('Accounts', ['pk', 'sk']);
    await dynalite.putItem('Accounts', {
      pk: { S: 'TENANT#acme' },
      sk: { S: `USER#${SUB}` },
      plan: { S: 'pro' },
      billingRef: { S: SECRET },
    });
  });

  afterAll(async () => {
    await dynalite.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    cognito.reset();
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [] });
    cognito.on(DescribeUserPoolCommand).resolves({
      UserPool: {
        Id: POOL,
        LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: ARN, LambdaVersion: 'V2_0' } },
      },
    });
  });

  it('says a claim from a found item is present with its table, key and attribute, masking a sensitive one', async () => {
    // Prepare
    cognito.on(AdminGetUserCommand).resolves(user({ 'custom:tenant_id': 'acme' }));
    // Act
    const { code, out, err } = await explain(['--read-sources']);
    // Assess
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(
      'Sources: read from the tables with your credentials (--read-sources); the trigger reads them with its role\n',
    );
    expect(block(out, 'plan')).toEqual([
      `  access token, ${WHERE}: present: "pro"`,
      `    $.claims[0]: from table Accounts, item ${KEY}, attribute plan (source "account")`,
    ]);
    expect(block(out, 'billing_ref')).toEqual([
      `  ID token, ${WHERE}: present: <hidden: ${SECRET.length + 2} chars>`,
      `    $.claims[2]: from table Accounts, item ${KEY}, attribute billingRef (source "account")`,
    ]);
    expect(out).not.toContain(SECRET);
  });

  it('says which attribute a found item lacks', async () => {
    // Prepare
    cognito.on(AdminGetUserCommand).resolves(user({ 'custom:tenant_id': 'acme' }));
    // Act
    const { out } = await explain(['--read-sources', '--claim', 'seat_limit']);
    // Assess
    expect(block(out, 'seat_limit')).toEqual([
      `  ID token, ${WHERE}: absent`,
      `    $.claims[1]: attribute absent in the item: item ${KEY} of table Accounts has no limits.seats`,
      `    fix: add limits.seats to item ${KEY} of table Accounts, or fix $.claims[1].from (a dot path into the item), or give $.claims[1] a "default"`,
    ]);
  });

  it('says the item is missing, under which key, and how to write it', async () => {
    // Prepare
    cognito.on(AdminGetUserCommand).resolves(user({ 'custom:tenant_id': 'globex' }));
    const key = `pk=TENANT#globex/sk=USER#${SUB}`;
    // Act
    const { code, out } = await explain(['--read-sources', '--claim', 'plan']);
    // Assess
    expect(code).toBe(0);
    expect(block(out, 'plan')).toEqual([
      `  access token, ${WHERE}: absent`,
      `    $.claims[0]: item missing (SOURCE_ITEM_MISSING): table Accounts has no item ${key}`,
      `    fix: write item ${key} with attribute plan to Accounts, or fix $.sources.account.dynamodb.key if the item is under another key, or give $.claims[0] a "default"`,
    ]);
  });

  it('says no item was read when a key placeholder has no value for the user', async () => {
    // Prepare
    cognito.on(AdminGetUserCommand).resolves(user({}));
    // Act
    const { out } = await explain(['--read-sources', '--claim', 'plan']);
    // Assess
    expect(block(out, 'plan')).toEqual([
      `  access token, ${WHERE}: absent`,
      '    $.claims[0]: no item read: the key of source "account" needs custom:tenant_id, which alice does not have',
      `    fix: set custom:tenant_id for alice (aws cognito-idp admin-update-user-attributes --user-pool-id ${POOL} --username alice --user-attributes Name=custom:tenant_id,Value=...), or give $.claims[0] a "default"`,
    ]);
  });

  it('names the DynamoDB error when the table does not exist, in text and JSON', async () => {
    // Prepare
    cognito.on(AdminGetUserCommand).resolves(user({ 'custom:tenant_id': 'acme' }));
    const config = {
      sources: { account: { ...SOURCE, dynamodb: { ...SOURCE.dynamodb, table: 'Acounts' } } },
      claims: CLAIMS,
    };
    // Act
    const text = await explain(['--read-sources', '--claim', 'plan'], config);
    const json = await explain(['--read-sources', '--claim', 'plan', '--json'], config);
    // Assess
    expect(text.code).toBe(0);
    expect(text.out).toContain(
      'Sources: read from the tables with your credentials (--read-sources); the trigger reads them with its role; source "account" not read: SOURCE_UNAVAILABLE (ResourceNotFoundException)\n',
    );
    expect(block(text.out, 'plan')).toEqual([
      `  access token, ${WHERE}: absent`,
      `    $.claims[0]: table not read (SOURCE_UNAVAILABLE, ResourceNotFoundException): item ${KEY} of table Acounts could not be read`,
      '    fix: create table Acounts in eu-west-1, or fix $.sources.account.dynamodb.table (and .region) to name the table the items are in',
    ]);
    const [answer] = JSON.parse(json.out).claims[0].answers;
    expect(answer).toMatchObject({
      present: false,
      cause: 'source-unavailable',
      source: {
        name: 'account',
        table: 'Acounts',
        path: 'plan',
        key: { pk: 'TENANT#acme', sk: `USER#${SUB}` },
        code: 'SOURCE_UNAVAILABLE',
        errorName: 'ResourceNotFoundException',
      },
    });
  });

  it('keeps sourced claims not evaluated without --read-sources, and says how to read them', async () => {
    // Prepare
    cognito.on(AdminGetUserCommand).resolves(user({ 'custom:tenant_id': 'acme' }));
    // Act
    const { out } = await explain(['--claim', 'plan']);
    // Assess
    expect(out).toContain(
      'Sources: not read (add --read-sources to read the items from their tables)\n',
    );
    expect(block(out, 'plan')).toEqual([
      `  access token, ${WHERE}: not evaluated`,
      '    $.claims[0]: not evaluated: it reads source "account" (table Accounts), which explain reads only when asked: add --read-sources (or --item <file>)',
    ]);
  });

  it('takes the items from an --item file, and refuses it with --read-sources', async () => {
    // Prepare
    cognito.on(AdminGetUserCommand).resolves(user({ 'custom:tenant_id': 'acme' }));
    const file = join(dir, 'item.json');
    writeFileSync(file, JSON.stringify({ Item: { plan: { S: 'team' } } }));
    // Act
    const given = await explain(['--item', file, '--claim', 'plan']);
    const both = await explain(['--item', file, '--read-sources']);
    // Assess
    expect(given.out).toContain(`Sources: from --item ${file}\n`);
    expect(block(given.out, 'plan')).toEqual([
      `  access token, ${WHERE}: present: "team"`,
      `    $.claims[0]: from the --item file's item for source "account", attribute plan`,
    ]);
    expect(both.code).toBe(1);
    expect(both.err).toContain('give --item or --read-sources, not both');
  });
});
