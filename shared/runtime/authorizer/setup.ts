/**
 * What the authorizer builds once per environment, at cold start: its settings, config and
 * verifier (so the JWKS is fetched once and cached across invocations) and its route table.
 * Never throws: a misconfigured authorizer denies every request.
 */
import { compileRoutes } from '../../core/authorizer/route-table';
import { ConfigError } from '../../core/errors';
import { loadConfig, validateConfig } from '../config/load-config';
import { createLogger, createMetrics, DENIAL_METRIC } from '../observability';
import { withLambdaContext } from '../with-lambda-context';
import { type AuthorizerSetup, createAuthorizerHandler } from './authorizer';
import { readAuthorizerSettings } from './settings';
import { createTokenVerifier } from './verifier';

type Env = Readonly<Record<string, string | undefined>>;

export interface AuthorizerOptions {
  /** Where the settings are read (`USER_POOL_ID`, `APP_CLIENT_IDS`, …); default process.env. */
  readonly env?: Env;
  /** The claims config (object or JSON text); default `CLAIMS_CONFIG`, else the packaged one. */
  readonly config?: unknown;
}

export function prepareAuthorizer(env: Env, configInput?: unknown): AuthorizerSetup {
  const config =
    configInput === undefined
      ? loadConfig(env)
      : validateConfig(configInput, 'the config passed to the authorizer');
  if (!config.ok) {
    return { ok: false, problem: new ConfigError(config.issues, config.source).message };
  }
  try {
    const settings = readAuthorizerSettings(env, config.config);
    return {
      ok: true,
      settings,
      verifier: createTokenVerifier(settings),
      config: config.config,
      routes: compileRoutes(config.config.authorizer.routes),
    };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : 'unknown problem' };
  }
}

/**
 * The whole verifying authorizer, built once at cold start: `export const handler =
 * createAuthorizer();`. Misconfigured, it logs once and denies every request.
 */
export function createAuthorizer(options: AuthorizerOptions = {}) {
  const logger = createLogger('authorizer');
  const metrics = createMetrics('authorizer', process.env, undefined, DENIAL_METRIC);
  const setup = prepareAuthorizer(options.env ?? process.env, options.config);
  if (!setup.ok) {
    // Fail closed: every request is denied until the function is configured.
    logger.error('authorizer is misconfigured; denying every request', { problem: setup.problem });
  }
  return withLambdaContext(logger, createAuthorizerHandler({ setup, logger, metrics }));
}
