/**
 * `cognito-claims/serverless`: a Serverless Framework plugin (v3 plugin API, tested with osls).
 * Two lines in a user's serverless.yml — `plugins: [cognito-claims/serverless]` and
 * `custom.cognitoClaims` — add the trigger functions from the package's prebuilt bundles with the
 * user's validated config beside them, wire them on the service's own user pool, and add the
 * permissions, alarms and, when asked, the verifying authorizer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { parseConfigText } from '../../shared/core/config/parse-config';
import { ConfigError } from '../../shared/core/errors';
import { poolsFromTemplate } from '../common/pool-from-template';
import { sortFindings, ValidationSeverity, validatePool } from '../common/pool-validation';
import {
  BUNDLE,
  FunctionKey,
  type FunctionRole,
  functionDefinition,
  rolesFor,
  triggersFor,
  writeArtifacts,
} from './functions';
import { addOperations } from './operations';
import { frameworkSchema, type PluginOptions, readPluginOptions, TriggerName } from './options';
import { addSourceAccess } from './sources-access';
import {
  addAlarms,
  addAttachOutputs,
  addInvokePermissions,
  type Template,
  userPoolArn,
  wireUserPool,
} from './template';

/** The parts of the framework's `serverless` object the plugin uses. */
export interface ServerlessLike {
  readonly serviceDir: string;
  readonly service: {
    service: string;
    custom?: Record<string, unknown>;
    functions: Record<string, unknown>;
    resources?: { Resources?: Record<string, unknown> };
    provider: {
      stage?: string;
      region?: string;
      httpApi?: { authorizers?: Record<string, unknown> } & Record<string, unknown>;
      compiledCloudFormationTemplate: Template;
      naming?: { getLambdaLogicalId(name: string): string };
    };
    setFunctionNames(options: unknown): void;
  };
  readonly configSchemaHandler?: { defineCustomProperties(schema: unknown): void };
  readonly classes: { Error: new (message: string) => Error };
  getProvider?(name: string): { naming: { getLambdaLogicalId(name: string): string } };
}

interface PluginLog {
  warning(message: string): void;
  notice?(message: string): void;
}

const DEFAULT_CONFIG_FILE = 'claims.config.json';
const DEFAULT_AUTHORIZER = 'claimsAuthorizer';
/** The package root: two folders up from dist/cli/ (the shipped bundle) or cli/serverless-plugin/. */
const PACKAGE_ROOT = resolve(__dirname, '..', '..');

interface Prepared {
  readonly options: PluginOptions;
  readonly config: ClaimsConfig;
  readonly triggers: TriggerName[];
  readonly roles: FunctionRole[];
}

export class CognitoClaimsServerlessPlugin {
  readonly hooks: Record<string, () => void>;
  private prepared: Prepared | undefined;

  constructor(
    private readonly serverless: ServerlessLike,
    private readonly cliOptions: Record<string, unknown> = {},
    private readonly utils: { log?: PluginLog } = {},
  ) {
    serverless.configSchemaHandler?.defineCustomProperties({
      properties: { cognitoClaims: frameworkSchema() },
    });
    this.hooks = {
      initialize: () => this.addFunctions(),
      'after:aws:package:finalize:mergeCustomProviderResources': () => this.completeTemplate(),
    };
  }

  private fail(message: string): never {
    throw new this.serverless.classes.Error(`cognito-claims: ${message}`);
  }

  private warn(message: string): void {
    if (this.utils.log) this.utils.log.warning(`cognito-claims: ${message}`);
    else process.stderr.write(`cognito-claims: ${message}\n`);
  }

  private logicalIdOf(role: FunctionRole): string {
    const naming =
      this.serverless.service.provider.naming ?? this.serverless.getProvider?.('aws').naming;
    if (!naming) this.fail('the aws provider is required');
    return naming.getLambdaLogicalId(FunctionKey[role]);
  }

  private readConfig(options: PluginOptions): { config: ClaimsConfig; raw: unknown } {
    const file = resolve(this.serverless.serviceDir, options.config ?? DEFAULT_CONFIG_FILE);
    if (!existsSync(file)) {
      this.fail(
        `custom.cognitoClaims.config: ${file} does not exist (the claims config; default ./${DEFAULT_CONFIG_FILE})`,
      );
    }
    const text = readFileSync(file, 'utf8');
    try {
      return { config: parseConfigText(text, file), raw: JSON.parse(text) };
    } catch (error) {
      if (error instanceof ConfigError) this.fail(error.message);
      throw error;
    }
  }

  /** At `initialize`: validate the options and config, add the functions and their files. */
  addFunctions(): void {
    const read = readPluginOptions(this.serverless.service.custom?.cognitoClaims);
    if (!read.ok) this.fail(read.problems.join('\n'));
    const { options } = read;
    const { config, raw } = this.readConfig(options);
    const triggers = triggersFor(config, raw, options);
    const roles = rolesFor(triggers, options.authorizer !== undefined);
    const service = this.serverless.service;
    for (const role of roles) {
      const environment = role === 'authorizer' ? this.authorizerEnvironment(options) : {};
      service.functions[FunctionKey[role]] = functionDefinition({ role, options, environment });
    }
    if (options.authorizer !== undefined) this.addHttpApiAuthorizer(options);
    service.setFunctionNames(this.cliOptions);
    writeArtifacts({
      packageRoot: PACKAGE_ROOT,
      serviceDir: this.serverless.serviceDir,
      roles,
      config,
    });
    this.prepared = { options, config, triggers, roles };
  }

  /**
   * The Condition under which `userPool` is created, when `existingUserPoolId` serves otherwise
   * (a stack that creates its pool or uses one it is given, as this repository's does).
   * @throws when both are given for a pool the service always creates
   */
  private fallbackCondition(options: PluginOptions): string | undefined {
    if (options.userPool === undefined || options.existingUserPoolId === undefined)
      return undefined;
    const resource = this.serverless.service.resources?.Resources?.[options.userPool] as
      | { Condition?: unknown }
      | undefined;
    if (typeof resource?.Condition === 'string') return resource.Condition;
    return this.fail(
      `custom.cognitoClaims: give "userPool" or "existingUserPoolId"; both only when ${options.userPool} has a Condition (the existing pool serves when it is not created)`,
    );
  }

  /** A value about the pool (its Ref, its ARN), for whichever pool the stack ends up with. */
  private poolValue(
    options: PluginOptions,
    of: (pool: { logicalId: string } | { userPoolId: string }) => unknown,
  ): unknown {
    const condition = this.fallbackCondition(options);
    const created =
      options.userPool !== undefined ? of({ logicalId: options.userPool }) : undefined;
    const existing =
      options.existingUserPoolId !== undefined
        ? of({ userPoolId: options.existingUserPoolId })
        : undefined;
    if (condition !== undefined) return { 'Fn::If': [condition, created, existing] };
    return created ?? existing;
  }

  private poolReference(options: PluginOptions): unknown {
    return this.poolValue(options, (pool) =>
      'logicalId' in pool ? { Ref: pool.logicalId } : pool.userPoolId,
    );
  }

  private authorizerEnvironment(options: PluginOptions): Record<string, unknown> {
    const authorizer = options.authorizer ?? {};
    const clients: unknown[] = [
      ...(authorizer.userPoolClients ?? []).map((id) => ({ Ref: id })),
      ...(authorizer.appClientIds ?? []),
    ];
    if (clients.length === 0) {
      this.fail(
        'custom.cognitoClaims.authorizer: name the app clients whose tokens it accepts (userPoolClients: [<logical id>] or appClientIds: [<id>])',
      );
    }
    return {
      JWT_ISSUER_URL: {
        'Fn::Join': [
          '',
          [
            'https://cognito-idp.',
            { Ref: 'AWS::Region' },
            '.amazonaws.com/',
            this.poolReference(options),
          ],
        ],
      },
      JWT_AUDIENCE: { 'Fn::Join': [',', clients] },
      AUTHORIZER_RESPONSE_MODE: 'policy',
      ...(authorizer.tokenUse ? { AUTHORIZER_TOKEN_USE: authorizer.tokenUse } : {}),
    };
  }

  private addHttpApiAuthorizer(options: PluginOptions): void {
    const provider = this.serverless.service.provider;
    provider.httpApi ??= {};
    provider.httpApi.authorizers ??= {};
    const name = options.authorizer?.name ?? DEFAULT_AUTHORIZER;
    provider.httpApi.authorizers[name] = {
      type: 'request',
      functionName: FunctionKey.authorizer,
      // Cached per token and route: requirements differ per route.
      identitySource: ['$request.header.Authorization', '$context.routeKey'],
      payloadVersion: '2.0',
      // IAM policy answers: a bad token gets 401, a missing route requirement 403.
      enableSimpleResponses: false,
      resultTtlInSeconds: options.authorizer?.resultTtlInSeconds ?? 300,
    };
  }

  /**
   * What `cognito-claims validate` checks, on the template being packaged: an error stops the
   * package (a required claim from an attribute the pool lacks would deny every sign-in).
   */
  private validateAgainstPool(template: Template, poolLogicalId: string, config: ClaimsConfig) {
    const pool = poolsFromTemplate(template).created.find((p) => p.logicalId === poolLogicalId);
    if (!pool) return; // wireUserPool names a missing or conditional pool.
    const findings = sortFindings(validatePool(config, pool));
    const line = (f: { message: string; fix: string }) => `  ${f.message}\n    fix: ${f.fix}`;
    for (const finding of findings) {
      if (finding.severity === ValidationSeverity.WARNING) this.warn(line(finding).trim());
    }
    const errors = findings.filter((finding) => finding.severity === ValidationSeverity.ERROR);
    if (errors.length > 0) {
      this.fail(
        `the claims config does not fit user pool ${poolLogicalId}:\n${errors.map(line).join('\n')}`,
      );
    }
  }

  /** After the user's resources are merged in: wire the pool, permissions, alarms, outputs. */
  completeTemplate(): void {
    const prepared = this.prepared;
    if (!prepared) return;
    const { options, triggers, roles } = prepared;
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    const triggerRoles = roles.filter((role) => role !== 'authorizer');
    const ids = Object.fromEntries(triggerRoles.map((role) => [role, this.logicalIdOf(role)]));
    const version = options.preTokenLambdaVersion ?? 'V2_0';
    if (options.userPool !== undefined) {
      this.validateAgainstPool(template, options.userPool, prepared.config);
      const warnings = wireUserPool(template, {
        poolLogicalId: options.userPool,
        triggers,
        functionLogicalIds: Object.fromEntries(
          triggers.map((trigger) => [
            trigger,
            ids[trigger === TriggerName.POST_CONFIRMATION ? 'postAuthentication' : trigger],
          ]),
        ),
        preTokenLambdaVersion: version,
      });
      for (const warning of warnings) this.warn(warning);
    }
    // A pool created under a Condition, with no existing pool to fall back on: the permissions
    // exist when it does.
    const onlyPoolCondition =
      options.userPool !== undefined && options.existingUserPoolId === undefined
        ? template.Resources[options.userPool]?.Condition
        : undefined;
    addInvokePermissions(
      template,
      Object.values(ids),
      this.poolValue(options, userPoolArn),
      onlyPoolCondition,
    );
    // The table reader's dynamodb:GetItem, on exactly the configured tables.
    try {
      const sourceWarnings = addSourceAccess(template, prepared.config, {
        createTables: options.createSourceTables === true,
        ...(this.serverless.service.provider.region
          ? { stackRegion: this.serverless.service.provider.region }
          : {}),
      });
      for (const warning of sourceWarnings) this.warn(warning);
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error));
    }
    if (options.alarms !== false) {
      addAlarms(template, {
        prefix: `${this.serverless.service.service}-${this.serverless.service.provider.stage ?? 'dev'}`,
        namespace: options.metricsNamespace ?? 'CognitoClaims',
        threshold: options.mappingFailureThreshold ?? 1,
        ...(options.alarmTopicArn ? { topicArn: options.alarmTopicArn } : {}),
        services: triggerRoles.map((role) => BUNDLE[role]),
        ...(ids.preTokenGeneration ? { preTokenLogicalId: ids.preTokenGeneration } : {}),
      });
    }
    this.addOperationsTo(template, options, triggerRoles, ids);
    addAttachOutputs(template, ids, version);
  }

  /** The dashboard, saved queries and duration alarm (./operations), each unless switched off. */
  private addOperationsTo(
    template: Template,
    options: PluginOptions,
    triggerRoles: readonly FunctionRole[],
    ids: Readonly<Record<string, string>>,
  ): void {
    // The framework names a function's log group as its Lambda logical id with LogGroup instead.
    const logGroupOf = (lambdaId: string) => lambdaId.replace(/LambdaFunction$/, 'LogGroup');
    const authorizerLogGroup =
      options.authorizerLogGroup ??
      (options.authorizer !== undefined ? logGroupOf(this.logicalIdOf('authorizer')) : undefined);
    addOperations(template, {
      prefix: `${this.serverless.service.service}-${this.serverless.service.provider.stage ?? 'dev'}`,
      namespace: options.metricsNamespace ?? 'CognitoClaims',
      triggers: triggerRoles.map((role) => ({
        service: BUNDLE[role],
        functionLogicalId: ids[role] ?? this.logicalIdOf(role),
        logGroupLogicalId: logGroupOf(ids[role] ?? this.logicalIdOf(role)),
      })),
      ...(authorizerLogGroup ? { authorizerLogGroupLogicalId: authorizerLogGroup } : {}),
      dashboard: options.dashboard !== false,
      queries: options.queries !== false,
      durationAlarm: options.durationAlarm !== false,
      ...(options.durationAlarmThresholdMs !== undefined
        ? { durationThresholdMs: options.durationAlarmThresholdMs }
        : {}),
      ...(options.alarmTopicArn ? { topicArn: options.alarmTopicArn } : {}),
    });
  }
}
