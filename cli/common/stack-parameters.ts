/**
 * The `params` of this repository's serverless.yml as they ended up in the packaged template
 * (osls writes each value where serverless.yml uses it), and the values a deploy would take
 * but Cognito, CloudFormation or the functions would not: an unknown `preTokenLambdaVersion`,
 * `userPoolId` without `userPoolClientId`, an event version the pool's plan or the config
 * cannot use, and the like. Each finding names the parameter and the `--param` that fixes it.
 * A template from elsewhere has none of these places, and gets no parameter findings.
 */
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { USER_POOL_ID_PATTERN } from '../../shared/core/cognito';
import { accessTokenNeeds } from '../../shared/core/config/access-token-needs';
import { isRecord } from '../../shared/core/is-record';
import { type ValidationFinding, ValidationSeverity } from './pool-validation';
import { PreTokenLambdaVersion } from './user-pool-update';

/** Each parameter as the template holds it; absent when the template has no place for it. */
export interface StackParameters {
  readonly preTokenLambdaVersion?: string;
  readonly userPoolId?: string;
  readonly userPoolClientId?: string;
  readonly userPoolTier?: string;
  readonly logLevel?: string;
  readonly logRetentionInDays?: string;
  readonly alarmTopicArn?: string;
  readonly mappingFailureThreshold?: string;
  readonly deletionProtection?: string;
  readonly userPoolDeletionPolicy?: string;
  readonly metricsNamespace?: string;
  /** JSON text of a run-time config override; empty: the bundled config. */
  readonly claimsConfig?: string;
}

type Json = Record<string, unknown>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

/** The value at a path of keys and indexes, or undefined. */
function at(node: unknown, ...path: (string | number)[]): unknown {
  return path.reduce<unknown>(
    (value, key) =>
      Array.isArray(value) && typeof key === 'number'
        ? value[key]
        : isRecord(value) && typeof key === 'string'
          ? value[key]
          : undefined,
    node,
  );
}

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/**
 * Reads the parameters from where serverless.yml puts them in the packaged template: its own
 * resources, or the ones the package's Serverless plugin adds (alarm and outputs named
 * `CognitoClaims…`, the trigger wired on the pool), whichever the template has.
 */
export function readStackParameters(template: unknown): StackParameters {
  const resources = isRecord(at(template, 'Resources')) ? (at(template, 'Resources') as Json) : {};
  const entries = Object.entries(resources).filter((entry): entry is [string, Json] =>
    isRecord(entry[1]),
  );
  const ofType = (type: string) => entries.filter(([, r]) => r.Type === type);
  const functions = ofType('AWS::Lambda::Function').map(([, r]) => r);
  /** A function environment variable: the first value set, else the first given (maybe ''). */
  const variable = (name: string) => {
    const values = functions.map((fn) =>
      text(at(fn, 'Properties', 'Environment', 'Variables', name)),
    );
    return values.find((value) => value) ?? values.find((value) => value !== undefined);
  };
  const logGroup = ofType('AWS::Logs::LogGroup')[0]?.[1];
  const pools = ofType('AWS::Cognito::UserPool');
  const pool = resources.UserPool ?? pools[0]?.[1];
  const alarm = ofType('AWS::CloudWatch::Alarm').find(([id]) =>
    id.endsWith('MappingFailuresAlarm'),
  )?.[1];
  const alarmTopic = () => {
    if (!alarm) return undefined;
    const actions = at(alarm, 'Properties', 'AlarmActions');
    // serverless.yml's own alarm reads the AlarmTopicArn parameter; the plugin's names the topic.
    return Array.isArray(actions) ? text(actions[0]) : isRecord(actions) ? undefined : '';
  };
  return defined({
    preTokenLambdaVersion:
      text(at(template, 'Outputs', 'PreTokenLambdaVersion', 'Value')) ??
      text(at(pool, 'Properties', 'LambdaConfig', 'PreTokenGenerationConfig', 'LambdaVersion')),
    userPoolId: text(at(template, 'Conditions', 'CreateUserPool', 'Fn::Equals', 0)),
    userPoolClientId: text(at(template, 'Outputs', 'UserPoolClientId', 'Value', 'Fn::If', 2)),
    userPoolTier: text(at(pool, 'Properties', 'UserPoolTier')),
    logLevel: variable('POWERTOOLS_LOG_LEVEL'),
    logRetentionInDays: text(at(logGroup, 'Properties', 'RetentionInDays')),
    alarmTopicArn: text(at(template, 'Parameters', 'AlarmTopicArn', 'Default')) ?? alarmTopic(),
    mappingFailureThreshold: text(at(alarm, 'Properties', 'Threshold')),
    deletionProtection: text(at(pool, 'Properties', 'DeletionProtection')),
    userPoolDeletionPolicy: text(at(pool, 'DeletionPolicy')),
    metricsNamespace: variable('POWERTOOLS_METRICS_NAMESPACE'),
    claimsConfig: variable('CLAIMS_CONFIG'),
  });
}

const VERSIONS: readonly string[] = Object.values(PreTokenLambdaVersion);
const TIERS = ['LITE', 'ESSENTIALS', 'PLUS'];
/** Powertools logger levels. */
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'];
/** What CloudWatch Logs accepts for RetentionInDays. */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];
const DELETION_POLICIES = ['Delete', 'Retain', 'RetainExceptOnCreate'];
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

function refused(parameter: string, message: string, fix: string): ValidationFinding {
  return {
    code: 'STACK_PARAMETER_INVALID',
    severity: ValidationSeverity.ERROR,
    message: `parameter ${parameter}: ${message}`,
    fix,
    parameter,
  };
}

const oneOf = (values: readonly (string | number)[]) =>
  values.length <= 4
    ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`
    : `one of ${values.join(', ')}`;

/** Each parameter that would break the deploy or the functions, by name. */
export function checkStackParameters(
  params: StackParameters,
  config: ClaimsConfig,
): ValidationFinding[] {
  const findings: ValidationFinding[] = [];
  const enumParameter = (name: keyof StackParameters, allowed: readonly (string | number)[]) => {
    const value = params[name];
    if (value !== undefined && !allowed.map(String).includes(value)) {
      findings.push(
        refused(
          name,
          `"${value}" is not ${oneOf(allowed)}`,
          `pass --param="${name}=${allowed[0]}" (or one of the others), or correct it in serverless.yml params`,
        ),
      );
    }
  };
  enumParameter('preTokenLambdaVersion', VERSIONS);
  enumParameter('userPoolTier', TIERS);
  enumParameter('logLevel', LOG_LEVELS);
  enumParameter('logRetentionInDays', RETENTION_DAYS);
  enumParameter('deletionProtection', ['ACTIVE', 'INACTIVE']);
  enumParameter('userPoolDeletionPolicy', DELETION_POLICIES);

  const { userPoolId = '', userPoolClientId = '' } = params;
  if (userPoolId !== '' && !USER_POOL_ID_PATTERN.test(userPoolId)) {
    findings.push(
      refused(
        'userPoolId',
        `"${userPoolId}" is not a user pool ID (expected <region>_<id>, e.g. eu-west-1_AbCdEf123)`,
        'pass --param="userPoolId=<the existing pool\'s ID>", or leave it empty to create a pool',
      ),
    );
  }
  if (params.userPoolId !== undefined && userPoolId !== '' && userPoolClientId === '') {
    findings.push(
      refused(
        'userPoolClientId',
        `is empty while userPoolId is ${userPoolId}: the HTTP API's JWT authorizer would accept no app client's tokens`,
        'pass --param="userPoolClientId=<app client id of that pool>" together with userPoolId',
      ),
    );
  }
  if (params.userPoolId !== undefined && userPoolId === '' && userPoolClientId !== '') {
    findings.push(
      refused(
        'userPoolId',
        `is empty while userPoolClientId is ${userPoolClientId}: the stack would create a new pool and client and ignore it`,
        'pass --param="userPoolId=<the pool that client belongs to>" as well, or drop userPoolClientId',
      ),
    );
  }
  const version = params.preTokenLambdaVersion;
  if (params.userPoolTier === 'LITE' && (version === 'V2_0' || version === 'V3_0')) {
    findings.push(
      refused(
        'preTokenLambdaVersion',
        `${version} needs the Essentials or Plus feature plan, but userPoolTier is LITE: Cognito sends a Lite pool only V1_0 events`,
        'pass --param="userPoolTier=ESSENTIALS", or --param="preTokenLambdaVersion=V1_0" with a config that changes only the ID token',
      ),
    );
  }
  const needs = accessTokenNeeds(config);
  if (version === 'V1_0' && needs.length > 0) {
    findings.push(
      refused(
        'preTokenLambdaVersion',
        `V1_0 changes only the ID token, but the config customises the access token (${needs.join('; ')}): those claims and scopes would never appear`,
        'pass --param="preTokenLambdaVersion=V2_0" (V3_0 for client-credentials tokens), or take the access-token parts out of the config',
      ),
    );
  }
  const topic = params.alarmTopicArn;
  if (topic !== undefined && topic !== '' && !SNS_TOPIC_ARN.test(topic)) {
    findings.push(
      refused(
        'alarmTopicArn',
        `"${topic}" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)`,
        'pass --param="alarmTopicArn=<topic ARN>", or leave it empty for alarms without notification',
      ),
    );
  }
  const threshold = params.mappingFailureThreshold;
  if (threshold !== undefined && !(Number(threshold) >= 1)) {
    findings.push(
      refused(
        'mappingFailureThreshold',
        `"${threshold}" is not a number of failures of at least 1`,
        'pass --param="mappingFailureThreshold=1" (failures in 5 minutes that raise the alarm)',
      ),
    );
  }
  if (
    params.metricsNamespace !== undefined &&
    !/^(?!:)[ -~]{1,255}$/.test(params.metricsNamespace)
  ) {
    findings.push(
      refused(
        'metricsNamespace',
        `"${params.metricsNamespace}" is not a CloudWatch namespace (1 to 255 printable ASCII characters, not starting with ":")`,
        'pass --param="metricsNamespace=CognitoClaims"',
      ),
    );
  }
  return findings;
}
