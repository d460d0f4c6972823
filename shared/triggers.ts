/**
 * `cognito-claims/triggers`: the Cognito triggers as factories, for users who wire their own
 * functions. Each returns a complete Lambda handler:
 * `export const handler = createPreTokenGenerationTrigger({ config });`
 */
export type { TriggerOptions } from './runtime/function-setup';
export { createInboundFederationTrigger } from './runtime/triggers/inbound-federation';
export { createPostAuthenticationTrigger } from './runtime/triggers/post-authentication';
export { createPreTokenGenerationTrigger } from './runtime/triggers/pre-token-generation';
