/**
 * What every trigger builds at cold start, in one place: the logger, the config (logged once
 * when invalid) and the failure recorder. The middy wrapper is in ./with-lambda-context.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type ConfigResult, loadConfig, validateConfig } from './config/load-config';
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

/** What a user who wires their own function may pass to a trigger factory. */
export interface TriggerOptions {
  /**
   * The claims config, as an object or JSON text, validated at cold start. Without it the
   * function reads `CLAIMS_CONFIG`, else the `validated-config.json` packaged beside it.
   */
  readonly config?: unknown;
}

/**
 * @param service the logger's service name and the metrics dimension
 * @param ifInvalid what the function does without a usable config, for the cold-start log line
 */
export function setUpFunction(
  service: string,
  ifInvalid: string,
  options: TriggerOptions = {},
): FunctionSetup {
  const logger = createLogger(service);
  const config =
    options.config === undefined
      ? loadConfig(process.env)
      : validateConfig(options.config, `the config passed to the ${service} trigger`);
  if (!config.ok) {
    logger.error(`claims config is invalid; ${ifInvalid}`, {
      issues: config.issues,
      source: config.source,
    });
  } else {
    // On every line this function writes (failures, the DEBUG summary): which deploy wrote it.
    logger.appendPersistentKeys({ configVersion: config.version });
    logger.info('claims config loaded', { source: config.source });
  }
  return { logger, config, recorder: createFailureRecorder(logger, createMetrics(service)) };
}
