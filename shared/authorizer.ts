/**
 * `cognito-claims/authorizer`: the verifying API Gateway Lambda authorizer as a factory:
 * `export const handler = createAuthorizer();` (settings from USER_POOL_ID, APP_CLIENT_IDS, …).
 */

export { DenyReason } from './core/authorizer/deny-reason';
export {
  type AuthorizerResponse,
  type PolicyResponse,
  type SimpleResponse,
  UNAUTHORIZED,
} from './runtime/authorizer/authorizer';
export { type AuthorizerOptions, createAuthorizer } from './runtime/authorizer/setup';
