/**
 * What every trigger builds at cold start, in one place: the logger, the config (logged once
 * when invalid) and the failure recorder. The middy wrapper is in ./with-lambda-context.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
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
      issues: config.issues,
      source: config.source,
    });
  }
  return { logger, config, recorder: createFailureRecorder(logger, createMetrics(service)) };
};
