/**
 * GET /me behind any of the three authorizers: returns the typed claims and their source.
 * Logic lives in shared/api; this file wires it.
 */
import { createMeHandler } from '../../shared/api/me';
import { loadConfig } from '../../shared/config/load-config';
import { parseConfig } from '../../shared/config/parse-config';
import { withLambdaContext } from '../../shared/lambda-handler';
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

export const handler = withLambdaContext(logger, createMeHandler({ config, logger }));
