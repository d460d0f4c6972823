/**
 * What the authorizer builds once per environment, at cold start: its settings, config and
 * verifier (so the JWKS is fetched once and cached across invocations). Never throws: a
 * misconfigured authorizer denies every request.
 */
import { ConfigError } from '../../core/errors';
import { loadConfig } from '../config/load-config';
import type { AuthorizerSetup } from './authorizer';
import { readAuthorizerSettings } from './settings';
import { createTokenVerifier } from './verifier';

export function prepareAuthorizer(
  env: Readonly<Record<string, string | undefined>>,
): AuthorizerSetup {
  const config = loadConfig(env);
  if (!config.ok) {
    return { ok: false, problem: new ConfigError(config.issues, config.source).message };
  }
  try {
    const settings = readAuthorizerSettings(env, config.config);
    return { ok: true, settings, verifier: createTokenVerifier(settings), config: config.config };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : 'unknown problem' };
  }
}
