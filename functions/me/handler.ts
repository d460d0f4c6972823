/**
 * GET /me behind any of the three authorizers: returns the typed claims and their source.
 * Logic lives in shared/runtime/api; this file wires it.
 */
import { createMeHandler } from '../../shared/runtime/api/me';
import { loadConfig } from '../../shared/runtime/config/load-config';
import { createLogger } from '../../shared/runtime/observability';
import { withLambdaContext } from '../../shared/runtime/with-lambda-context';

const logger = createLogger('me');
const loaded = loadConfig(process.env);
if (!loaded.ok) {
  logger.error('claims config is invalid; only Cognito standard claims are typed', {
    issues: loaded.issues,
    source: loaded.source,
  });
}
const config = loaded.ok ? loaded.config : { claims: [] };

export const handler = withLambdaContext(logger, createMeHandler({ config, logger }));
