/**
 * doctor's table checks through the real command: the config's sources read against DynamoDB on
 * loopback (dynalite, started and stopped by this test), found at AWS_ENDPOINT_URL_DYNAMODB as
 * the trigger's reader finds it; the pool from recorded responses (aws-sdk-client-mock mocks
 * Cognito only). Access denied comes from a loopback proxy answering DynamoDB's error body.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { keyProblems } from '../../../cli/doctor/checks/source-tables';
import { runCli } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';
import { type Dynalite, startDynalite } from '../../helpers/dynalite';
import { type LoopbackProxy, startLoopbackProxy } from '../../helpers/loopback-proxy';
import {
  doctorFixture,
  POOL_ID,
  recordedPool,
  serveRecordedPool,
} from '../../helpers/recorded-doctor-pool';

const cognito = mockClient(CognitoIdentityProviderClient);

/** The doctor fixture's config plus one source per table and the claims the example reads. */
const configWith = (sources: Record<string, { table: string; key: Record<string, string> }>) => {
  const base = doctorFixture('claims.config');
  return {
    ...base,
    sources: Object.fromEntries(
      Object.entries(sources).map(([name, { table, key }]) => [
        name,
        { dynamodb: { table, key }, timeoutMs: 300 },
      ]),
    ),
    claims: [
      ...base.claims,
      ...Object.keys(sources).flatMap((name) => [
        { claim: `${name}_plan`, source: name, from: 'plan', tokens: ['access'] },
        {
          claim: `${name}_entitlements`,
          source: name,
          from: 'entitlements',
          type: 'string[]',
          tokens: ['access'],
          ...(name === 'billing' ? { required: true } : {}),
        },
      ]),
    ],
  };
};

const ACCOUNT_KEY = { pk: 'TENANT#{custom:tenant_id}', sk: 'USER#{sub}' };

describe('cognito-claims doctor: source tables', () => {
  let dynalite: Dynalite;
  let denying: LoopbackProxy;
  let dir: string;

  const doctor = async (config: unknown, endpoint: string, extra: string[] = []) => {
    const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(config));
    const io = captureIo({
      env: {
        AWS_ENDPOINT_URL_DYNAMODB: endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      },
    });
    const code = await runCli(
      ['doctor', '--user-pool-id', POOL_ID, '--config', file, '--max-attempts', '1', ...extra],
      io,
    );
    return { code, out: io.out(), err: io.err() };
  };
  const codes = (out: string) =>
    [...out.matchAll(/^\d+\. (\w+) +\[(SOURCE_\w+)\]/gm)].map((m) => `${m[1]} ${m[2]}`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doctor-tables-'));
    dynalite = await startDynalite();
    denying = await startLoopbackProxy({
      kind: 'error',
      status: 400,
      type: 'com.amazon.coral.service#AccessDeniedException',
      message:
        'User: arn:aws:iam::123456789012:user/operator is not authorized to perform: dynamodb:DescribeTable on resource: arn:aws:dynamodb:eu-west-1:123456789012:table/Accounts',
    });
    await dynalite.createTable('Accounts', ['pk', 'sk']);
    await dynalite.createTable('Tenants', ['id']);
    await dynalite.call('CreateTable', {
      TableName: 'Seats',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
  }, 30_000);

  beforeEach(() => serveRecordedPool(cognito, recordedPool()));

  afterAll(async () => {
    cognito.restore();
    await Promise.all([dynalite.stop(), denying.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints an OK line for a table whose key schema matches the config and finds nothing', async () => {
    // Prepare
    const config = configWith({ account: { table: 'Accounts', key: ACCOUNT_KEY } });

    // Act
    const { code, out, err } = await doctor(config, dynalite.endpoint);

    // Assess
    expect(out).toContain(
      `  OK: source "account": table "Accounts" in eu-west-1 (${dynalite.endpoint}) has the config's key: pk (HASH, S), sk (RANGE, S)\n`,
    );
    expect(codes(out)).toEqual([]);
    // A sourced claim's "from" is a path into the item, not a user attribute.
    expect(out).not.toContain('account_plan');
    expect(out).not.toContain('account_entitlements');
    expect(code).toBe(0);
    expect(err).toBe('');
  });

  it('finds a missing table, a key that names other attributes and a numeric key attribute', async () => {
    // Prepare
    const config = configWith({
      account: { table: 'Missing', key: ACCOUNT_KEY },
      tenant: { table: 'Tenants', key: ACCOUNT_KEY },
      billing: { table: 'Seats', key: ACCOUNT_KEY },
    });

    // Act
    const { code, out } = await doctor(config, dynalite.endpoint);

    // Assess: billing feeds a required claim, so every sign-in is refused.
    expect(codes(out)).toEqual([
      'CRITICAL SOURCE_TABLE_KEY_MISMATCH',
      'WARNING SOURCE_TABLE_NOT_FOUND',
      'WARNING SOURCE_TABLE_KEY_MISMATCH',
    ]);
    expect(out).toContain(
      `[SOURCE_TABLE_NOT_FOUND] Table "Missing" of source "account" does not exist at ${dynalite.endpoint}`,
    );
    expect(out).toContain(
      `CLI:     aws dynamodb create-table --table-name Missing --region eu-west-1 --endpoint-url ${dynalite.endpoint} --attribute-definitions AttributeName=pk,AttributeType=S AttributeName=sk,AttributeType=S --key-schema AttributeName=pk,KeyType=HASH AttributeName=sk,KeyType=RANGE --billing-mode PAY_PER_REQUEST`,
    );
    expect(out).toContain(
      '[SOURCE_TABLE_KEY_MISMATCH] The key of source "tenant" does not match table "Tenants": "pk" is not a key attribute of the table; "sk" is not a key attribute of the table; the table\'s partition key "id" is missing from the config\'s key',
    );
    expect(out).toContain(
      'Config:  Set $.sources.tenant.dynamodb.key to the table\'s key attributes: {"id": "<template>"}',
    );
    expect(out).toContain(
      '[SOURCE_TABLE_KEY_MISMATCH] The key of source "billing" does not match table "Seats": "sk" is of type N (number), but key templates make strings (S)',
    );
    expect(out).toContain(
      '"billing_entitlements" is required, so every sign-in that needs it is refused',
    );
    expect(out).not.toContain('OK: source');
    expect(out).not.toContain('CLAIM_ATTRIBUTE_NOT_IN_SCHEMA');
    expect(code).toBe(2);
  });

  it('says which permission the operator lacks when DescribeTable is denied, and goes on', async () => {
    // Prepare
    const config = configWith({ account: { table: 'Accounts', key: ACCOUNT_KEY } });

    // Act
    const { code, out, err } = await doctor(config, denying.endpoint);

    // Assess
    expect(codes(out)).toEqual(['WARNING SOURCE_TABLE_NOT_CHECKED']);
    expect(out).toContain('these credentials may not call DescribeTable (AccessDeniedException)');
    expect(out).toContain(
      'doctor needs dynamodb:DescribeTable on arn:aws:dynamodb:eu-west-1:<account-id>:table/Accounts',
    );
    expect(code).toBe(0);
    expect(err).toBe('');
  });

  it('reports a table it cannot reach as not checked, naming the error', async () => {
    // Prepare: a port nothing listens on.
    const config = configWith({ account: { table: 'Accounts', key: ACCOUNT_KEY } });
    const closed = await startLoopbackProxy({ kind: 'error', status: 500, type: 'x', message: '' });
    const endpoint = closed.endpoint;
    await closed.close();

    // Act
    const { code, out } = await doctor(config, endpoint);

    // Assess
    expect(codes(out)).toEqual(['WARNING SOURCE_TABLE_NOT_CHECKED']);
    expect(out).toMatch(/was not checked: DescribeTable failed \(ECONNREFUSED\)/);
    expect(code).toBe(0);
  });

  it('gives each table with its status in --json', async () => {
    // Prepare
    const config = configWith({
      account: { table: 'Accounts', key: ACCOUNT_KEY },
      tenant: { table: 'Missing', key: ACCOUNT_KEY },
    });

    // Act
    const { out } = await doctor(config, dynalite.endpoint, ['--json']);

    // Assess
    const report = JSON.parse(out);
    expect(report.tables).toEqual([
      {
        source: 'account',
        table: 'Accounts',
        region: 'eu-west-1',
        endpoint: dynalite.endpoint,
        status: 'ok',
        key: 'pk (HASH, S), sk (RANGE, S)',
      },
      {
        source: 'tenant',
        table: 'Missing',
        region: 'eu-west-1',
        endpoint: dynalite.endpoint,
        status: 'not-found',
      },
    ]);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ code: 'SOURCE_TABLE_NOT_FOUND', source: 'tenant' }),
    );
  });
});

describe('keyProblems', () => {
  it('accepts the key attributes in any order', () => {
    // Act
    const problems = keyProblems({ sk: 'USER#{sub}', pk: 'TENANT#{custom:tenant_id}' }, [
      { name: 'pk', keyType: 'HASH', type: 'S' },
      { name: 'sk', keyType: 'RANGE', type: 'S' },
    ]);

    // Assess
    expect(problems).toEqual([]);
  });

  it('names a missing sort key and a binary partition key', () => {
    // Act
    const problems = keyProblems({ pk: 'USER#{sub}' }, [
      { name: 'pk', keyType: 'HASH', type: 'B' },
      { name: 'sk', keyType: 'RANGE', type: 'S' },
    ]);

    // Assess
    expect(problems).toEqual([
      '"pk" is of type B (binary), but key templates make strings (S)',
      'the table\'s sort key "sk" is missing from the config\'s key',
    ]);
  });
});
