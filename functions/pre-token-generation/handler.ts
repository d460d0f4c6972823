/**
 * Pre Token Generation trigger (event versions 1, 2 and 3): adds configured user attributes and
 * static values to the ID and access tokens. Logic lives in shared/; this file wires it.
 */
import { setUpFunction } from '../../shared/runtime/function-setup';
import { createPreTokenGenerationHandler } from '../../shared/runtime/triggers/pre-token-generation';
import { withLambdaContext } from '../../shared/runtime/with-lambda-context';

const setup = setUpFunction('pre-token-generation', 'tokens will be issued without customisation');

export const handler = withLambdaContext(setup.logger, createPreTokenGenerationHandler(setup));
