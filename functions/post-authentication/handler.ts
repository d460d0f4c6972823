/**
 * Post authentication AND Post confirmation trigger (wire both to this function: Post
 * authentication does not fire on a federated user's first sign-in, Post confirmation does).
 * Checks the IdP tokens stored in custom attributes and records problems; never blocks a sign-in.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { loadConfig } from '../../shared/config/load-config';
import { createFailureRecorder, createLogger, createMetrics } from '../../shared/observability';
import { createPostAuthenticationHandler } from '../../shared/triggers/post-authentication';

const SERVICE = 'post-authentication';
const logger = createLogger(SERVICE);
const config = loadConfig(process.env);
if (!config.ok) {
  logger.error('claims config is invalid; IdP tokens will not be checked', {
    issues: config.error.issues,
    source: config.source,
  });
}

export const handler = middy()
  // logEvent false even if POWERTOOLS_LOGGER_LOG_EVENT is set: events carry IdP tokens and PII.
  .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
  .handler(
    createPostAuthenticationHandler({
      config,
      logger,
      recorder: createFailureRecorder(logger, createMetrics(SERVICE)),
      now: Date.now,
    }),
  );
