/**
 * What an operator opens at 3 a.m., added to the stack beside the alarms: a CloudWatch dashboard
 * (mapping failures by code and by trigger, trigger errors and throttles, duration p99 against
 * Cognito's 5-second wait, authorizer denials by reason), the Logs Insights queries the runbook
 * (docs/runbook.md) asks, saved as AWS::Logs::QueryDefinition, and an alarm on trigger duration
 * nearing the 5-second limit. Each part can be turned off.
 */
import { failuresQuery } from '../common/cloudwatch-failures';
import type { Template } from './template';

/** Cognito waits this long for a trigger, then fails the sign-in. */
export const TRIGGER_WAIT_MS = 5000;

export interface OperationsInput {
  readonly prefix: string;
  readonly namespace: string;
  /** Trigger functions: their service name (the metrics dimension) and logical ids. */
  readonly triggers: readonly {
    readonly service: string;
    readonly functionLogicalId: string;
    readonly logGroupLogicalId: string;
  }[];
  /** The authorizer's log group, when it is deployed: denials by reason are read there. */
  readonly authorizerLogGroupLogicalId?: string;
  readonly dashboard: boolean;
  readonly queries: boolean;
  readonly durationAlarm: boolean;
  /** p99 duration (ms) that raises the duration alarm; default 80% of Cognito's wait. */
  readonly durationThresholdMs?: number;
  readonly topicArn?: string;
}

const ref = (logicalId: string) => ({ Ref: logicalId });

/** The dashboard body, with ${Fn<i>} placeholders Fn::Sub fills with the function names. */
function dashboardBody(input: OperationsInput): string {
  const fn = (i: number) => `\${Fn${i}}`;
  const perTrigger = (metric: string, stat: string) =>
    input.triggers.map((_, i) => ['AWS/Lambda', metric, 'FunctionName', fn(i), { stat }]);
  const widget = (title: string, metrics: unknown[], extra: Record<string, unknown> = {}) => ({
    type: 'metric',
    width: 12,
    height: 6,
    properties: {
      title,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder
      region: '${AWS::Region}',
      view: 'timeSeries',
      period: 300,
      metrics,
      ...extra,
    },
  });
  const widgets = [
    widget('Mapping failures by code', [
      [
        {
          expression: `SEARCH('{${input.namespace},code,service} MetricName="MappingFailures"', 'Sum', 300)`,
          id: 'byCode',
        },
      ],
    ]),
    widget(
      'Mapping failures by trigger',
      input.triggers.map((trigger) => [
        input.namespace,
        'MappingFailures',
        'service',
        trigger.service,
        { stat: 'Sum' },
      ]),
    ),
    widget('Trigger errors and throttles', [
      ...perTrigger('Errors', 'Sum'),
      ...perTrigger('Throttles', 'Sum'),
    ]),
    widget('Trigger duration p99 (Cognito waits 5 s)', perTrigger('Duration', 'p99'), {
      annotations: { horizontal: [{ label: "Cognito's 5-second wait", value: TRIGGER_WAIT_MS }] },
    }),
    widget('Authorizer denials by reason', [
      [
        {
          expression: `SEARCH('{${input.namespace},code,service} MetricName="AuthorizerDenials"', 'Sum', 300)`,
          id: 'denials',
        },
      ],
    ]),
  ];
  return JSON.stringify({ widgets });
}

export function addOperations(template: Template, input: OperationsInput): void {
  if (input.dashboard) {
    template.Resources.CognitoClaimsDashboard = {
      Type: 'AWS::CloudWatch::Dashboard',
      Properties: {
        DashboardName: `${input.prefix}-health`,
        DashboardBody: {
          'Fn::Sub': [
            dashboardBody(input),
            Object.fromEntries(input.triggers.map((t, i) => [`Fn${i}`, ref(t.functionLogicalId)])),
          ],
        },
      },
    };
  }
  if (input.queries && input.triggers.length > 0) {
    const triggerGroups = input.triggers.map((t) => ref(t.logGroupLogicalId));
    template.Resources.CognitoClaimsFailuresByCodeQuery = {
      Type: 'AWS::Logs::QueryDefinition',
      Properties: {
        Name: `${input.prefix}/failures by code`,
        LogGroupNames: triggerGroups,
        QueryString: [
          'fields @timestamp, failure.code',
          '| filter ispresent(failure.code)',
          '| stats count(*) as records, min(@timestamp) as first, max(@timestamp) as last by failure.code, failure.claim, failure.providerName, configVersion',
          '| sort records desc',
        ].join('\n'),
      },
    };
    template.Resources.CognitoClaimsUserRecordsQuery = {
      Type: 'AWS::Logs::QueryDefinition',
      Properties: {
        Name: `${input.prefix}/one user's records (replace the sub)`,
        LogGroupNames: triggerGroups,
        QueryString: failuresQuery({ sub: 'REPLACE-WITH-THE-USERS-SUB' }, 1000),
      },
    };
  }
  if (input.queries && input.authorizerLogGroupLogicalId) {
    template.Resources.CognitoClaimsDenialsByReasonQuery = {
      Type: 'AWS::Logs::QueryDefinition',
      Properties: {
        Name: `${input.prefix}/authorizer denials by reason`,
        LogGroupNames: [ref(input.authorizerLogGroupLogicalId)],
        QueryString: [
          'fields @timestamp, code',
          '| filter ispresent(AuthorizerDenials) and ispresent(code)',
          '| stats sum(AuthorizerDenials) as denials by code',
          '| sort denials desc',
        ].join('\n'),
      },
    };
  }
  if (input.durationAlarm && input.triggers.length > 0) {
    const threshold = input.durationThresholdMs ?? TRIGGER_WAIT_MS * 0.8;
    template.Resources.CognitoClaimsTriggerDurationAlarm = {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmName: `${input.prefix}-trigger-duration`,
        AlarmDescription: `A trigger's p99 duration is over ${threshold} ms: Cognito fails the sign-in at ${TRIGGER_WAIT_MS} ms. docs/runbook.md "Sign-in fails with PreTokenGeneration failed".`,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: threshold,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        TreatMissingData: 'notBreaching',
        Metrics: [
          {
            Id: 'slowest',
            Label: 'Slowest trigger p99 (ms)',
            Expression: 'MAX(METRICS())',
            ReturnData: true,
          },
          ...input.triggers.map((trigger, i) => ({
            Id: `duration${i}`,
            ReturnData: false,
            MetricStat: {
              Stat: 'p99',
              Period: 300,
              Metric: {
                Namespace: 'AWS/Lambda',
                MetricName: 'Duration',
                Dimensions: [{ Name: 'FunctionName', Value: ref(trigger.functionLogicalId) }],
              },
            },
          })),
        ],
        ...(input.topicArn ? { AlarmActions: [input.topicArn], OKActions: [input.topicArn] } : {}),
      },
    };
  }
}
