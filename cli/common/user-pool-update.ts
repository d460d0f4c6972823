/**
 * Pure logic of `npm run attach`: from what DescribeUserPool returned, the UpdateUserPool input
 * that changes only the trigger configuration. UpdateUserPool resets every setting the call leaves
 * out, so every writable setting read is written back; the field table below is checked by the
 * compiler against the SDK's UserPoolType, so a field AWS adds later cannot be dropped silently.
 */
import type {
  LambdaConfigType,
  SchemaAttributeType,
  UpdateUserPoolRequest,
  UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { accessTokenNeeds } from '../../shared/core/config/access-token-needs';

export const PreTokenLambdaVersion = {
  V1_0: 'V1_0',
  V2_0: 'V2_0',
  V3_0: 'V3_0',
} as const;
export type PreTokenLambdaVersion =
  (typeof PreTokenLambdaVersion)[keyof typeof PreTokenLambdaVersion];

/** The functions this suite deploys, as the stack outputs (or flags) name them. */
export interface TriggerTargets {
  readonly preTokenGeneration: string;
  /** Wired to both Post authentication and Post confirmation. */
  readonly postAuthentication: string;
  readonly inboundFederation?: string;
  readonly preTokenLambdaVersion: PreTokenLambdaVersion;
}

type Handling = 'copy' | 'renamed' | 'replaced' | 'read-only';

/**
 * Every field DescribeUserPool returns, and what becomes of it. `copy` fields have the same name
 * in UpdateUserPoolRequest; `read-only` ones cannot be changed by UpdateUserPool (schema, sign-in
 * identifiers, domains) or are status, and are left out.
 */
const USER_POOL_FIELDS = {
  Id: 'renamed', // UserPoolId
  Name: 'renamed', // PoolName
  Policies: 'copy',
  DeletionProtection: 'copy',
  LambdaConfig: 'replaced', // by the merged trigger configuration
  Status: 'read-only',
  LastModifiedDate: 'read-only',
  CreationDate: 'read-only',
  SchemaAttributes: 'read-only',
  AutoVerifiedAttributes: 'copy',
  AliasAttributes: 'read-only',
  UsernameAttributes: 'read-only',
  SmsVerificationMessage: 'copy',
  EmailVerificationMessage: 'copy',
  EmailVerificationSubject: 'copy',
  VerificationMessageTemplate: 'copy',
  SmsAuthenticationMessage: 'copy',
  UserAttributeUpdateSettings: 'copy',
  MfaConfiguration: 'copy',
  DeviceConfiguration: 'copy',
  EstimatedNumberOfUsers: 'read-only',
  EmailConfiguration: 'copy',
  SmsConfiguration: 'copy',
  UserPoolTags: 'copy',
  SmsConfigurationFailure: 'read-only',
  EmailConfigurationFailure: 'read-only',
  Domain: 'read-only',
  CustomDomain: 'read-only',
  AdminCreateUserConfig: 'copy',
  UserPoolAddOns: 'copy',
  DcrConfiguration: 'copy',
  UsernameConfiguration: 'read-only',
  Arn: 'read-only',
  AccountRecoverySetting: 'copy',
  UserPoolTier: 'copy',
  KeyConfiguration: 'copy',
  IssuerConfiguration: 'copy',
  AcrConfiguration: 'copy',
} as const satisfies Record<keyof UserPoolType, Handling>;

type CopiedField = {
  [K in keyof typeof USER_POOL_FIELDS]: (typeof USER_POOL_FIELDS)[K] extends 'copy' ? K : never;
}[keyof typeof USER_POOL_FIELDS];

// A copied field must exist under the same name in the update request.
const COPIED_FIELDS: readonly (CopiedField & keyof UpdateUserPoolRequest)[] = Object.entries(
  USER_POOL_FIELDS,
)
  .filter(([, handling]) => handling === 'copy')
  .map(([field]) => field as CopiedField);

/** Fields DescribeUserPool returns that UpdateUserPool cannot take. */
export const READ_ONLY_FIELDS: readonly string[] = Object.entries(USER_POOL_FIELDS)
  .filter(([, handling]) => handling === 'read-only')
  .map(([field]) => field);

export const WRITABLE_FIELDS: readonly string[] = [...COPIED_FIELDS, 'PoolName', 'LambdaConfig'];

/** The trigger slots this suite fills, for the conflict check and the diff. */
const OUR_SLOTS = [
  'PreTokenGeneration',
  'PreTokenGenerationConfig',
  'PostAuthentication',
  'PostConfirmation',
  'InboundFederation',
] as const;

const slotArn = (config: LambdaConfigType | undefined, slot: (typeof OUR_SLOTS)[number]) => {
  const value = config?.[slot];
  return typeof value === 'string' ? value : value?.LambdaArn;
};

/**
 * The trigger configuration after attaching: our slots set, everything else (other triggers,
 * custom senders, KMSKeyID) kept as it was.
 */
export const mergeLambdaConfig = (
  current: LambdaConfigType | undefined,
  targets: TriggerTargets,
): LambdaConfigType => {
  const merged: LambdaConfigType = {
    ...current,
    // The legacy field must name the same function as PreTokenGenerationConfig.
    PreTokenGeneration: targets.preTokenGeneration,
    PreTokenGenerationConfig: {
      LambdaArn: targets.preTokenGeneration,
      LambdaVersion: targets.preTokenLambdaVersion,
    },
    PostAuthentication: targets.postAuthentication,
    PostConfirmation: targets.postAuthentication,
  };
  if (targets.inboundFederation) {
    merged.InboundFederation = { LambdaArn: targets.inboundFederation, LambdaVersion: 'V1_0' };
  }
  return merged;
};

/** Slots that hold some other function today: replacing one is the user's call, not ours. */
export const triggerConflicts = (
  current: LambdaConfigType | undefined,
  targets: TriggerTargets,
): { slot: string; current: string; wanted: string }[] => {
  const merged = mergeLambdaConfig(current, targets);
  return OUR_SLOTS.flatMap((slot) => {
    const before = slotArn(current, slot);
    const after = slotArn(merged, slot);
    return before && after && before !== after ? [{ slot, current: before, wanted: after }] : [];
  });
};

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;

/**
 * UpdateUserPool input that writes back every writable setting read, with `lambdaConfig`.
 * Two known rejections are avoided: AWS refuses AdminCreateUserConfig.UnusedAccountValidityDays
 * next to PasswordPolicy.TemporaryPasswordValidityDays although DescribeUserPool reports both
 * (aws/aws-sdk-js#3817, pulumi/pulumi-aws-native#1256; the value mirrors the kept one), and the legacy
 * verification message fields are written only when they agree with VerificationMessageTemplate.
 */
export const toUpdateUserPoolInput = (
  pool: UserPoolType,
  lambdaConfig: LambdaConfigType | undefined,
): UpdateUserPoolRequest => {
  const input: UpdateUserPoolRequest = { UserPoolId: pool.Id };
  const writable = input as unknown as Record<string, unknown>;
  for (const field of COPIED_FIELDS) {
    if (pool[field] !== undefined && pool[field] !== null) writable[field] = pool[field];
  }
  if (pool.Name) input.PoolName = pool.Name;
  if (lambdaConfig && Object.keys(defined(lambdaConfig)).length > 0) {
    input.LambdaConfig = defined(lambdaConfig);
  }
  const temporaryDays = pool.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays;
  if (temporaryDays !== undefined && input.AdminCreateUserConfig?.UnusedAccountValidityDays) {
    const { UnusedAccountValidityDays: _legacy, ...rest } = input.AdminCreateUserConfig;
    input.AdminCreateUserConfig = rest;
  }
  const template = pool.VerificationMessageTemplate;
  if (template) {
    const agrees = {
      SmsVerificationMessage: template.SmsMessage,
      EmailVerificationMessage: template.EmailMessage,
      EmailVerificationSubject: template.EmailSubject,
    } as const;
    for (const [field, templateValue] of Object.entries(agrees)) {
      const key = field as keyof typeof agrees;
      if (input[key] !== undefined && templateValue !== undefined && input[key] !== templateValue) {
        delete input[key];
      }
    }
  }
  return input;
};

export interface SettingChange {
  readonly path: string;
  readonly before?: string;
  readonly after?: string;
}

const flatten = (value: unknown, path: string, out: Map<string, string>): void => {
  if (value === undefined || value === null) return;
  if (typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
    for (const [key, child] of Object.entries(value)) {
      flatten(child, path ? `${path}.${key}` : key, out);
    }
    return;
  }
  out.set(path, typeof value === 'string' ? value : JSON.stringify(value));
};

/** Leaf-by-leaf difference between two update inputs, sorted by path. */
export const diffSettings = (before: object, after: object): SettingChange[] => {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(before, '', a);
  flatten(after, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.flatMap((path) => {
    const was = a.get(path);
    const now = b.get(path);
    if (was === now) return [];
    return [
      {
        path,
        ...(was !== undefined ? { before: was } : {}),
        ...(now !== undefined ? { after: now } : {}),
      },
    ];
  });
};

/** The diff as the user reads it before confirming. */
export const renderDiff = (changes: readonly SettingChange[]): string[] =>
  changes.map((change) => {
    if (change.before === undefined) return `  + ${change.path}: ${change.after}`;
    if (change.after === undefined) return `  - ${change.path}: ${change.before}`;
    return `  ~ ${change.path}: ${change.before} -> ${change.after}`;
  });

export type VersionChoice =
  | { readonly ok: true; readonly version: PreTokenLambdaVersion; readonly note?: string }
  | { readonly ok: false; readonly reason: string };

/**
 * The Pre Token Generation event version the pool can take. The Lite plan accepts only V1_0
 * (ID-token claims); V2_0 and V3_0 need Essentials or Plus. V1_0 never changes the access
 * token, so asking for it with a config that does is refused rather than half applied.
 */
export const choosePreTokenVersion = (
  tier: string | undefined,
  requested: PreTokenLambdaVersion,
  config: ClaimsConfig,
): VersionChoice => {
  if (requested === PreTokenLambdaVersion.V1_0) {
    const needs = accessTokenNeeds(config);
    if (needs.length > 0) {
      return {
        ok: false,
        reason:
          `event version V1_0 changes only the ID token, but this config customises the access ` +
          `token (${needs.join('; ')}): those claims and scopes would silently never appear. ` +
          'Use --lambda-version V2_0 (or V3_0 for client-credentials tokens), or take the ' +
          'access-token parts out of the config.',
      };
    }
  }
  if (tier === undefined) {
    return {
      ok: true,
      version: requested,
      note: 'The pool does not report its feature plan; V2_0/V3_0 need Essentials or Plus.',
    };
  }
  if (tier !== 'LITE' || requested === PreTokenLambdaVersion.V1_0) {
    return { ok: true, version: requested };
  }
  const needs = accessTokenNeeds(config);
  if (needs.length > 0) {
    return {
      ok: false,
      reason:
        `the pool is on the Lite feature plan, which sends Pre Token Generation only V1_0 events ` +
        `(ID-token claims). This config customises the access token (${needs.join('; ')}), ` +
        'which needs the Essentials or Plus plan. Move the pool to Essentials ' +
        '(console: Settings > Feature plan; on the CLI, update-user-pool with every other setting ' +
        'written back, since it resets what it leaves out: npm run doctor prints the recipe) ' +
        'or take the access-token claims out of the config.',
    };
  }
  return {
    ok: true,
    version: PreTokenLambdaVersion.V1_0,
    note: 'The pool is on the Lite plan: attaching with V1_0 events (ID-token claims only).',
  };
};

/**
 * What the pool's schema lacks for this config: custom attributes it names that do not exist, and
 * IdP token attributes Cognito could not refresh or fit. Warnings: attach can still wire triggers.
 */
export const schemaProblems = (
  config: ClaimsConfig,
  schema: readonly SchemaAttributeType[] | undefined,
): string[] => {
  if (!schema) return [];
  const byName = new Map(schema.map((attribute) => [attribute.Name, attribute]));
  const problems: string[] = [];
  const used = new Set([
    ...config.claims.flatMap((rule) => (rule.from?.startsWith('custom:') ? [rule.from] : [])),
    ...config.idpTokens.map((rule) => rule.attribute),
  ]);
  for (const name of used) {
    if (!byName.has(name))
      problems.push(`${name} does not exist in the pool (add-custom-attributes)`);
  }
  for (const rule of config.idpTokens) {
    const attribute = byName.get(rule.attribute);
    if (!attribute) continue;
    if (attribute.Mutable === false) {
      problems.push(
        `${rule.attribute} is not mutable: Cognito cannot refresh it at each federated sign-in`,
      );
    }
    const max = Number(attribute.StringAttributeConstraints?.MaxLength ?? 2048);
    if (max < rule.maxLength) {
      problems.push(
        `${rule.attribute} holds at most ${max} characters; the config expects ${rule.maxLength}`,
      );
    }
  }
  return problems;
};

/**
 * Required claims (no default) whose attribute the pool does not have: attached, the trigger would
 * refuse every sign-in. Standard attributes are always present; only `custom:` ones are checked.
 */
export const requiredClaimGaps = (
  config: ClaimsConfig,
  schema: readonly SchemaAttributeType[] | undefined,
): string[] => {
  if (!schema) return [];
  const names = new Set(schema.map((attribute) => attribute.Name));
  return config.claims.flatMap((rule) =>
    rule.required &&
    rule.default === undefined &&
    rule.from?.startsWith('custom:') &&
    !names.has(rule.from)
      ? [`required claim "${rule.claim}" reads ${rule.from}, which the pool does not have`]
      : [],
  );
};
