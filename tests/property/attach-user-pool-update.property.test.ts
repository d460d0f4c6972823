import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import fc from 'fast-check';
import {
  diffSettings,
  mergeLambdaConfig,
  READ_ONLY_FIELDS,
  type TriggerTargets,
  toUpdateUserPoolInput,
} from '../../cli/common/user-pool-update';

const arnArb = fc
  .stringMatching(/^[a-z][a-z0-9-]{0,20}$/)
  .map((name) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`);

const targetsArb: fc.Arbitrary<TriggerTargets> = fc.record(
  {
    preTokenGeneration: arnArb,
    postAuthentication: arnArb,
    inboundFederation: arnArb,
    preTokenLambdaVersion: fc.constantFrom('V1_0', 'V2_0', 'V3_0'),
  },
  { requiredKeys: ['preTokenGeneration', 'postAuthentication', 'preTokenLambdaVersion'] },
);

const poolArb: fc.Arbitrary<UserPoolType> = fc.record(
  {
    Id: fc.constant('eu-west-1_AbC123'),
    Name: fc.string({ minLength: 1, maxLength: 20 }),
    Arn: fc.constant('arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123'),
    Status: fc.constant('Enabled' as const),
    EstimatedNumberOfUsers: fc.nat(),
    Policies: fc.record({
      PasswordPolicy: fc.record({ MinimumLength: fc.integer({ min: 6, max: 99 }) }),
    }),
    DeletionProtection: fc.constantFrom('ACTIVE' as const, 'INACTIVE' as const),
    AutoVerifiedAttributes: fc.subarray(['email' as const, 'phone_number' as const]),
    MfaConfiguration: fc.constantFrom('OFF' as const, 'ON' as const, 'OPTIONAL' as const),
    UserPoolTags: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 10 })),
    SmsAuthenticationMessage: fc.string({ maxLength: 30 }).map((text) => `${text} {####}`),
    UserPoolAddOns: fc.record({
      AdvancedSecurityMode: fc.constantFrom('OFF' as const, 'AUDIT' as const),
    }),
    UserPoolTier: fc.constantFrom('LITE' as const, 'ESSENTIALS' as const, 'PLUS' as const),
    AccountRecoverySetting: fc.record({
      RecoveryMechanisms: fc.constant([{ Name: 'verified_email' as const, Priority: 1 }]),
    }),
    LambdaConfig: fc.record(
      {
        PreSignUp: arnArb,
        CustomMessage: arnArb,
        PreAuthentication: arnArb,
        PostAuthentication: arnArb,
        UserMigration: arnArb,
        KMSKeyID: fc.constant('arn:aws:kms:eu-west-1:123456789012:key/k'),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['Id'] },
);

describe('attach: UpdateUserPool input (property)', () => {
  it('changes nothing but LambdaConfig and keeps every trigger slot it does not own', () => {
    fc.assert(
      fc.property(poolArb, targetsArb, (pool, targets) => {
        // Act
        const before = toUpdateUserPoolInput(pool, pool.LambdaConfig);
        const after = toUpdateUserPoolInput(pool, mergeLambdaConfig(pool.LambdaConfig, targets));
        // Assess
        const changed = diffSettings(before, after).map((change) => change.path);
        expect(changed.every((path) => path.startsWith('LambdaConfig.'))).toBe(true);
        for (const slot of [
          'PreSignUp',
          'CustomMessage',
          'PreAuthentication',
          'UserMigration',
          'KMSKeyID',
        ] as const) {
          expect(after.LambdaConfig?.[slot]).toBe(pool.LambdaConfig?.[slot]);
        }
        for (const field of READ_ONLY_FIELDS) expect(after).not.toHaveProperty(field);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent: attaching to an attached pool changes nothing', () => {
    fc.assert(
      fc.property(poolArb, targetsArb, (pool, targets) => {
        // Prepare
        const attached = { ...pool, LambdaConfig: mergeLambdaConfig(pool.LambdaConfig, targets) };
        // Act
        const again = mergeLambdaConfig(attached.LambdaConfig, targets);
        // Assess
        expect(
          diffSettings(
            toUpdateUserPoolInput(attached, attached.LambdaConfig),
            toUpdateUserPoolInput(attached, again),
          ),
        ).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
