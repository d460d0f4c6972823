/**
 * Logger, metrics and the failure recorder every trigger shares. A failure is one JSON log line
 * with a top-level `failure` object, plus an embedded-metric-format count per code, so alarms
 * need no log parsing. Nothing here ever receives an attribute value or a token.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { type Failure, FailureLevel } from '../core/failure-codes';
import type { EventContext } from './events/cognito-event';

export const METRICS_NAMESPACE = 'CognitoClaims';
/** Counted per code (dimensions service+code) and in total (dimension service). */
export const FAILURE_METRIC = 'MappingFailures';
/** The authorizer's denials, per reason code, in the same shape. */
export const DENIAL_METRIC = 'AuthorizerDenials';

type Env = Readonly<Record<string, string | undefined>>;

/** WARN by default: a normal sign-in writes nothing. */
export const createLogger = (serviceName: string, env: Env = process.env): Logger =>
  new Logger({
    serviceName: env.POWERTOOLS_SERVICE_NAME ?? serviceName,
    logLevel: (env.POWERTOOLS_LOG_LEVEL ?? env.LOG_LEVEL ?? 'WARN').toUpperCase() as 'WARN',
  });

export interface FailureMetrics {
  /** Writes one count per code (dimensions service+code) and their total (dimension service). */
  count(perCode: ReadonlyMap<string, number>): void;
}

/**
 * Counts in CloudWatch embedded metric format: one JSON document per line on stdout, the same
 * documents Powertools Metrics writes for a single metric. Written by hand because that library
 * is 10 KB of a trigger bundle that must stay under 40 KB, for what takes the lines below.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export const createMetrics = (
  serviceName: string,
  env: Env = process.env,
  write: (line: string) => void = (line) => process.stdout.write(line),
  metric: string = FAILURE_METRIC,
): FailureMetrics => {
  const namespace = env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE;
  const service = env.POWERTOOLS_SERVICE_NAME ?? serviceName;
  const disabled = env.POWERTOOLS_METRICS_DISABLED?.toLowerCase() === 'true';
  const emit = (dimensions: Readonly<Record<string, string>>, value: number) =>
    write(
      `${JSON.stringify({
        _aws: {
          Timestamp: Date.now(),
          CloudWatchMetrics: [
            {
              Namespace: namespace,
              Dimensions: [Object.keys(dimensions)],
              Metrics: [{ Name: metric, Unit: 'Count' }],
            },
          ],
        },
        ...dimensions,
        [metric]: value,
      })}\n`,
    );
  return {
    count(perCode) {
      if (disabled) return;
      let total = 0;
      for (const [code, value] of perCode) {
        emit({ service, code }, value);
        total += value;
      }
      // The total carries only the service dimension: the one series the deployed alarm watches.
      if (total > 0) emit({ service }, total);
    },
  };
};

export interface FailureRecorder {
  record(failures: readonly Failure[], context: EventContext): void;
}

/** The `failure` object of a log line: what went wrong, then who and where. */
export const failureRecord = (failure: Failure, context: EventContext) => {
  const { level: _level, message: _message, ...detail } = failure;
  return { ...detail, ...context };
};

export const createFailureRecorder = (
  logger: Logger,
  metrics: FailureMetrics,
): FailureRecorder => ({
  record(failures, context) {
    if (failures.length === 0) return;
    const counts = new Map<string, number>();
    for (const failure of failures) {
      const payload = { failure: failureRecord(failure, context) };
      if (failure.level === FailureLevel.ERROR) logger.error(failure.message, payload);
      else if (failure.level === FailureLevel.WARN) logger.warn(failure.message, payload);
      else logger.info(failure.message, payload);
      // An optional attribute that is simply absent is normal: logged at INFO, never counted.
      if (failure.level !== FailureLevel.INFO) {
        counts.set(failure.code, (counts.get(failure.code) ?? 0) + 1);
      }
    }
    metrics.count(counts);
  },
});

/** Names what went wrong in an unexpected error without its message, which may quote input. */
export const describeError = (error: unknown): { errorName: string; stack?: string } => {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const frames = error.stack?.split('\n').slice(1, 6).join('\n');
  return { errorName: error.name, ...(frames ? { stack: frames } : {}) };
};
