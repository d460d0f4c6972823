import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import {
  choosePreTokenVersion,
  diffSettings,
  mergeLambdaConfig,
  READ_ONLY_FIELDS,
  renderDiff,
  requiredClaimGaps,
  schemaProblems,
  type TriggerTargets,
  toUpdateUserPoolInput,
  triggerConflicts,
  WRITABLE_FIELDS,
} from '../../../cli/common/user-pool-update';
import { accessTokenNeeds } from '../../../shared/core/config/access-token-needs';
import { parseConfig } from '../../../shared/core/config/parse-config';

const arn = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;
const targets: TriggerTargets = {
  preTokenGeneration: arn('claims-pre-token'),
  postAuthentication: arn('claims-post-auth'),
  inboundFederation: arn('claims-inbound'),
  preTokenLambdaVersion: 'V2_0',
};

/** What DescribeUserPool returns for a pool with most settings in use. */
const describedPool = (): UserPoolType => ({
  Id: 'eu-west-1_AbCdEf123',
  Name: 'acme-prod',
  Arn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123',
  Status: 'Enabled',
  CreationDate: new Date('2024-01-01T00:00:00Z'),
  LastModifiedDate: new Date('2025-06-01T00:00:00Z'),
  EstimatedNumberOfUsers: 1200,
  Domain: 'acme-auth',
  UsernameAttributes: ['email'],
  SchemaAttributes: [{ Name: 'custom:tenant_id', AttributeDataType: 'String', Mutable: true }],
  UsernameConfiguration: { CaseSensitive: false },
  Policies: {
    PasswordPolicy: { MinimumLength: 14, RequireSymbols: true, TemporaryPasswordValidityDays: 3 },
  },
  DeletionProtection: 'ACTIVE',
  AutoVerifiedAttributes: ['email'],
  VerificationMessageTemplate: {
    DefaultEmailOption: 'CONFIRM_WITH_CODE',
    EmailMessage: 'Code {####}',
    EmailSubject: 'Verify',
    SmsMessage: 'SMS code {####}',
  },
  EmailVerificationMessage: 'Code {####}',
  EmailVerificationSubject: 'Verify',
  SmsVerificationMessage: 'SMS code {####}',
  SmsAuthenticationMessage: 'Sign-in {####}',
  UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
  MfaConfiguration: 'OPTIONAL',
  DeviceConfiguration: { ChallengeRequiredOnNewDevice: true },
  EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' },
  SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms', ExternalId: 'x' },
  UserPoolTags: { team: 'identity' },
  AdminCreateUserConfig: { AllowAdminCreateUserOnly: true, UnusedAccountValidityDays: 3 },
  UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
  AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
  UserPoolTier: 'PLUS',
  LambdaConfig: { PreSignUp: arn('acme-pre-sign-up'), KMSKeyID: 'arn:aws:kms:eu-west-1:1:key/k' },
});

const config = (claims: unknown[], extra: Record<string, unknown> = {}) =>
  parseConfig({ claims, ...extra });

describe('mergeLambdaConfig', () => {
  it('sets our triggers and keeps the pool’s other triggers and keys', () => {
    // Prepare
    const current = describedPool().LambdaConfig;
    // Act
    const merged = mergeLambdaConfig(current, targets);
    // Assess
    expect(merged).toEqual({
      PreSignUp: arn('acme-pre-sign-up'),
      KMSKeyID: 'arn:aws:kms:eu-west-1:1:key/k',
      PreTokenGeneration: targets.preTokenGeneration,
      PreTokenGenerationConfig: { LambdaArn: targets.preTokenGeneration, LambdaVersion: 'V2_0' },
      PostAuthentication: targets.postAuthentication,
      PostConfirmation: targets.postAuthentication,
      InboundFederation: { LambdaArn: targets.inboundFederation, LambdaVersion: 'V1_0' },
    });
  });

  it('leaves the inbound federation slot alone when no function is given for it', () => {
    // Prepare
    const { inboundFederation: _none, ...withoutInbound } = targets;
    const current = {
      InboundFederation: { LambdaArn: arn('theirs'), LambdaVersion: 'V1_0' as const },
    };
    // Act
    const merged = mergeLambdaConfig(current, withoutInbound);
    // Assess
    expect(merged.InboundFederation).toEqual(current.InboundFederation);
  });
});

describe('triggerConflicts', () => {
  it('reports a slot that holds another function and nothing for empty or own slots', () => {
    // Prepare
    const current = {
      PostConfirmation: arn('acme-welcome-mail'),
      PreTokenGeneration: targets.preTokenGeneration,
    };
    // Act
    const conflicts = triggerConflicts(current, targets);
    // Assess
    expect(conflicts).toEqual([
      {
        slot: 'PostConfirmation',
        current: arn('acme-welcome-mail'),
        wanted: targets.postAuthentication,
      },
    ]);
  });
});

describe('toUpdateUserPoolInput', () => {
  it('writes back every writable setting read and leaves out the read-only ones', () => {
    // Prepare
    const pool = describedPool();
    // Act
    const input = toUpdateUserPoolInput(pool, pool.LambdaConfig);
    // Assess
    expect(input).toEqual({
      UserPoolId: 'eu-west-1_AbCdEf123',
      PoolName: 'acme-prod',
      Policies: pool.Policies,
      DeletionProtection: 'ACTIVE',
      AutoVerifiedAttributes: ['email'],
      VerificationMessageTemplate: pool.VerificationMessageTemplate,
      EmailVerificationMessage: 'Code {####}',
      EmailVerificationSubject: 'Verify',
      SmsVerificationMessage: 'SMS code {####}',
      SmsAuthenticationMessage: 'Sign-in {####}',
      UserAttributeUpdateSettings: pool.UserAttributeUpdateSettings,
      MfaConfiguration: 'OPTIONAL',
      DeviceConfiguration: pool.DeviceConfiguration,
      EmailConfiguration: pool.EmailConfiguration,
      SmsConfiguration: pool.SmsConfiguration,
      UserPoolTags: { team: 'identity' },
      // UnusedAccountValidityDays mirrors TemporaryPasswordValidityDays; AWS rejects both.
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
      AccountRecoverySetting: pool.AccountRecoverySetting,
      UserPoolTier: 'PLUS',
      LambdaConfig: pool.LambdaConfig,
    });
    for (const field of READ_ONLY_FIELDS) expect(input).not.toHaveProperty(field);
  });

  it('keeps UnusedAccountValidityDays when the password policy has no temporary-password days', () => {
    // Prepare
    const pool = { ...describedPool(), Policies: { PasswordPolicy: { MinimumLength: 8 } } };
    // Act
    const input = toUpdateUserPoolInput(pool, undefined);
    // Assess
    expect(input.AdminCreateUserConfig).toEqual({
      AllowAdminCreateUserOnly: true,
      UnusedAccountValidityDays: 3,
    });
    expect(input).not.toHaveProperty('LambdaConfig');
  });

  it('drops a legacy verification message that disagrees with the template', () => {
    // Prepare
    const pool = { ...describedPool(), EmailVerificationMessage: 'Old text {####}' };
    // Act
    const input = toUpdateUserPoolInput(pool, undefined);
    // Assess
    expect(input).not.toHaveProperty('EmailVerificationMessage');
    expect(input.VerificationMessageTemplate?.EmailMessage).toBe('Code {####}');
  });

  it('names every field the SDK’s UserPoolType has, as writable or read-only', () => {
    // Assess
    expect([...READ_ONLY_FIELDS].sort()).toEqual(
      [
        'AliasAttributes',
        'Arn',
        'CreationDate',
        'CustomDomain',
        'Domain',
        'EmailConfigurationFailure',
        'EstimatedNumberOfUsers',
        'LastModifiedDate',
        'SchemaAttributes',
        'SmsConfigurationFailure',
        'Status',
        'UsernameAttributes',
        'UsernameConfiguration',
      ].sort(),
    );
    expect(WRITABLE_FIELDS).toEqual(
      expect.arrayContaining(['Policies', 'LambdaConfig', 'PoolName', 'UserPoolTier']),
    );
  });
});

describe('diffSettings', () => {
  it('lists only the trigger settings that change, leaf by leaf', () => {
    // Prepare
    const pool = describedPool();
    const before = toUpdateUserPoolInput(pool, pool.LambdaConfig);
    const after = toUpdateUserPoolInput(pool, mergeLambdaConfig(pool.LambdaConfig, targets));
    // Act
    const changes = diffSettings(before, after);
    // Assess
    expect(changes.map((change) => change.path)).toEqual([
      'LambdaConfig.InboundFederation.LambdaArn',
      'LambdaConfig.InboundFederation.LambdaVersion',
      'LambdaConfig.PostAuthentication',
      'LambdaConfig.PostConfirmation',
      'LambdaConfig.PreTokenGeneration',
      'LambdaConfig.PreTokenGenerationConfig.LambdaArn',
      'LambdaConfig.PreTokenGenerationConfig.LambdaVersion',
    ]);
    expect(renderDiff(changes)).toContain(
      '  + LambdaConfig.PreTokenGenerationConfig.LambdaVersion: V2_0',
    );
  });

  it('renders a replaced and a removed value', () => {
    // Act
    const lines = renderDiff(diffSettings({ a: { b: 'x', c: 'y' } }, { a: { b: 'z' } }));
    // Assess
    expect(lines).toEqual(['  ~ a.b: x -> z', '  - a.c: y']);
  });
});

describe('choosePreTokenVersion', () => {
  const accessClaims = config([
    { claim: 'tenant_id', from: 'custom:tenant_id', tokens: ['access'] },
  ]);
  const idOnly = config([{ claim: 'tenant_id', from: 'custom:tenant_id', tokens: ['id'] }]);

  it('refuses a Lite pool when the config customises the access token, and says why', () => {
    // Act
    const choice = choosePreTokenVersion('LITE', 'V2_0', accessClaims);
    // Assess
    expect(choice.ok).toBe(false);
    expect(!choice.ok && choice.reason).toMatch(/Lite feature plan.*only V1_0/);
    expect(!choice.ok && choice.reason).toContain('claims tenant_id go to the access token');
    expect(!choice.ok && choice.reason).toContain('Essentials or Plus');
    expect(!choice.ok && choice.reason).toContain('npm run doctor prints the recipe');
  });

  it('falls back to V1_0 on a Lite pool when the config touches only the ID token', () => {
    // Act
    const choice = choosePreTokenVersion('LITE', 'V2_0', idOnly);
    // Assess
    expect(choice).toMatchObject({ ok: true, version: 'V1_0' });
  });

  it('refuses V1_0 on any plan when the config customises the access token, and says why', () => {
    // Act
    const choices = [undefined, 'LITE', 'ESSENTIALS', 'PLUS'].map((tier) =>
      choosePreTokenVersion(tier, 'V1_0', accessClaims),
    );
    // Assess
    for (const choice of choices) {
      expect(choice.ok).toBe(false);
      expect(!choice.ok && choice.reason).toContain('V1_0 changes only the ID token');
      expect(!choice.ok && choice.reason).toContain('claims tenant_id go to the access token');
    }
  });

  it('accepts V1_0 for a config that touches only the ID token', () => {
    // Assess
    expect(choosePreTokenVersion('ESSENTIALS', 'V1_0', idOnly)).toEqual({
      ok: true,
      version: 'V1_0',
    });
  });

  it('keeps the requested version on Essentials and Plus', () => {
    // Assess
    expect(choosePreTokenVersion('ESSENTIALS', 'V2_0', accessClaims)).toEqual({
      ok: true,
      version: 'V2_0',
    });
    expect(choosePreTokenVersion('PLUS', 'V3_0', accessClaims)).toEqual({
      ok: true,
      version: 'V3_0',
    });
  });

  it('counts scopes and access-token suppression as access-token customisation', () => {
    // Prepare
    const scoped = config([], { scopes: { add: ['orders/read'], suppress: [] } });
    // Act
    const needs = accessTokenNeeds(scoped);
    // Assess
    expect(needs).toEqual(['it adds or suppresses scopes']);
    expect(accessTokenNeeds(idOnly)).toEqual([]);
  });
});

describe('schemaProblems', () => {
  it('names missing custom attributes and IdP token attributes Cognito cannot refresh or fit', () => {
    // Prepare
    const tokens = parseConfig({
      claims: [{ claim: 'tenant_id', from: 'custom:tenant_id' }],
      idpTokens: [
        { attribute: 'custom:id_token', format: 'jwt' },
        { attribute: 'custom:idp_access_token', format: 'opaque' },
      ],
    });
    const schema = [
      { Name: 'custom:id_token', AttributeDataType: 'String' as const, Mutable: false },
      {
        Name: 'custom:idp_access_token',
        AttributeDataType: 'String' as const,
        Mutable: true,
        StringAttributeConstraints: { MaxLength: '1024' },
      },
    ];
    // Act
    const problems = schemaProblems(tokens, schema);
    // Assess
    expect(problems).toEqual([
      'custom:tenant_id does not exist in the pool (add-custom-attributes)',
      'custom:id_token is not mutable: Cognito cannot refresh it at each federated sign-in',
      'custom:idp_access_token holds at most 1024 characters; the config expects 2048',
    ]);
  });

  it('finds nothing wrong with a schema that fits the config', () => {
    // Prepare
    const tokens = parseConfig({
      claims: [],
      idpTokens: [{ attribute: 'custom:id_token', format: 'jwt' }],
    });
    // Act
    const problems = schemaProblems(tokens, [
      { Name: 'custom:id_token', Mutable: true, StringAttributeConstraints: { MaxLength: '2048' } },
    ]);
    // Assess
    expect(problems).toEqual([]);
  });
});

describe('requiredClaimGaps', () => {
  it('names a required claim without default whose custom attribute the pool lacks', () => {
    // Prepare
    const required = parseConfig({
      claims: [
        { claim: 'tenant_id', from: 'custom:tenant_id', required: true },
        { claim: 'region', from: 'custom:region', required: true, default: 'eu' },
        { claim: 'roles', from: 'custom:roles' },
      ],
    });
    // Act
    const gaps = requiredClaimGaps(required, [{ Name: 'email' }]);
    // Assess
    expect(gaps).toEqual([
      'required claim "tenant_id" reads custom:tenant_id, which the pool does not have',
    ]);
    expect(requiredClaimGaps(required, [{ Name: 'custom:tenant_id' }])).toEqual([]);
    expect(requiredClaimGaps(required, undefined)).toEqual([]);
  });
});
