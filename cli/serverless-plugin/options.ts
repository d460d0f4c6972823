/**
 * `custom.cognitoClaims` in a user's serverless.yml: one schema, given to the framework
 * (defineCustomProperties) and checked here too, so an unknown key is refused with its path even
 * where the framework only warns (configValidationMode: warn, its default).
 */
import * as z from 'zod/mini';
import { REGION_PATTERN_SOURCE } from '../../shared/core/cognito';

export const TriggerName = {
  PRE_TOKEN_GENERATION: 'preTokenGeneration',
  POST_AUTHENTICATION: 'postAuthentication',
  POST_CONFIRMATION: 'postConfirmation',
  INBOUND_FEDERATION: 'inboundFederation',
} as const;
export type TriggerName = (typeof TriggerName)[keyof typeof TriggerName];

const LOGICAL_ID = /^[A-Za-z0-9]+$/;
const logicalId = (what: string) =>
  z.string().check(z.regex(LOGICAL_ID, { error: `expected ${what} (letters and digits)` }));

const authorizerSchema = z.strictObject({
  /** The name routes give under `httpApi.authorizer.name`. */
  name: z.optional(logicalId('an authorizer name')),
  /** Logical ids of the AWS::Cognito::UserPoolClient resources whose tokens it accepts. */
  userPoolClients: z.optional(z.array(logicalId('a logical id'))),
  /** App client ids, for clients this service does not create. */
  appClientIds: z.optional(z.array(z.string().check(z.minLength(1)))),
  tokenUse: z.optional(z.enum(['id', 'access'])),
  /** API Gateway's cache of the answer, per token and route: 0 turns it off. */
  resultTtlInSeconds: z.optional(z.int().check(z.gte(0), z.lte(3600))),
});

export const pluginOptionsSchema = z.strictObject({
  /** The claims config, relative to the service directory. */
  config: z.optional(z.string().check(z.minLength(1))),
  /** Logical id of an AWS::Cognito::UserPool in this service's resources. */
  userPool: z.optional(logicalId('the logical id of an AWS::Cognito::UserPool')),
  /**
   * A pool this service does not create: `cognito-claims attach` wires it. Beside `userPool`
   * only when that resource has a Condition: the existing pool serves when it is not created.
   * Empty means none (a stack parameter left at its default).
   */
  existingUserPoolId: z.optional(
    z.union([
      z.literal(''),
      z.string().check(
        z.regex(new RegExp(`^${REGION_PATTERN_SOURCE}_[0-9A-Za-z]+$`), {
          error: 'expected a user pool ID such as eu-west-1_AbCdEf123',
        }),
      ),
    ]),
  ),
  triggers: z.optional(z.array(z.enum(Object.values(TriggerName)))),
  preTokenLambdaVersion: z.optional(z.enum(['V1_0', 'V2_0', 'V3_0'])),
  alarms: z.optional(z.boolean()),
  alarmTopicArn: z.optional(z.string()),
  mappingFailureThreshold: z.optional(z.int().check(z.gte(1))),
  logLevel: z.optional(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR'])),
  logRetentionInDays: z.optional(z.int().check(z.gte(1))),
  memorySize: z.optional(z.int().check(z.gte(128), z.lte(10240))),
  /** Create the tables the config's `sources` read (a demo); else they must exist. */
  createSourceTables: z.optional(z.boolean()),
  metricsNamespace: z.optional(z.string().check(z.minLength(1))),
  /** The CloudWatch dashboard `<service>-<stage>-health` (default on). */
  dashboard: z.optional(z.boolean()),
  /** The saved Logs Insights queries of docs/runbook.md (default on). */
  queries: z.optional(z.boolean()),
  /** The alarm on the slowest trigger's p99 duration nearing Cognito's 5 s (default on). */
  durationAlarm: z.optional(z.boolean()),
  /** p99 milliseconds that raise it; default 4,000 (80% of Cognito's wait). */
  durationAlarmThresholdMs: z.optional(z.int().check(z.gte(100), z.lte(5000))),
  /** Logical id of the log group of an authorizer the service deploys itself: the denials query. */
  authorizerLogGroup: z.optional(logicalId('the logical id of an AWS::Logs::LogGroup')),
  authorizer: z.optional(authorizerSchema),
});

export type PluginOptions = z.infer<typeof pluginOptionsSchema>;

/** The JSON Schema the framework validates `custom.cognitoClaims` with. */
export function frameworkSchema(): Record<string, unknown> {
  const { $schema: _draft, ...schema } = z.toJSONSchema(pluginOptionsSchema, {
    target: 'draft-7',
    io: 'input',
  }) as Record<string, unknown>;
  return schema;
}

const pathOf = (path: readonly PropertyKey[]) =>
  ['custom', 'cognitoClaims', ...path.map(String)].join('.');

/**
 * @returns the options, or every problem, each naming its path under custom.cognitoClaims
 */
export function readPluginOptions(
  input: unknown,
): { ok: true; options: PluginOptions } | { ok: false; problems: string[] } {
  const parsed = pluginOptionsSchema.safeParse(input ?? {}, { jitless: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => `${pathOf([...issue.path, key])}: unknown key`)
        : [`${pathOf(issue.path)}: ${issue.message}`],
    );
    return { ok: false, problems };
  }
  const { existingUserPoolId, ...rest } = parsed.data;
  const options: PluginOptions =
    existingUserPoolId === undefined || existingUserPoolId === ''
      ? rest
      : { ...rest, existingUserPoolId };
  if (options.userPool === undefined && options.existingUserPoolId === undefined) {
    return {
      ok: false,
      problems: [
        `${pathOf([])}: give "userPool" (the logical id of the AWS::Cognito::UserPool in this service) or "existingUserPoolId"`,
      ],
    };
  }
  return { ok: true, options };
}
