/**
 * API Gateway Lambda authorizer (HTTP API simple responses; REST API TOKEN/REQUEST with an IAM
 * policy): verifies the bearer token with aws-jwt-verify and passes the claims, typed, to the
 * integration. Logic lives in shared/runtime/authorizer; this file wires it.
 */
import { createAuthorizerHandler } from '../../shared/runtime/authorizer/authorizer';
import { prepareAuthorizer } from '../../shared/runtime/authorizer/setup';
import { createLogger } from '../../shared/runtime/observability';
import { withLambdaContext } from '../../shared/runtime/with-lambda-context';

const logger = createLogger('authorizer');
const setup = prepareAuthorizer(process.env);
if (!setup.ok) {
  // Fail closed: every request is denied until the function is configured.
  logger.error('authorizer is misconfigured; denying every request', { problem: setup.problem });
}

export const handler = withLambdaContext(logger, createAuthorizerHandler({ setup, logger }));
