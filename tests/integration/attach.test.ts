/**
 * `npm run attach` as a user runs it (tsx cli/attach.ts, a child process with no terminal), and
 * the same command as `cognito-claims attach`, against a real cognito-local. cognito-local implements UpdateUserPool as AWS does: any setting
 * the call leaves out is reset. It round-trips AccountRecoverySetting, AdminCreateUserConfig,
 * AutoVerifiedAttributes, DeviceConfiguration, EmailConfiguration, EmailVerificationMessage,
 * EmailVerificationSubject, LambdaConfig, MfaConfiguration, Policies, SmsAuthenticationMessage,
 * SmsConfiguration, SmsVerificationMessage, UserPoolAddOns, UserPoolTags and
 * VerificationMessageTemplate. It does not report DeletionProtection, UserAttributeUpdateSettings
 * or UserPoolTier: tests/unit/attach-user-pool-update.test.ts covers those.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { type CognitoLocal, startCognitoLocal } from '../helpers/cognito-local';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const arn = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;
const OURS = {
  preToken: arn('cognito-claims-dev-preTokenGeneration'),
  postAuth: arn('cognito-claims-dev-postAuthentication'),
  inbound: arn('cognito-claims-dev-inboundFederation'),
};

/** A pool as a team runs it in production: many settings, two triggers of its own. */
const productionPool: CreateUserPoolCommandInput = {
  PoolName: 'acme-prod',
  Policies: {
    PasswordPolicy: {
      MinimumLength: 14,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: false,
      TemporaryPasswordValidityDays: 3,
    },
  },
  AutoVerifiedAttributes: ['email'],
  UsernameAttributes: ['email'],
  MfaConfiguration: 'OFF',
  EmailConfiguration: {
    EmailSendingAccount: 'COGNITO_DEFAULT',
    ReplyToEmailAddress: 'support@example.com',
  },
  SmsConfiguration: {
    SnsCallerArn: 'arn:aws:iam::123456789012:role/acme-cognito-sms',
    ExternalId: 'acme-external-id',
    SnsRegion: 'eu-west-1',
  },
  AdminCreateUserConfig: {
    AllowAdminCreateUserOnly: true,
    InviteMessageTemplate: {
      EmailSubject: 'Welcome to Acme',
      EmailMessage: 'Hello {username}, your code is {####}',
      SMSMessage: 'Acme: {username} / {####}',
    },
  },
  UserPoolAddOns: { AdvancedSecurityMode: 'OFF' },
  VerificationMessageTemplate: {
    DefaultEmailOption: 'CONFIRM_WITH_CODE',
    EmailMessage: 'Your Acme code is {####}',
    EmailSubject: 'Verify your Acme account',
    SmsMessage: 'Acme code {####}',
  },
  EmailVerificationMessage: 'Your Acme code is {####}',
  EmailVerificationSubject: 'Verify your Acme account',
  SmsVerificationMessage: 'Acme code {####}',
  SmsAuthenticationMessage: 'Acme sign-in code {####}',
  DeviceConfiguration: {
    ChallengeRequiredOnNewDevice: true,
    DeviceOnlyRememberedOnUserPrompt: true,
  },
  UserPoolTags: { team: 'identity', env: 'prod' },
  AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
  LambdaConfig: {
    PreSignUp: arn('acme-pre-sign-up'),
    CustomMessage: arn('acme-custom-message'),
  },
  Schema: [
    { Name: 'tenant_id', AttributeDataType: 'String', Mutable: true },
    { Name: 'id_token', AttributeDataType: 'String', Mutable: true },
  ],
};

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run attach -- <args>` (the alias), or `cognito-claims attach <args>`. */
const runAttach = (args: string[], entry = ['cli/attach.ts']): Promise<RunResult> =>
  new Promise((resolve) => {
    execFile(
      TSX,
      [...entry, ...args],
      { cwd: ROOT, timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });

/**
 * Everything but the triggers. AdminCreateUserConfig.UnusedAccountValidityDays is left out on
 * purpose: AWS reports it as a mirror of PasswordPolicy.TemporaryPasswordValidityDays but rejects
 * an update that carries both ("Please use TemporaryPasswordValidityDays in PasswordPolicy
 * instead of UnusedAccountValidityDays"), so attach does not write it; cognito-local, which
 * stores it separately, then forgets its default of 7.
 */
const otherSettings = (pool: UserPoolType | undefined) => {
  const { LambdaConfig: _triggers, LastModifiedDate: _modified, ...rest } = pool ?? {};
  const { UnusedAccountValidityDays: _mirror, ...adminCreateUser } =
    rest.AdminCreateUserConfig ?? {};
  return { ...rest, AdminCreateUserConfig: adminCreateUser };
};

describe('npm run attach against cognito-local', () => {
  let local: CognitoLocal;
  let cognito: CognitoIdentityProviderClient;
  let poolId: string;
  let before: UserPoolType | undefined;
  let attachArgs: string[];

  const describePool = async (id: string) =>
    (await cognito.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool;
  const updates = () => local.operations().filter((op) => op === 'UpdateUserPool').length;

  beforeAll(async () => {
    local = await startCognitoLocal();
    cognito = new CognitoIdentityProviderClient({
      region: 'eu-west-1',
      endpoint: local.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { UserPool } = await cognito.send(new CreateUserPoolCommand(productionPool));
    poolId = UserPool?.Id ?? '';
    before = await describePool(poolId);
    attachArgs = [
      '--user-pool-id',
      poolId,
      '--region',
      'eu-west-1',
      '--endpoint',
      local.endpoint,
      '--pre-token-arn',
      OURS.preToken,
      '--post-authentication-arn',
      OURS.postAuth,
      '--inbound-federation-arn',
      OURS.inbound,
    ];
  });

  afterAll(async () => {
    cognito?.destroy();
    await local?.stop();
  });

  it('shows the difference but refuses to write without a terminal or --yes', async () => {
    // Act
    const result = await runAttach(attachArgs);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('+ LambdaConfig.PreTokenGenerationConfig.LambdaVersion: V2_0');
    expect(result.stdout).toContain(`+ LambdaConfig.PostConfirmation: ${OURS.postAuth}`);
    // The pool lacks some attributes claims.config.json names: said, not fatal.
    expect(result.stdout).toContain('Warning: custom:roles does not exist in the pool');
    expect(result.stderr).toContain(
      'cognito-claims attach: no terminal to ask for confirmation: nothing was changed; read the difference above and re-run with --yes to apply it',
    );
    expect(updates()).toBe(0);
    expect(await describePool(poolId)).toEqual(before);
  });

  it('reports the same difference as JSON through cognito-claims attach', async () => {
    // Act
    const result = await runAttach([...attachArgs, '--json'], ['cli/cognito-claims.ts', 'attach']);
    // Assess
    const report = JSON.parse(result.stdout) as {
      status: string;
      changes: { path: string; after?: string }[];
      warnings: string[];
      exitCode: number;
    };
    expect(report.status).toBe('not-applied');
    expect(report.changes).toContainEqual({
      path: 'LambdaConfig.PreTokenGenerationConfig.LambdaVersion',
      after: 'V2_0',
    });
    expect(report.warnings).toContain(
      'custom:roles does not exist in the pool (add-custom-attributes)',
    );
    expect(report.exitCode).toBe(1);
    expect(result.stderr).toContain(
      'cognito-claims attach: nothing was changed: re-run with --yes to apply the changes listed',
    );
    expect(result.code).toBe(1);
    expect(updates()).toBe(0);
  });

  it('sets the triggers and keeps every other setting and trigger of the pool', async () => {
    // Act
    const result = await runAttach([...attachArgs, '--yes']);
    // Assess
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const after = await describePool(poolId);
    expect(after?.LambdaConfig).toEqual({
      PreSignUp: arn('acme-pre-sign-up'),
      CustomMessage: arn('acme-custom-message'),
      PreTokenGeneration: OURS.preToken,
      PreTokenGenerationConfig: { LambdaArn: OURS.preToken, LambdaVersion: 'V2_0' },
      PostAuthentication: OURS.postAuth,
      PostConfirmation: OURS.postAuth,
      InboundFederation: { LambdaArn: OURS.inbound, LambdaVersion: 'V1_0' },
    });
    expect(otherSettings(after)).toEqual(otherSettings(before));
    expect(after?.Policies?.PasswordPolicy?.MinimumLength).toBe(14);
    expect(after?.UserPoolTags).toEqual({ team: 'identity', env: 'prod' });
    expect(updates()).toBe(1);
  });

  it('changes nothing on a second run', async () => {
    // Prepare
    const settled = await describePool(poolId);
    // Act
    const result = await runAttach([...attachArgs, '--yes']);
    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Nothing to change');
    expect(updates()).toBe(1);
    expect(await describePool(poolId)).toEqual(settled);
  });

  it('refuses to replace a trigger that points at another function unless asked', async () => {
    // Prepare
    const { UserPool } = await cognito.send(
      new CreateUserPoolCommand({
        PoolName: 'acme-legacy',
        LambdaConfig: { PostAuthentication: arn('acme-audit') },
        Schema: productionPool.Schema,
      }),
    );
    const id = UserPool?.Id ?? '';
    const args = attachArgs.map((value) => (value === poolId ? id : value));
    // Act
    const refused = await runAttach([...args, '--yes']);
    const replaced = await runAttach([...args, '--yes', '--replace-triggers']);
    // Assess
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`PostAuthentication: ${arn('acme-audit')}`);
    expect(refused.stderr).toContain('--replace-triggers');
    expect(replaced.code).toBe(0);
    expect((await describePool(id))?.LambdaConfig?.PostAuthentication).toBe(OURS.postAuth);
  });

  it('reproduces the hazard it avoids: a bare UpdateUserPool resets what it leaves out', async () => {
    // Prepare
    const { UserPool } = await cognito.send(new CreateUserPoolCommand(productionPool));
    const id = UserPool?.Id ?? '';
    // Act
    await cognito.send(
      new UpdateUserPoolCommand({
        UserPoolId: id,
        LambdaConfig: { PostAuthentication: OURS.postAuth },
      }),
    );
    // Assess
    const after = await describePool(id);
    expect(after?.Policies).toBeUndefined();
    expect(after?.UserPoolTags).toBeUndefined();
    expect(after?.LambdaConfig?.PreSignUp).toBeUndefined();
  });

  it('refuses a pool without the attribute a required claim reads', async () => {
    // Prepare
    const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: 'acme-bare' }));
    const id = UserPool?.Id ?? '';
    const args = attachArgs.map((value) => (value === poolId ? id : value));
    const updatesBefore = updates();
    // Act
    const result = await runAttach([...args, '--yes']);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('every sign-in would be refused');
    expect(result.stderr).toContain('custom:tenant_id');
    expect(updates()).toBe(updatesBefore);
  });
});
