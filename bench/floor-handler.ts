/**
 * The benchmark's floor: an empty handler with the setup every function has, the same Powertools
 * logger and middy wrapper, bundled the same way. What a function costs beyond this is ours.
 */
import { createLogger } from '../shared/runtime/observability';
import { withLambdaContext } from '../shared/runtime/with-lambda-context';

export const handler = withLambdaContext(createLogger('floor'), async <E>(event: E) => event);
