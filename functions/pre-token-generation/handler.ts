/**
 * Pre Token Generation trigger (event versions 1, 2 and 3): adds configured user attributes and
 * static values to the ID and access tokens. Logic lives in shared/; this file wires it.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { loadConfig } from '../../shared/config/load-config';
import { createFailureRecorder, createLogger, createMetrics } from '../../shared/observability';
import { createPreTokenGenerationHandler } from '../../shared/triggers/pre-token-generation';

const SERVICE = 'pre-token-generation';
const logger = createLogger(SERVICE);
const config = loadConfig(process.env);
if (!config.ok) {
  logger.error('claims config is invalid; tokens will be issued without customisation', {
    issues: config.error.issues,
    source: config.source,
  });
}

export const handler = middy()
  // logEvent false even if POWERTOOLS_LOGGER_LOG_EVENT is set: events carry IdP tokens and PII.
  .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
  .handler(
    createPreTokenGenerationHandler({
      config,
      logger,
      recorder: createFailureRecorder(logger, createMetrics(SERVICE)),
    }),
  );
