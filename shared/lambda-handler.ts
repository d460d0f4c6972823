/**
 * What every function builds at cold start, in one place: the logger, the config (logged once
 * when invalid), the failure recorder, and the middy wrapper. The wrapper puts the Lambda
 * context in every log line and never logs the event, whatever POWERTOOLS_LOGGER_LOG_EVENT says:
 * events carry IdP tokens, bearer tokens and personal data.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { type ConfigResult, loadConfig } from './config/load-config';
import {
  createFailureRecorder,
  createLogger,
  createMetrics,
  type FailureRecorder,
} from './observability';

export interface FunctionSetup {
  readonly logger: Logger;
  readonly config: ConfigResult;
  readonly recorder: FailureRecorder;
}

/** @param ifInvalid what the function does without a usable config, for the cold-start log line */
export const setUpFunction = (service: string, ifInvalid: string): FunctionSetup => {
  const logger = createLogger(service);
  const config = loadConfig(process.env);
  if (!config.ok) {
    logger.error(`claims config is invalid; ${ifInvalid}`, {
      issues: config.error.issues,
      source: config.source,
    });
  }
  return { logger, config, recorder: createFailureRecorder(logger, createMetrics(service)) };
};

export const withLambdaContext = <E, R>(logger: Logger, handler: (event: E) => Promise<R>) =>
  middy<E, R>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .handler(handler);
