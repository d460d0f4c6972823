/**
 * The functions the plugin adds to a user's service: which triggers the config needs, and each
 * one's definition, deployed from the package's prebuilt bundle with the user's validated config
 * written beside it (the config seam: no bundler runs on the user's machine).
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { accessTokenNeeds } from '../../shared/core/config/access-token-needs';
import { PACKAGED_CONFIG_FILE } from '../../shared/runtime/config/packaged-config';
import { packagedConfigJson } from '../../shared/runtime/config/packaged-config-json';
import { type PluginOptions, TriggerName } from './options';

/** Where the functions' files are written, inside the service directory (add it to .gitignore). */
export const ARTIFACTS_DIR = '.cognito-claims';
/** What the package's build leaves in dist/<bundle>/. */
const BUNDLE_FILES = ['index.js', 'config-validator.js'] as const;
/** Beside them where the function reads `sources` or compiles claim rules (pre token generation only). */
const OPTIONAL_BUNDLE_FILES = ['dynamodb-reader.js', 'rule-features.js'] as const;

export const FunctionKey = {
  preTokenGeneration: 'cognitoClaimsPreTokenGeneration',
  postAuthentication: 'cognitoClaimsPostAuthentication',
  inboundFederation: 'cognitoClaimsInboundFederation',
  authorizer: 'cognitoClaimsAuthorizer',
} as const;
export type FunctionRole = keyof typeof FunctionKey;

/** The dist/ folder of each function's prebuilt bundle, and its service name in logs and metrics. */
export const BUNDLE: Readonly<Record<FunctionRole, string>> = {
  preTokenGeneration: 'pre-token-generation',
  postAuthentication: 'post-authentication',
  inboundFederation: 'inbound-federation',
  authorizer: 'authorizer',
};

/** The triggers to wire: those named, else those the config needs. */
export function triggersFor(
  config: ClaimsConfig,
  rawConfig: unknown,
  options: PluginOptions,
): TriggerName[] {
  if (options.triggers) return [...new Set(options.triggers)];
  const triggers: TriggerName[] = [];
  const customisesTokens =
    config.claims.length > 0 ||
    config.suppress.id.length > 0 ||
    accessTokenNeeds(config).length > 0 ||
    config.groups !== undefined;
  if (customisesTokens) triggers.push(TriggerName.PRE_TOKEN_GENERATION);
  if (config.idpTokens.length > 0) {
    triggers.push(TriggerName.POST_AUTHENTICATION, TriggerName.POST_CONFIRMATION);
  }
  const limitsFederation =
    typeof rawConfig === 'object' && rawConfig !== null && 'federation' in rawConfig;
  if (config.idpTokens.length > 0 || limitsFederation) {
    triggers.push(TriggerName.INBOUND_FEDERATION);
  }
  return triggers;
}

/** The functions those triggers run on: Post confirmation shares Post authentication's. */
export function rolesFor(triggers: readonly TriggerName[], authorizer: boolean): FunctionRole[] {
  const roles = new Set<FunctionRole>();
  for (const trigger of triggers) {
    roles.add(trigger === TriggerName.POST_CONFIRMATION ? 'postAuthentication' : trigger);
  }
  if (authorizer) roles.add('authorizer');
  return [...roles];
}

export interface FunctionDefinitionInput {
  readonly role: FunctionRole;
  readonly options: PluginOptions;
  readonly environment?: Readonly<Record<string, unknown>>;
}

/** A serverless.yml function entry for one of ours. */
export function functionDefinition({ role, options, environment = {} }: FunctionDefinitionInput) {
  const bundle = BUNDLE[role];
  return {
    handler: `${ARTIFACTS_DIR}/${bundle}/index.handler`,
    description: `cognito-claims ${bundle}`,
    runtime: 'nodejs22.x',
    memorySize: options.memorySize ?? 256,
    // Cognito waits at most 5 seconds for a trigger.
    timeout: role === 'authorizer' ? 10 : 5,
    ...(options.logRetentionInDays !== undefined
      ? { logRetentionInDays: options.logRetentionInDays }
      : {}),
    environment: {
      POWERTOOLS_SERVICE_NAME: bundle,
      POWERTOOLS_LOG_LEVEL: options.logLevel ?? 'WARN',
      POWERTOOLS_METRICS_NAMESPACE: options.metricsNamespace ?? 'CognitoClaims',
      ...environment,
    },
    package: {
      individually: true,
      // The framework puts the service's own patterns first and drops repeats, so a plain "!**"
      // would vanish behind a user's "!**" and let their includes in: this spelling is ours.
      patterns: ['!**/**', `${ARTIFACTS_DIR}/${bundle}/**`],
    },
  };
}

/**
 * Copies each function's prebuilt bundle and validator from the package and writes the user's
 * validated config beside them.
 */
export function writeArtifacts(input: {
  readonly packageRoot: string;
  readonly serviceDir: string;
  readonly roles: readonly FunctionRole[];
  readonly config: ClaimsConfig;
}): void {
  const root = join(input.serviceDir, ARTIFACTS_DIR);
  rmSync(root, { recursive: true, force: true });
  for (const role of input.roles) {
    const bundle = BUNDLE[role];
    const dir = join(root, bundle);
    mkdirSync(dir, { recursive: true });
    for (const file of BUNDLE_FILES) {
      copyFileSync(join(input.packageRoot, 'dist', bundle, file), join(dir, file));
    }
    for (const file of OPTIONAL_BUNDLE_FILES) {
      const from = join(input.packageRoot, 'dist', bundle, file);
      if (existsSync(from)) copyFileSync(from, join(dir, file));
    }
    writeFileSync(join(dir, PACKAGED_CONFIG_FILE), packagedConfigJson(input.config));
  }
}
