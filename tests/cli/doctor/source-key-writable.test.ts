/**
 * doctor flags a source key built from an attribute users can write: they could point the read at
 * another tenant's item. Reproduced from the recorded Cognito API responses (tests/fixtures/doctor)
 * through the real command; the source's table is a DescribeTable answer that matches its key.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { Finding } from '../../../cli/doctor/types';
import { runCli } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';
import {
  ADMIN_SCOPE,
  doctorFixture,
  type Json,
  POOL_ID,
  type RecordedPool,
  recordedPool,
  serveRecordedPool,
  WEB,
  web,
} from '../../helpers/recorded-doctor-pool';

/** The doctor fixture's config with the issue's `account` source feeding plan and entitlements. */
const sourcedConfig = (key: Record<string, string>, tokens: string[] = ['access']): Json => {
  const config = doctorFixture('claims.config');
  config.sources = { account: { dynamodb: { table: 'Accounts', key } } };
  // The static "plan" claim is read from the account's item instead.
  config.claims = config.claims.filter((rule: Json) => rule.claim !== 'plan');
  config.claims.push(
    { claim: 'plan', source: 'account', from: 'plan', type: 'string', tokens },
    { claim: 'entitlements', source: 'account', from: 'entitlements', type: 'string[]', tokens },
  );
  return config;
};

const TENANT_KEY = { pk: 'TENANT#{custom:tenant_id}', sk: 'USER#{sub}' };

const cognito = mockClient(CognitoIdentityProviderClient);
const dynamodb = mockClient(DynamoDBClient);

const doctor = async (r: RecordedPool) => {
  serveRecordedPool(cognito, r);
  // The table has the source's key, so no SOURCE_TABLE_* finding mixes in.
  const key = Object.keys(r.config.sources.account.dynamodb.key);
  dynamodb.reset();
  dynamodb.on(DescribeTableCommand).resolves({
    Table: {
      TableName: 'Accounts',
      KeySchema: key.map((name, i) => ({
        AttributeName: name,
        KeyType: i === 0 ? 'HASH' : 'RANGE',
      })),
      AttributeDefinitions: key.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    },
  });
  const io = captureIo({ env: { CLAIMS_CONFIG: JSON.stringify(r.config) } });
  await runCli(['doctor', '--user-pool-id', POOL_ID, '--json'], io);
  return (JSON.parse(io.out()) as { findings: Finding[] }).findings;
};

const keyFindings = (findings: readonly Finding[]) =>
  findings
    .filter((f) => f.code === 'SOURCE_KEY_USER_WRITABLE')
    .map((f) => `${f.severity}:${f.source}:${f.attribute}:${f.clientId}`);

/** The web client issues the admin scope and lets its users write their tenant id. */
const tenantWritable = (r: RecordedPool) => {
  web(r).AllowedOAuthScopes.push(ADMIN_SCOPE);
  web(r).WriteAttributes.push('custom:tenant_id');
  return r;
};

afterAll(() => {
  cognito.restore();
  dynamodb.restore();
});

describe('doctor on a source key users can write', () => {
  it('reports a writable key placeholder as critical when the source feeds an access-token claim', async () => {
    // Prepare
    const r = tenantWritable(recordedPool(sourcedConfig(TENANT_KEY)));

    // Act
    const findings = await doctor(r);

    // Assess
    expect(keyFindings(findings)).toEqual([`critical:account:custom:tenant_id:${WEB}`]);
    const finding = findings.find((f) => f.code === 'SOURCE_KEY_USER_WRITABLE');
    expect(finding?.title).toBe(
      `Source "account" picks its item by "custom:tenant_id" ($.sources.account.dynamodb.key.pk "TENANT#{custom:tenant_id}"), which users of app client "web" (${WEB}) can change themselves`,
    );
    expect(finding?.why).toContain('the next token carries that item\'s "plan", "entitlements"');
    expect(finding?.fix.cli).toBe(
      `aws cognito-idp update-user-pool-client --user-pool-id ${POOL_ID} --region eu-west-1 --client-id ${WEB} --write-attributes email name given_name family_name custom:id_token custom:idp_access_token   # update-user-pool-client resets every setting you leave out: start from \`aws cognito-idp describe-user-pool-client\` and pass the other settings unchanged`,
    );
    expect(finding?.fix.console).toContain('untick "custom:tenant_id" under Write');
    expect(finding?.fix.config).toContain('$.sources.account.dynamodb.key');
  });

  it('reports it as a warning when the source feeds only ID-token claims', async () => {
    // Prepare
    const r = tenantWritable(recordedPool(sourcedConfig(TENANT_KEY, ['id'])));

    // Act
    const findings = await doctor(r);

    // Assess
    expect(keyFindings(findings)).toEqual([`warning:account:custom:tenant_id:${WEB}`]);
  });

  it('reports ID-token claims as critical while the authorizer verifies ID tokens', async () => {
    // Prepare
    const r = tenantWritable(recordedPool(sourcedConfig(TENANT_KEY, ['id'])));
    r.config.authorizer.tokenUse = 'id';

    // Act
    const findings = await doctor(r);

    // Assess
    expect(keyFindings(findings)).toEqual([`critical:account:custom:tenant_id:${WEB}`]);
  });

  it('lowers it to a warning while the V2 trigger suppresses the admin scope', async () => {
    // Prepare
    const r = tenantWritable(recordedPool(sourcedConfig(TENANT_KEY)));
    r.config.scopes = { suppress: [ADMIN_SCOPE] };

    // Act
    const findings = await doctor(r);

    // Assess
    expect(keyFindings(findings)).toEqual([`warning:account:custom:tenant_id:${WEB}`]);
    const finding = findings.find((f) => f.code === 'SOURCE_KEY_USER_WRITABLE');
    expect(finding?.title).toContain("only the trigger's scope suppression stops them");
    expect(finding?.fix.config).toContain(`Keep "${ADMIN_SCOPE}" in $.scopes.suppress`);
  });

  it('flags nothing when users cannot write the key attribute', async () => {
    // Prepare: the recorded web client reads custom:tenant_id but does not write it.
    const r = recordedPool(sourcedConfig(TENANT_KEY));
    web(r).AllowedOAuthScopes.push(ADMIN_SCOPE);

    // Act
    const findings = await doctor(r);

    // Assess
    expect(keyFindings(findings)).toEqual([]);
  });

  it('never flags {sub}, {username} or {clientId}, even on a client that writes every attribute', async () => {
    // Prepare: no WriteAttributes list lets users write every attribute.
    const r = recordedPool(sourcedConfig({ pk: 'CLIENT#{clientId}', sk: 'USER#{sub}#{username}' }));
    web(r).AllowedOAuthScopes.push(ADMIN_SCOPE);
    delete web(r).WriteAttributes;

    // Act
    const findings = await doctor(r);

    // Assess
    expect(keyFindings(findings)).toEqual([]);
  });

  it('flags nothing when the client cannot issue the admin scope', async () => {
    // Prepare
    const r = recordedPool(sourcedConfig(TENANT_KEY));
    web(r).WriteAttributes.push('custom:tenant_id');

    // Act
    const findings = await doctor(r);

    // Assess
    expect(keyFindings(findings)).toEqual([]);
  });
});
