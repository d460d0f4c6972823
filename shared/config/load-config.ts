/**
 * Where the config comes from: `CLAIMS_CONFIG` (JSON text) when set, otherwise the
 * `claims.config.json` bundled into the function at build time (and validated by the build).
 * Never throws: a bad run-time config must not break sign-in, so the caller gets a result
 * to record and fall back on.
 */
import bundled from '../../claims.config.json';
import type { ClaimsConfig } from '../claims/types';
import { ConfigError } from '../errors';
import { parseConfig, parseConfigText } from './parse-config';

export const CONFIG_ENV_VAR = 'CLAIMS_CONFIG';

export type ConfigResult =
  | { readonly ok: true; readonly config: ClaimsConfig; readonly source: string }
  | { readonly ok: false; readonly error: ConfigError; readonly source: string };

export const loadConfig = (env: Readonly<Record<string, string | undefined>>): ConfigResult => {
  const text = env[CONFIG_ENV_VAR];
  const fromEnv = text !== undefined && text.trim() !== '';
  const source = fromEnv ? `environment variable ${CONFIG_ENV_VAR}` : 'bundled claims.config.json';
  try {
    const config = fromEnv ? parseConfigText(text, source) : parseConfig(bundled, source);
    return { ok: true, config, source };
  } catch (error) {
    const configError =
      error instanceof ConfigError
        ? error
        : new ConfigError([{ path: '$', message: 'could not be read' }], source, { cause: error });
    return { ok: false, error: configError, source };
  }
};
