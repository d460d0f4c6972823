/**
 * Each doctor finding, reproduced from recorded Cognito API responses (tests/fixtures/doctor)
 * served through aws-sdk-client-mock to the real `cognito-claims doctor` command. The healthy
 * recording gives no finding; each case changes one thing the way users get it wrong.
 */
import {
  CognitoIdentityProviderClient,
  ListIdentityProvidersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import type { Finding } from '../../../cli/doctor/types';
import { runCli } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';
import {
  ADMIN_SCOPE,
  type Json,
  POOL_ID,
  type RecordedPool,
  recordedPool,
  serveRecordedPool,
  web,
} from '../../helpers/recorded-doctor-pool';

const cognito = mockClient(CognitoIdentityProviderClient);

const serve = (r: RecordedPool) => serveRecordedPool(cognito, r);

const doctor = async (r: RecordedPool) => {
  serve(r);
  const io = captureIo({ env: { CLAIMS_CONFIG: JSON.stringify(r.config) } });
  const code = await runCli(['doctor', '--user-pool-id', POOL_ID, '--json'], io);
  const report = JSON.parse(io.out()) as { findings: Finding[]; exitCode: number };
  return { code, findings: report.findings, io };
};

const schema = (r: RecordedPool, name: string): Json =>
  r.pool.UserPool.SchemaAttributes.find((a: Json) => a.Name === name);
const google = (r: RecordedPool): Json => r.providerDetails.Google.IdentityProvider;
const codes = (findings: readonly Finding[]) => findings.map((f) => `${f.severity}:${f.code}`);

afterAll(() => cognito.restore());

describe('doctor findings from recorded API responses', () => {
  it('finds nothing wrong in the healthy recording and exits 0', async () => {
    // Prepare
    const r = recordedPool();

    // Act
    const { code, findings } = await doctor(r);

    // Assess
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });

  const cases: [string, (r: RecordedPool) => void, string][] = [
    [
      'reports a pool with no Pre Token Generation trigger as critical',
      (r) => {
        delete r.pool.UserPool.LambdaConfig.PreTokenGenerationConfig;
      },
      'critical:TRIGGER_NOT_WIRED',
    ],
    [
      'reports a trigger wired through the legacy PreTokenGeneration field',
      (r) => {
        const arn = r.pool.UserPool.LambdaConfig.PreTokenGenerationConfig.LambdaArn;
        r.pool.UserPool.LambdaConfig = { PreTokenGeneration: arn };
      },
      'warning:TRIGGER_LEGACY_FIELD',
    ],
    [
      'reports a V1_0 trigger while the config customises the access token',
      (r) => {
        r.pool.UserPool.LambdaConfig.PreTokenGenerationConfig.LambdaVersion = 'V1_0';
      },
      'warning:TRIGGER_V1_ACCESS_CLAIMS',
    ],
    [
      'reports legacy and current trigger fields naming different functions',
      (r) => {
        r.pool.UserPool.LambdaConfig.PreTokenGeneration =
          'arn:aws:lambda:eu-west-1:123456789012:function:old-trigger';
      },
      'warning:TRIGGER_ARN_MISMATCH',
    ],
    [
      'reports an unknown trigger event version',
      (r) => {
        r.pool.UserPool.LambdaConfig.PreTokenGenerationConfig.LambdaVersion = 'V9_0';
      },
      'warning:TRIGGER_VERSION_UNKNOWN',
    ],
    [
      'notes that V2_0 leaves client-credentials tokens unchanged',
      (r) => {
        r.pool.UserPool.LambdaConfig.PreTokenGenerationConfig.LambdaVersion = 'V2_0';
      },
      'info:TRIGGER_M2M_NEEDS_V3',
    ],
    [
      'reports an IdP token guard that no trigger runs',
      (r) => {
        delete r.pool.UserPool.LambdaConfig.PostAuthentication;
      },
      'warning:IDP_GUARD_NOT_WIRED',
    ],
    [
      'reports the Lite plan with access-token claims',
      (r) => {
        r.pool.UserPool.UserPoolTier = 'LITE';
      },
      'warning:LITE_PLAN_ACCESS_CLAIMS',
    ],
    [
      'notes when the feature plan is not reported',
      (r) => {
        delete r.pool.UserPool.UserPoolTier;
      },
      'info:PLAN_NOT_REPORTED',
    ],
    [
      'reports an access-token claim from a user-writable attribute with the admin scope in AllowedOAuthScopes as critical',
      (r) => {
        web(r).WriteAttributes.push('custom:roles');
        web(r).AllowedOAuthScopes.push(ADMIN_SCOPE);
      },
      'critical:ACCESS_CLAIM_USER_WRITABLE',
    ],
    [
      'reports an access-token claim from a user-writable attribute with SRP sign-in enabled as critical',
      (r) => {
        web(r).WriteAttributes.push('custom:roles');
        web(r).ExplicitAuthFlows.push('ALLOW_USER_SRP_AUTH');
      },
      'critical:ACCESS_CLAIM_USER_WRITABLE',
    ],
    [
      'reports a user-writable claim source when no auth flows are set (Cognito defaults to SRP)',
      (r) => {
        web(r).WriteAttributes.push('custom:roles');
        delete web(r).ExplicitAuthFlows;
      },
      'critical:ACCESS_CLAIM_USER_WRITABLE',
    ],
    [
      'reports an app client that cannot read an attribute a claim needs',
      (r) => {
        web(r).ReadAttributes = web(r).ReadAttributes.filter((a: string) => a !== 'custom:roles');
      },
      'warning:CLIENT_CANNOT_READ_ATTRIBUTE',
    ],
    [
      'reports a required claim whose attribute is not in the schema as critical',
      (r) => {
        r.pool.UserPool.SchemaAttributes = r.pool.UserPool.SchemaAttributes.filter(
          (a: Json) => a.Name !== 'custom:tenant_id',
        );
        web(r).ReadAttributes = web(r).ReadAttributes.filter(
          (a: string) => a !== 'custom:tenant_id',
        );
      },
      'critical:CLAIM_ATTRIBUTE_NOT_IN_SCHEMA',
    ],
    [
      'reports a claim sourced from an immutable attribute',
      (r) => {
        schema(r, 'custom:tenant_id').Mutable = false;
      },
      'warning:CLAIM_ATTRIBUTE_IMMUTABLE',
    ],
    [
      'reports an IdP token attribute shorter than 2,048 as critical',
      (r) => {
        schema(r, 'custom:id_token').StringAttributeConstraints.MaxLength = '256';
      },
      'critical:IDP_TOKEN_ATTRIBUTE_TOO_SHORT',
    ],
    [
      'reports an immutable IdP token attribute as critical',
      (r) => {
        schema(r, 'custom:idp_access_token').Mutable = false;
      },
      'critical:IDP_TOKEN_ATTRIBUTE_IMMUTABLE',
    ],
    [
      'reports an IdP token attribute that lands in the ID token',
      (r) => {
        web(r).ReadAttributes.push('custom:id_token');
        r.config.suppress.id = ['custom:idp_access_token'];
      },
      'warning:IDP_TOKEN_IN_ID_TOKEN',
    ],
    [
      'reports a mapped attribute the app client cannot write as critical',
      (r) => {
        web(r).WriteAttributes = web(r).WriteAttributes.filter(
          (a: string) => a !== 'custom:id_token',
        );
      },
      'critical:MAPPED_ATTRIBUTE_NOT_WRITABLE',
    ],
    [
      'reports an IdP mapping onto an attribute the pool does not have as critical',
      (r) => {
        google(r).AttributeMapping['custom:hd'] = 'hd';
      },
      'critical:MAPPED_ATTRIBUTE_NOT_IN_SCHEMA',
    ],
    [
      'reports an IdP mapping onto an immutable attribute as critical',
      (r) => {
        schema(r, 'custom:roles').Mutable = false;
        google(r).AttributeMapping['custom:roles'] = 'groups';
        web(r).WriteAttributes.push('custom:roles');
      },
      'critical:MAPPED_ATTRIBUTE_IMMUTABLE',
    ],
    [
      'reports an IdP mapping onto a short attribute',
      (r) => {
        r.pool.UserPool.SchemaAttributes.push({
          Name: 'custom:groups',
          AttributeDataType: 'String',
          Mutable: true,
          StringAttributeConstraints: { MinLength: '0', MaxLength: '256' },
        });
        google(r).AttributeMapping['custom:groups'] = 'groups';
        web(r).WriteAttributes.push('custom:groups');
      },
      'warning:MAPPED_ATTRIBUTE_TOO_SHORT',
    ],
    [
      'reports a username mapped to the wrong IdP claim',
      (r) => {
        google(r).AttributeMapping.username = 'email';
      },
      'warning:USERNAME_MAPPED_TO_WRONG_CLAIM',
    ],
    [
      'reports a configured provider the pool does not have',
      (r) => {
        r.config.providers = { Okta: { expectedAttributes: ['email'] } };
      },
      'warning:PROVIDER_NOT_IN_POOL',
    ],
    [
      'reports an IdP token rule no provider feeds',
      (r) => {
        delete google(r).AttributeMapping['custom:idp_access_token'];
      },
      'warning:IDP_TOKEN_NOT_MAPPED',
    ],
    [
      'notes a pool without app clients',
      (r) => {
        r.list.UserPoolClients = [];
      },
      'info:NO_APP_CLIENTS',
    ],
  ];

  it.each(cases)('%s', async (_name, change, expected) => {
    // Prepare
    const r = recordedPool();
    change(r);

    // Act
    const { code, findings } = await doctor(r);

    // Assess
    expect(codes(findings)).toContain(expected);
    const finding = findings.find((f) => `${f.severity}:${f.code}` === expected);
    expect(finding?.why.length).toBeGreaterThan(20);
    expect(finding?.fix.console).toMatch(/→/);
    expect(finding?.fix.cli).toMatch(/^(aws cognito-idp |npm run attach -- )/);
    expect(code).toBe(expected.startsWith('critical') ? 2 : 0);
  });

  it('warns, not fails, about a user-writable claim source when the config suppresses the admin scope, since that holds only while the trigger runs', async () => {
    // Prepare
    const r = recordedPool();
    web(r).WriteAttributes.push('custom:roles');
    web(r).AllowedOAuthScopes.push(ADMIN_SCOPE);
    r.config.scopes = { add: [], suppress: [ADMIN_SCOPE] };

    // Act
    const { code, findings } = await doctor(r);

    // Assess
    expect(codes(findings)).not.toContain('critical:ACCESS_CLAIM_USER_WRITABLE');
    const finding = findings.find((f) => f.code === 'WRITABLE_CLAIM_SOURCE_SCOPE_SUPPRESSED');
    expect(finding).toMatchObject({
      severity: 'warning',
      attribute: 'custom:roles',
      claim: 'roles',
    });
    expect(finding?.why).toContain('fails open');
    expect(finding?.why).toContain('invalid CLAIMS_CONFIG');
    expect(finding?.fix.console).toContain('untick "custom:roles" under Write');
    expect(finding?.fix.cli).toMatch(/--write-attributes email name given_name family_name /);
    expect(code).toBe(0);
  });

  it('says the scope suppression it suggests depends on the trigger, so WriteAttributes need restricting too', async () => {
    // Prepare
    const r = recordedPool();
    web(r).WriteAttributes.push('custom:roles');
    web(r).AllowedOAuthScopes.push(ADMIN_SCOPE);

    // Act
    const { findings } = await doctor(r);

    // Assess
    const finding = findings.find((f) => f.code === 'ACCESS_CLAIM_USER_WRITABLE');
    expect(finding?.fix.config).toContain('holds only while the trigger runs');
    expect(finding?.fix.config).toContain('restrict WriteAttributes too');
  });

  it('reports an ID-token claim from a user-writable attribute when the authorizer reads ID tokens', async () => {
    // Prepare
    const r = recordedPool();
    web(r).WriteAttributes.push('custom:employee_no');
    web(r).ExplicitAuthFlows.push('ALLOW_USER_SRP_AUTH');
    const asAccess = await doctor(r);
    r.config.authorizer.tokenUse = 'id';

    // Act
    const asId = await doctor(r);

    // Assess
    expect(codes(asAccess.findings)).not.toContain('critical:ACCESS_CLAIM_USER_WRITABLE');
    expect(asId.findings[0]).toMatchObject({
      code: 'ACCESS_CLAIM_USER_WRITABLE',
      severity: 'critical',
      claim: 'employee_number',
    });
    expect(asId.findings[0]?.title).toMatch(/^ID-token claim "employee_number"/);
    expect(asId.code).toBe(2);
  });

  it("warns about an ID-token claim from a user-writable attribute when API Gateway's JWT authorizer may accept ID tokens", async () => {
    // Prepare
    const r = recordedPool();
    web(r).WriteAttributes.push('custom:employee_no');
    web(r).ExplicitAuthFlows.push('ALLOW_USER_SRP_AUTH');

    // Act
    const { code, findings } = await doctor(r);

    // Assess
    expect(findings[0]).toMatchObject({
      code: 'ID_CLAIM_USER_WRITABLE',
      severity: 'warning',
      claim: 'employee_number',
      attribute: 'custom:employee_no',
    });
    expect(findings[0]?.why).toContain('JWT authorizer');
    expect(findings[0]?.why).toContain('accepts ID tokens');
    expect(findings[0]?.fix.config).toContain('authorizationScopes');
    expect(findings[0]?.fix.config).toContain('meAuthorizer: claimsAuthorizer');
    expect(code).toBe(0);
  });

  it('still reports it when the scope suppression cannot apply because the trigger is V1_0', async () => {
    // Prepare
    const r = recordedPool();
    web(r).WriteAttributes.push('custom:roles');
    web(r).AllowedOAuthScopes.push(ADMIN_SCOPE);
    r.config.scopes = { add: [], suppress: [ADMIN_SCOPE] };
    r.pool.UserPool.LambdaConfig.PreTokenGenerationConfig.LambdaVersion = 'V1_0';

    // Act
    const { findings } = await doctor(r);

    // Assess
    const finding = findings.find((f) => f.code === 'ACCESS_CLAIM_USER_WRITABLE');
    expect(finding?.why).toContain('not applied');
  });

  it('still checks that IdP token attributes are writable when the providers cannot be listed', async () => {
    // Prepare
    const r = recordedPool();
    web(r).WriteAttributes = web(r).WriteAttributes.filter((a: string) => a !== 'custom:id_token');
    serve(r);
    const unsupported = Object.assign(new Error('Cognito Local unsupported feature'), {
      name: 'Unsupported',
      $metadata: { httpStatusCode: 500, attempts: 5 },
    });
    cognito.on(ListIdentityProvidersCommand).rejects(unsupported);
    const io = captureIo({ env: { CLAIMS_CONFIG: JSON.stringify(r.config) } });

    // Act
    const code = await runCli(['doctor', '--user-pool-id', POOL_ID, '--json'], io);

    // Assess
    const { findings } = JSON.parse(io.out()) as { findings: Finding[] };
    expect(codes(findings)).toEqual(['critical:MAPPED_ATTRIBUTE_NOT_WRITABLE', 'info:NOT_CHECKED']);
    expect(findings[0]?.title).toContain(
      'signs users in through Google but cannot write "custom:id_token", where the idpTokens config expects an IdP token',
    );
    expect(code).toBe(2);
  });

  it("reads a claim from the user's groups as no attribute of the pool", async () => {
    // Prepare
    const r = recordedPool();
    r.config.claims.push({
      claim: 'permissions',
      from: 'cognito:groups',
      type: 'string[]',
      tokens: ['access'],
      map: { admins: ['items:write'] },
    });

    // Act
    const { code, findings } = await doctor(r);

    // Assess
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('reports identity providers it could not read as a warning and runs every other check', async () => {
    // Prepare
    const r = recordedPool();
    schema(r, 'custom:id_token').StringAttributeConstraints.MaxLength = '256';
    serve(r);
    const denied = Object.assign(
      new Error('User is not authorized to perform ListIdentityProviders'),
      {
        name: 'AccessDeniedException',
      },
    );
    cognito.on(ListIdentityProvidersCommand).rejects(denied);
    const io = captureIo({ env: { CLAIMS_CONFIG: JSON.stringify(r.config) } });

    // Act
    const code = await runCli(['doctor', '--user-pool-id', POOL_ID, '--json'], io);

    // Assess
    const report = JSON.parse(io.out()) as { findings: Finding[]; providers: number | null };
    expect(codes(report.findings)).toEqual([
      'critical:IDP_TOKEN_ATTRIBUTE_TOO_SHORT',
      'warning:NOT_CHECKED',
    ]);
    expect(report.findings[1]?.why).toContain('cognito-idp:ListIdentityProviders');
    expect(report.providers).toBeNull();
    expect(code).toBe(2);
  });
});

describe('doctor on an app client without attribute permission lists', () => {
  // Cognito gives such a client read and write on every attribute, custom ones included.
  const unlisted: [string, (client: Json) => void][] = [
    [
      'absent',
      (client) => {
        delete client.ReadAttributes;
        delete client.WriteAttributes;
      },
    ],
    [
      'empty',
      (client) => {
        client.ReadAttributes = [];
        client.WriteAttributes = [];
      },
    ],
  ];

  it.each(unlisted)(
    'treats %s lists as read and write on every custom attribute',
    async (_name, clear) => {
      // Prepare
      const r = recordedPool();
      clear(web(r));
      web(r).ExplicitAuthFlows.push('ALLOW_USER_SRP_AUTH');
      r.config.suppress.id = [];

      // Act
      const { code, findings } = await doctor(r);

      // Assess
      const found = codes(findings);
      expect(found).toContain('critical:ACCESS_CLAIM_USER_WRITABLE');
      expect(findings.find((f) => f.code === 'ACCESS_CLAIM_USER_WRITABLE')?.why).toContain(
        'sets no WriteAttributes',
      );
      expect(found).toContain('warning:IDP_TOKEN_IN_ID_TOKEN');
      expect(found).not.toContain('warning:CLIENT_CANNOT_READ_ATTRIBUTE');
      expect(found).not.toContain('critical:MAPPED_ATTRIBUTE_NOT_WRITABLE');
      expect(code).toBe(2);
    },
  );
});

describe('doctor fix commands that change the pool', () => {
  // A bare update-user-pool resets every setting it leaves out, so none may be printed as the fix.
  const bareUpdate = /^aws cognito-idp update-user-pool (?!.*--cli-input-json)/;

  const wiring: [string, (r: RecordedPool) => void, string, string][] = [
    [
      'TRIGGER_NOT_WIRED',
      (r) => {
        delete r.pool.UserPool.LambdaConfig.PreTokenGenerationConfig;
      },
      '<stage>',
      'V3_0',
    ],
    [
      'TRIGGER_V1_ACCESS_CLAIMS',
      (r) => {
        r.pool.UserPool.LambdaConfig.PreTokenGenerationConfig.LambdaVersion = 'V1_0';
      },
      'prod',
      'V3_0',
    ],
    [
      'TRIGGER_LEGACY_FIELD',
      (r) => {
        const arn = r.pool.UserPool.LambdaConfig.PreTokenGenerationConfig.LambdaArn;
        r.pool.UserPool.LambdaConfig = { PreTokenGeneration: arn, PostAuthentication: arn };
      },
      'prod',
      'V3_0',
    ],
    [
      'IDP_GUARD_NOT_WIRED',
      (r) => {
        delete r.pool.UserPool.LambdaConfig.PostAuthentication;
      },
      'prod',
      'V3_0',
    ],
  ];

  it.each(wiring)('prints npm run attach for %s', async (code, change, stage, version) => {
    // Prepare
    const r = recordedPool();
    change(r);

    // Act
    const { findings } = await doctor(r);

    // Assess
    const finding = findings.find((f) => f.code === code);
    expect(finding?.fix.cli).toMatch(
      new RegExp(
        `^npm run attach -- --user-pool-id ${POOL_ID} --region eu-west-1 --stage ${stage.replace(/[<>]/g, '\\$&')} --lambda-version ${version} `,
      ),
    );
    expect(finding?.fix.cli).not.toMatch(bareUpdate);
  });

  it('keeps the V1_0 trigger version when attaching the IdP guard to a pool whose config touches only the ID token', async () => {
    // Prepare
    const r = recordedPool();
    delete r.pool.UserPool.LambdaConfig.PostAuthentication;
    r.pool.UserPool.LambdaConfig.PreTokenGenerationConfig.LambdaVersion = 'V1_0';
    r.config.claims = r.config.claims.filter((rule: Json) => !rule.tokens.includes('access'));

    // Act
    const { findings } = await doctor(r);

    // Assess
    const finding = findings.find((f) => f.code === 'IDP_GUARD_NOT_WIRED');
    expect(finding?.fix.cli).toContain('--lambda-version V1_0');
  });

  it('prints a describe, edit, update recipe for the feature plan that writes back every setting', async () => {
    // Prepare
    const r = recordedPool();
    r.pool.UserPool.UserPoolTier = 'LITE';

    // Act
    const { findings } = await doctor(r);

    // Assess
    const cli = findings.find((f) => f.code === 'LITE_PLAN_ACCESS_CLAIMS')?.fix.cli ?? '';
    const steps = cli.split(' && ');
    expect(steps).toHaveLength(3);
    expect(steps[0]).toBe(
      `aws cognito-idp describe-user-pool --user-pool-id ${POOL_ID} --region eu-west-1 --query UserPool --output json > pool.json`,
    );
    expect(steps[1]).toMatch(/^jq '.*UserPoolTier: "ESSENTIALS".*' pool\.json > update\.json$/);
    expect(steps[1]).toContain('del(.Id, .Name, .Status,');
    expect(steps[2]).toMatch(
      /^aws cognito-idp update-user-pool --region eu-west-1 --cli-input-json file:\/\/update\.json /,
    );
    expect(cli).not.toContain('--user-pool-tier');
  });
});
