/**
 * `cognito-claims/authorizer`: the verifying API Gateway Lambda authorizer as a factory:
 * `export const handler = createAuthorizer();` (settings from JWT_ISSUER_URL, JWT_AUDIENCE, …).
 */

export { DenyReason } from './core/authorizer/deny-reason';
export {
  type AuthorizerResponse,
  type PolicyResponse,
  type SimpleResponse,
  UNAUTHORIZED,
} from './runtime/authorizer/authorizer';
export { type AuthorizerOptions, createAuthorizer } from './runtime/authorizer/setup';
