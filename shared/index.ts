/**
 * `cognito-claims`: what API code needs — the claims an API Gateway authorizer passed to a
 * handler, typed as the claims config declares them, and the types of that config.
 * Loads no logger, no AWS SDK and no validator.
 */

export { CLAIMS_CONTEXT_KEY, decodeAuthorizerContext } from './core/api/authorizer-context';
export {
  type ApiClaims,
  type ApiClaimsConfig,
  ClaimsSource,
  readApiClaims,
  type UnreadableClaim,
} from './core/api/read-claims';
export {
  type ClaimRule,
  type ClaimsConfig,
  ClaimType,
  type ClaimValue,
  type Conditions,
  type GroupsRule,
  type IdpTokenRule,
  type MappedValue,
  type RouteRequirements,
  type ScopeRule,
  type TokenKind,
  type TransformStep,
} from './core/claims/types';
export { CognitoClaimsError, ConfigError, type ConfigIssue, ErrorCode } from './core/errors';
