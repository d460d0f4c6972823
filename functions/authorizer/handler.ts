/**
 * API Gateway Lambda authorizer (HTTP API simple responses; REST API TOKEN/REQUEST with an IAM
 * policy): verifies the bearer token with aws-jwt-verify and passes the claims, typed, to the
 * integration. Logic lives in shared/runtime/authorizer; this file wires it.
 */
import { createAuthorizer } from '../../shared/runtime/authorizer/setup';

export const handler = createAuthorizer();
