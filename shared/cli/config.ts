/** The claims config for the operator tools: `--config <file>`, else what the trigger would load. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ClaimsConfig } from '../claims/types';
import { loadConfig } from '../config/load-config';
import { parseConfigText } from '../config/parse-config';
import { ConfigError } from '../errors';
import { UsageError } from './errors';
import type { CliIo } from './io';

export interface LoadedConfig {
  readonly config: ClaimsConfig;
  readonly source: string;
}

/** @throws ConfigError (naming each JSON path) or UsageError for an unreadable file. */
export const loadCliConfig = (path: string | undefined, io: CliIo): LoadedConfig => {
  if (path === undefined) {
    const result = loadConfig(io.env);
    if (!result.ok) throw new ConfigError(result.issues, result.source);
    return { config: result.config, source: result.source };
  }
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    throw new UsageError(
      `--config ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      {
        cause: error,
      },
    );
  }
  return { config: parseConfigText(text, path), source: path };
};
