/**
 * Pre Token Generation trigger (event versions 1, 2 and 3): adds configured user attributes and
 * static values to the ID and access tokens. Logic lives in shared/; this file wires it.
 */
import { setUpFunction, withLambdaContext } from '../../shared/lambda-handler';
import { createPreTokenGenerationHandler } from '../../shared/triggers/pre-token-generation';

const setup = setUpFunction('pre-token-generation', 'tokens will be issued without customisation');

export const handler = withLambdaContext(setup.logger, createPreTokenGenerationHandler(setup));
