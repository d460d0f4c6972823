/**
 * Inbound federation trigger (Lambda version V1_0): keeps every IdP attribute Cognito is about
 * to map within its length limit, so an oversized IdP token no longer fails the sign-in.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { loadConfig } from '../../shared/config/load-config';
import { createFailureRecorder, createLogger, createMetrics } from '../../shared/observability';
import { createInboundFederationHandler } from '../../shared/triggers/inbound-federation';

const SERVICE = 'inbound-federation';
const logger = createLogger(SERVICE);
const config = loadConfig(process.env);
if (!config.ok) {
  logger.error('claims config is invalid; IdP attributes will be limited with the defaults', {
    issues: config.error.issues,
    source: config.source,
  });
}

export const handler = middy()
  // logEvent false even if POWERTOOLS_LOGGER_LOG_EVENT is set: events carry IdP tokens and PII.
  .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
  .handler(
    createInboundFederationHandler({
      config,
      logger,
      recorder: createFailureRecorder(logger, createMetrics(SERVICE)),
    }),
  );
