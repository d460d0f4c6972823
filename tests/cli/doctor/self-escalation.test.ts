/**
 * doctor flags what decides a claim, a scope or the groups when users can write it: a
 * `when.attributes` key, a `groups.from` attribute, a `map`/`transform` source. Reproduced from
 * the recorded Cognito API responses (tests/fixtures/doctor) through the real command.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import type { Finding } from '../../../cli/doctor/types';
import { runCli } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';
import {
  ADMIN_SCOPE,
  POOL_ID,
  type RecordedPool,
  recordedPool,
  serveRecordedPool,
  web,
} from '../../helpers/recorded-doctor-pool';

const cognito = mockClient(CognitoIdentityProviderClient);

const doctor = async (r: RecordedPool) => {
  serveRecordedPool(cognito, r);
  const io = captureIo({ env: { CLAIMS_CONFIG: JSON.stringify(r.config) } });
  await runCli(['doctor', '--user-pool-id', POOL_ID, '--json'], io);
  return (JSON.parse(io.out()) as { findings: Finding[] }).findings;
};

const escalations = (findings: readonly Finding[]) =>
  findings
    .filter((f) =>
      [
        'CONDITION_ATTRIBUTE_USER_WRITABLE',
        'SCOPE_CONDITION_USER_WRITABLE',
        'GROUPS_SOURCE_USER_WRITABLE',
        'ACCESS_CLAIM_USER_WRITABLE',
        'ID_CLAIM_USER_WRITABLE',
      ].includes(f.code),
    )
    .map((f) => `${f.severity}:${f.code}:${f.attribute}`);

/** The web client issues the admin scope: its users can call UpdateUserAttributes. */
const withAdminScope = (r: RecordedPool) => {
  web(r).AllowedOAuthScopes.push(ADMIN_SCOPE);
  return r;
};

afterAll(() => cognito.restore());

describe('doctor on attributes that decide claims, scopes and groups', () => {
  it('finds nothing in the healthy recording with conditions on attributes users cannot write', async () => {
    // Prepare
    const r = withAdminScope(recordedPool());
    r.config.claims.push({
      claim: 'vip',
      value: true,
      when: { attributes: { 'custom:tenant_id': ['acme'] } },
    });
    // Act
    const findings = await doctor(r);
    // Assess
    expect(escalations(findings)).toEqual([]);
  });

  it('reports a when.attributes key users can write as critical when it decides an access-token claim', async () => {
    // Prepare
    const r = withAdminScope(recordedPool());
    r.config.claims.push({ claim: 'vip', value: true, when: { attributes: { name: ['VIP'] } } });
    // Act
    const findings = await doctor(r);
    // Assess
    expect(escalations(findings)).toEqual(['critical:CONDITION_ATTRIBUTE_USER_WRITABLE:name']);
    const finding = findings.find((f) => f.code === 'CONDITION_ATTRIBUTE_USER_WRITABLE');
    expect(finding?.title).toContain('$.claims[4].when.attributes["name"]');
    expect(finding?.claim).toBe('vip');
    expect(finding?.fix.cli).toContain('update-user-pool-client');
  });

  it('reports it as a warning when the rule writes the ID token only', async () => {
    // Prepare
    const r = withAdminScope(recordedPool());
    r.config.claims.push({
      claim: 'vip',
      value: true,
      tokens: ['id'],
      when: { attributes: { name: ['VIP'] } },
    });
    // Act
    const findings = await doctor(r);
    // Assess
    expect(escalations(findings)).toEqual(['warning:CONDITION_ATTRIBUTE_USER_WRITABLE:name']);
  });

  it('reports a scope added on a user-writable attribute as critical', async () => {
    // Prepare
    const r = withAdminScope(recordedPool());
    r.config.scopes = {
      add: [{ scope: 'orders/admin', when: { attributes: { given_name: ['Root'] } } }],
    };
    // Act
    const findings = await doctor(r);
    // Assess
    expect(escalations(findings)).toEqual(['critical:SCOPE_CONDITION_USER_WRITABLE:given_name']);
  });

  it('reports groups rewritten from a user-writable attribute as critical', async () => {
    // Prepare
    const r = withAdminScope(recordedPool());
    r.config.groups = { from: 'family_name', keep: { prefixes: ['web-'] } };
    // Act
    const findings = await doctor(r);
    // Assess
    expect(escalations(findings)).toEqual(['critical:GROUPS_SOURCE_USER_WRITABLE:family_name']);
  });

  it('reports a map source users can write as the claim source it is', async () => {
    // Prepare
    const r = withAdminScope(recordedPool());
    r.config.claims.push({
      claim: 'role',
      from: 'name',
      map: { boss: 'admin' },
      tokens: ['access'],
    });
    // Act
    const findings = await doctor(r);
    // Assess
    expect(escalations(findings)).toEqual(['critical:ACCESS_CLAIM_USER_WRITABLE:name']);
  });

  it('lowers it to a warning while the V2 trigger suppresses the admin scope', async () => {
    // Prepare
    const r = withAdminScope(recordedPool());
    r.config.groups = { from: 'family_name' };
    r.config.scopes = { suppress: [ADMIN_SCOPE] };
    // Act
    const findings = await doctor(r);
    // Assess
    expect(escalations(findings)).toEqual(['warning:GROUPS_SOURCE_USER_WRITABLE:family_name']);
    expect(findings.find((f) => f.code === 'GROUPS_SOURCE_USER_WRITABLE')?.title).toContain(
      "only the trigger's scope suppression stops them",
    );
  });

  it('flags nothing when the client cannot issue the admin scope', async () => {
    // Prepare
    const r = recordedPool();
    r.config.groups = { from: 'family_name' };
    // Act
    const findings = await doctor(r);
    // Assess
    expect(escalations(findings)).toEqual([]);
  });
});
