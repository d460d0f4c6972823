/**
 * The claims config for the operator tools, from the user's project, never one bundled in the
 * package: `--config <file>`, else `CLAIMS_CONFIG` (JSON text, as a function reads it), else
 * `claims.config.json` in the directory the command runs in.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { parseConfigText } from '../../shared/core/config/parse-config';
import { CONFIG_ENV_VAR } from '../../shared/runtime/config/load-config';
import { UsageError } from './errors';
import type { CliIo } from './io';

export const DEFAULT_CONFIG_FILE = 'claims.config.json';

export interface LoadedConfig {
  readonly config: ClaimsConfig;
  readonly source: string;
}

/** @throws ConfigError (naming each JSON path) or UsageError for a missing or unreadable file. */
export function loadCliConfig(
  path: string | undefined,
  io: Pick<CliIo, 'env' | 'cwd'>,
): LoadedConfig {
  const fromEnv = io.env[CONFIG_ENV_VAR];
  if (path === undefined && fromEnv !== undefined && fromEnv.trim() !== '') {
    const source = `environment variable ${CONFIG_ENV_VAR}`;
    return { config: parseConfigText(fromEnv, source), source };
  }
  const file = resolve(io.cwd, path ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (path === undefined && code === 'ENOENT') {
      throw new UsageError(
        `no claims config: ${join(io.cwd, DEFAULT_CONFIG_FILE)} does not exist; pass --config <file> or set ${CONFIG_ENV_VAR}`,
        { cause: error },
      );
    }
    throw new UsageError(`--config ${path ?? file}: cannot read the file (${code})`, {
      cause: error,
    });
  }
  return { config: parseConfigText(text, path ?? file), source: path ?? file };
}
