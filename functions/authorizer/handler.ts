/**
 * API Gateway Lambda authorizer (HTTP API simple responses; REST API TOKEN/REQUEST with an IAM
 * policy): verifies the bearer token with aws-jwt-verify and passes the claims, typed, to the
 * integration. Settings, config and verifier are built once per environment, at module scope,
 * so the JWKS is fetched once and cached across invocations.
 */
import { type AuthorizerSetup, createAuthorizerHandler } from '../../shared/authorizer/authorizer';
import { readAuthorizerSettings } from '../../shared/authorizer/settings';
import { createTokenVerifier } from '../../shared/authorizer/verifier';
import { loadConfig } from '../../shared/config/load-config';
import { ConfigError } from '../../shared/errors';
import { createLogger } from '../../shared/observability';
import { withLambdaContext } from '../../shared/with-lambda-context';

const logger = createLogger('authorizer');

const prepare = (): AuthorizerSetup => {
  const config = loadConfig(process.env);
  if (!config.ok) {
    return { ok: false, problem: new ConfigError(config.issues, config.source).message };
  }
  try {
    const settings = readAuthorizerSettings(process.env, config.config);
    return { ok: true, settings, verifier: createTokenVerifier(settings), config: config.config };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : 'unknown problem' };
  }
};

const setup = prepare();
if (!setup.ok) {
  // Fail closed: every request is denied until the function is configured.
  logger.error('authorizer is misconfigured; denying every request', { problem: setup.problem });
}

export const handler = withLambdaContext(logger, createAuthorizerHandler({ setup, logger }));
