/**
 * GET /me behind any of the three authorizers: returns the typed claims and their source.
 * Logic lives in shared/api; this file wires it.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createMeHandler } from '../../shared/api/me';
import { loadConfig } from '../../shared/config/load-config';
import { parseConfig } from '../../shared/config/parse-config';
import { createLogger } from '../../shared/observability';

const logger = createLogger('me');
const loaded = loadConfig(process.env);
if (!loaded.ok) {
  logger.error('claims config is invalid; only Cognito standard claims are typed', {
    issues: loaded.error.issues,
    source: loaded.source,
  });
}
const config = loaded.ok ? loaded.config : parseConfig({ claims: [] });

export const handler = middy()
  // logEvent false even if POWERTOOLS_LOGGER_LOG_EVENT is set: the event carries the bearer token.
  .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
  .handler(createMeHandler({ config, logger }));
