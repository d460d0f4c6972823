/**
 * Logger, metrics and the failure recorder every trigger shares. A failure is one JSON log line
 * with a top-level `failure` object, plus an embedded-metric-format count per code, so alarms
 * need no log parsing. Nothing here ever receives an attribute value or a token.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventContext } from './events/cognito-event';
import { type Failure, FailureLevel } from './failure-codes';

export const METRICS_NAMESPACE = 'CognitoClaims';
/** Counted per code (dimensions service+code) and in total (dimension service). */
export const FAILURE_METRIC = 'MappingFailures';

type Env = Readonly<Record<string, string | undefined>>;

/** WARN by default: a normal sign-in writes nothing. */
export const createLogger = (serviceName: string, env: Env = process.env): Logger =>
  new Logger({
    serviceName: env.POWERTOOLS_SERVICE_NAME ?? serviceName,
    logLevel: (env.POWERTOOLS_LOG_LEVEL ?? env.LOG_LEVEL ?? 'WARN').toUpperCase() as 'WARN',
  });

export const createMetrics = (serviceName: string, env: Env = process.env): Metrics =>
  new Metrics({
    namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
    serviceName: env.POWERTOOLS_SERVICE_NAME ?? serviceName,
  });

export interface FailureRecorder {
  record(failures: readonly Failure[], context: EventContext): void;
}

/** The `failure` object of a log line: what went wrong, then who and where. */
export const failureRecord = (failure: Failure, context: EventContext) => {
  const { level: _level, message: _message, ...detail } = failure;
  return { ...detail, ...context };
};

export const createFailureRecorder = (logger: Logger, metrics: Metrics): FailureRecorder => ({
  record(failures, context) {
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
    let total = 0;
    for (const [code, count] of counts) {
      const single = metrics.singleMetric();
      single.addDimensions({ code });
      single.addMetric(FAILURE_METRIC, MetricUnit.Count, count);
      total += count;
    }
    // The total carries only the service dimension: the one series the deployed alarm watches.
    if (total > 0) metrics.singleMetric().addMetric(FAILURE_METRIC, MetricUnit.Count, total);
  },
});

/** Names what went wrong in an unexpected error without its message, which may quote input. */
export const describeError = (error: unknown): { errorName: string; stack?: string } => {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const frames = error.stack?.split('\n').slice(1, 6).join('\n');
  return { errorName: error.name, ...(frames ? { stack: frames } : {}) };
};
