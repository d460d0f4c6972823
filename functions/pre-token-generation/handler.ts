/**
 * Pre Token Generation trigger (event versions 1, 2 and 3): adds configured user attributes and
 * static values to the ID and access tokens. Logic lives in shared/; this file wires it.
 */
import { createPreTokenGenerationTrigger } from '../../shared/runtime/triggers/pre-token-generation';

export const handler = createPreTokenGenerationTrigger();
