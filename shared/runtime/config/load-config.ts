/**
 * Where the config comes from: `CLAIMS_CONFIG` (JSON text) when set, validated here; otherwise
 * the config the packager validated and wrote beside the bundle (./packaged-config).
 * Never throws: a bad run-time config must not break sign-in, so the caller gets a result
 * to record and fall back on.
 */
import type { ClaimsConfig } from '../../core/claims/types';
import { type ConfigIssue, ErrorCode } from '../../core/errors';
import { isRecord } from '../../core/is-record';
import { PACKAGED_CONFIG_SOURCE, readPackagedConfig } from './packaged-config';

export const CONFIG_ENV_VAR = 'CLAIMS_CONFIG';

export type ConfigResult =
  | {
      readonly ok: true;
      readonly config: ClaimsConfig;
      readonly source: string;
      /** Its version (`configVersion`), on every line the function writes. */
      readonly version: string;
    }
  | {
      readonly ok: false;
      /** Every problem, with its JSON path; `new ConfigError(issues, source)` words them. */
      readonly issues: readonly ConfigIssue[];
      readonly source: string;
    };

type Validator = typeof import('./config-validator');

/**
 * Required only for a run-time config. The build keeps `./config-validator` a separate file
 * beside the bundle (zod and our rules, ~35 KB), which a cold start with the packaged config
 * never loads.
 */
function validator(): Validator {
  return require('./config-validator') as Validator;
}

/** The validator may be a separate bundle with its own ConfigError class: match on the shape. */
function issuesOf(error: unknown): readonly ConfigIssue[] | undefined {
  return isRecord(error) && error.code === ErrorCode.CONFIG_INVALID && Array.isArray(error.issues)
    ? (error.issues as ConfigIssue[])
    : undefined;
}

/**
 * A config given in code (an object or JSON text), as a user who wires their own function passes
 * it to a trigger factory: validated like `CLAIMS_CONFIG`, never thrown.
 */
export function validateConfig(input: unknown, source: string): ConfigResult {
  try {
    const validate = validator();
    const config =
      typeof input === 'string'
        ? validate.parseConfigText(input, source)
        : validate.parseConfig(input, source);
    return { ok: true, config, source, version: validate.configVersion(config) };
  } catch (error) {
    return {
      ok: false,
      issues: issuesOf(error) ?? [{ path: '$', message: 'could not be read' }],
      source,
    };
  }
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const text = env[CONFIG_ENV_VAR];
  if (text === undefined || text.trim() === '') {
    const packaged = readPackagedConfig();
    return packaged.found
      ? {
          ok: true,
          config: packaged.config,
          source: PACKAGED_CONFIG_SOURCE,
          version: packaged.version,
        }
      : {
          ok: false,
          issues: [{ path: '$', message: packaged.problem }],
          source: PACKAGED_CONFIG_SOURCE,
        };
  }
  return validateConfig(text, `environment variable ${CONFIG_ENV_VAR}`);
}
