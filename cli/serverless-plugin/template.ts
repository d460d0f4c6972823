/**
 * What the plugin adds to the compiled CloudFormation template: the triggers wired on the
 * service's own user pool (LambdaConfig, by ARN), the permissions that let only that pool invoke
 * them, the alarms, and the outputs `cognito-claims attach` reads for a pool this service does
 * not create. It never removes a trigger the user set: a conflicting one is refused.
 */
import { CognitoClaimsError, ErrorCode } from '../../shared/core/errors';
import { TriggerName } from './options';

type Json = Record<string, unknown>;
export interface Template {
  Resources: Record<string, { Type: string; Properties?: Json; Condition?: string }>;
  Outputs?: Record<string, Json>;
}

/** A service the plugin cannot wire as configured: the message names what and where. */
export class PluginConfigError extends CognitoClaimsError {
  constructor(message: string) {
    super(ErrorCode.CONFIG_INVALID, message);
    this.name = 'PluginConfigError';
  }
}

export interface Wiring {
  readonly poolLogicalId: string;
  readonly triggers: readonly TriggerName[];
  /** The Lambda logical id each trigger runs on. */
  readonly functionLogicalIds: Readonly<Partial<Record<TriggerName, string>>>;
  readonly preTokenLambdaVersion: string;
}

const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

/** A function reference in LambdaConfig, for a message: `function Foo` or its text. */
function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const attribute = (value as Json)['Fn::GetAtt'];
    if (Array.isArray(attribute)) return `function ${String(attribute[0])}`;
    if (typeof attribute === 'string') return `function ${attribute.split('.')[0]}`;
    const ref = (value as Json).Ref;
    if (typeof ref === 'string') return ref;
  }
  return JSON.stringify(value);
}

const sameTarget = (value: unknown, logicalId: string) =>
  JSON.stringify(value) === JSON.stringify(arnOf(logicalId));

/**
 * Sets the triggers on the pool's LambdaConfig.
 * @returns warnings to show (a Post confirmation function of the user's own, kept)
 * @throws PluginConfigError for a pool that is not there, or a trigger already taken
 */
export function wireUserPool(template: Template, wiring: Wiring): string[] {
  const pool = template.Resources[wiring.poolLogicalId];
  if (pool?.Type !== 'AWS::Cognito::UserPool') {
    throw new PluginConfigError(
      `custom.cognitoClaims.userPool: "${wiring.poolLogicalId}" is not an AWS::Cognito::UserPool in this service's resources`,
    );
  }
  pool.Properties ??= {};
  const config = (pool.Properties.LambdaConfig ?? {}) as Json;
  const warnings: string[] = [];
  const refuse = (trigger: string, existing: unknown): never => {
    throw new PluginConfigError(
      `User pool ${wiring.poolLogicalId} already runs ${describe(existing)} on ${trigger}: cognito-claims will not replace it. Remove that trigger, or leave this one out with custom.cognitoClaims.triggers.`,
    );
  };
  const fn = (trigger: TriggerName) => {
    const id = wiring.functionLogicalIds[trigger];
    if (id === undefined) throw new Error(`no function for ${trigger}`);
    return id;
  };
  for (const trigger of wiring.triggers) {
    const id = fn(trigger);
    switch (trigger) {
      case TriggerName.PRE_TOKEN_GENERATION: {
        const current = (config.PreTokenGenerationConfig as Json | undefined)?.LambdaArn;
        const legacy = config.PreTokenGeneration;
        for (const existing of [current, legacy]) {
          if (existing !== undefined && !sameTarget(existing, id)) {
            refuse('Pre Token Generation', existing);
          }
        }
        config.PreTokenGenerationConfig = {
          LambdaArn: arnOf(id),
          LambdaVersion: wiring.preTokenLambdaVersion,
        };
        // The Cognito API wants the older field, if present, identical to the new one.
        if (legacy !== undefined) config.PreTokenGeneration = arnOf(id);
        break;
      }
      case TriggerName.POST_AUTHENTICATION:
        if (config.PostAuthentication !== undefined && !sameTarget(config.PostAuthentication, id)) {
          refuse('Post authentication', config.PostAuthentication);
        }
        config.PostAuthentication = arnOf(id);
        break;
      case TriggerName.POST_CONFIRMATION:
        if (config.PostConfirmation !== undefined && !sameTarget(config.PostConfirmation, id)) {
          warnings.push(
            `User pool ${wiring.poolLogicalId} keeps its own Post confirmation trigger (${describe(config.PostConfirmation)}): a user's first federated sign-in then goes unchecked by the IdP token guard (Post authentication does not fire on it).`,
          );
          break;
        }
        config.PostConfirmation = arnOf(id);
        break;
      case TriggerName.INBOUND_FEDERATION: {
        const existing = (config.InboundFederation as Json | undefined)?.LambdaArn;
        if (existing !== undefined && !sameTarget(existing, id)) {
          refuse('Inbound federation', existing);
        }
        config.InboundFederation = { LambdaArn: arnOf(id), LambdaVersion: 'V1_0' };
        break;
      }
    }
  }
  pool.Properties.LambdaConfig = config;
  return warnings;
}

/** The pool's ARN: from the resource, or built from an existing pool's ID. */
export function userPoolArn(pool: { logicalId: string } | { userPoolId: string }) {
  if ('logicalId' in pool) return arnOf(pool.logicalId);
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':cognito-idp:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        `:userpool/${pool.userPoolId}`,
      ],
    ],
  };
}

/** Lets only this pool, in this account, invoke each trigger function. */
export function addInvokePermissions(
  template: Template,
  functionLogicalIds: readonly string[],
  sourceArn: unknown,
  /** The pool's own Condition, when only that pool can be the source. */
  condition?: string,
): void {
  for (const id of new Set(functionLogicalIds)) {
    template.Resources[`${id.replace(/LambdaFunction$/, '')}CognitoPermission`] = {
      Type: 'AWS::Lambda::Permission',
      ...(condition !== undefined ? { Condition: condition } : {}),
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: arnOf(id),
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: sourceArn,
        SourceAccount: { Ref: 'AWS::AccountId' },
      },
    };
  }
}

export interface AlarmInput {
  readonly prefix: string;
  readonly namespace: string;
  readonly threshold: number;
  readonly topicArn?: string;
  /** Service names of the functions that record mapping failures. */
  readonly services: readonly string[];
  /** The Pre Token Generation function's logical id, when it is deployed. */
  readonly preTokenLogicalId?: string;
}

/** The same two alarms this repository's stack has: mapping failures, and failed sign-ins. */
export function addAlarms(template: Template, input: AlarmInput): void {
  const actions = input.topicArn
    ? { AlarmActions: [input.topicArn], OKActions: [input.topicArn] }
    : {};
  template.Resources.CognitoClaimsMappingFailuresAlarm = {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: `${input.prefix}-mapping-failures`,
      AlarmDescription:
        'Claims mapping failures across the cognito-claims trigger functions. Read the failure log lines for the code.',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: input.threshold,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      Metrics: [
        { Id: 'total', Label: 'MappingFailures', Expression: 'SUM(METRICS())', ReturnData: true },
        ...input.services.map((service, i) => ({
          Id: `service${i}`,
          ReturnData: false,
          MetricStat: {
            Stat: 'Sum',
            Period: 300,
            Metric: {
              Namespace: input.namespace,
              MetricName: 'MappingFailures',
              Dimensions: [{ Name: 'service', Value: service }],
            },
          },
        })),
      ],
      ...actions,
    },
  };
  if (input.preTokenLogicalId === undefined) return;
  const lambdaMetric = (name: string) => ({
    Stat: 'Sum',
    Period: 60,
    Metric: {
      Namespace: 'AWS/Lambda',
      MetricName: name,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: input.preTokenLogicalId } }],
    },
  });
  template.Resources.CognitoClaimsPreTokenGenerationErrorsAlarm = {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: `${input.prefix}-pre-token-generation-errors`,
      AlarmDescription: 'Pre Token Generation errors or throttles - each one is a failed sign-in.',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      Metrics: [
        {
          Id: 'errorsAndThrottles',
          Label: 'Errors + Throttles',
          Expression: 'FILL(errors, 0) + FILL(throttles, 0)',
          ReturnData: true,
        },
        { Id: 'errors', ReturnData: false, MetricStat: lambdaMetric('Errors') },
        { Id: 'throttles', ReturnData: false, MetricStat: lambdaMetric('Throttles') },
      ],
      ...actions,
    },
  };
}

/** What `cognito-claims attach --stage` reads from the stack to wire an existing pool. */
export function addAttachOutputs(
  template: Template,
  functionLogicalIds: Readonly<
    Partial<Record<'preTokenGeneration' | 'postAuthentication' | 'inboundFederation', string>>
  >,
  preTokenLambdaVersion: string,
): void {
  template.Outputs ??= {};
  const names = {
    preTokenGeneration: 'PreTokenGenerationFunctionArn',
    postAuthentication: 'PostAuthenticationFunctionArn',
    inboundFederation: 'InboundFederationFunctionArn',
  } as const;
  for (const [role, output] of Object.entries(names)) {
    const id = functionLogicalIds[role as keyof typeof names];
    if (id !== undefined) template.Outputs[output] = { Value: arnOf(id) };
  }
  template.Outputs.PreTokenLambdaVersion = { Value: preTokenLambdaVersion };
}
