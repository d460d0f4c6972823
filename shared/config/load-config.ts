/**
 * Where the config comes from: `CLAIMS_CONFIG` (JSON text) when set, otherwise the
 * `claims.config.json` bundled into the function at build time (and validated by the build).
 * Never throws: a bad run-time config must not break sign-in, so the caller gets a result
 * to record and fall back on.
 */
import type { ClaimsConfig } from '../claims/types';
import { type ConfigIssue, ErrorCode } from '../errors';
import { isRecord } from '../is-record';
import { BUNDLED_CONFIG_SOURCE, bundledConfig } from './bundled-config';

export const CONFIG_ENV_VAR = 'CLAIMS_CONFIG';

export type ConfigResult =
  | { readonly ok: true; readonly config: ClaimsConfig; readonly source: string }
  | {
      readonly ok: false;
      /** Every problem, with its JSON path; `new ConfigError(issues, source)` words them. */
      readonly issues: readonly ConfigIssue[];
      readonly source: string;
    };

type Validator = typeof import('./parse-config');

/**
 * Required only for a run-time config. In a function bundle this resolves to the sibling file
 * config-validator.js (zod and our rules, ~35 KB), which a cold start with the bundled config,
 * validated by the build, never loads.
 */
const validator = (): Validator => require('./parse-config') as Validator;

/** The validator may be a separate bundle with its own ConfigError class: match on the shape. */
const issuesOf = (error: unknown): readonly ConfigIssue[] | undefined =>
  isRecord(error) && error.code === ErrorCode.CONFIG_INVALID && Array.isArray(error.issues)
    ? (error.issues as ConfigIssue[])
    : undefined;

export const loadConfig = (env: Readonly<Record<string, string | undefined>>): ConfigResult => {
  const text = env[CONFIG_ENV_VAR];
  const fromEnv = text !== undefined && text.trim() !== '';
  const source = fromEnv ? `environment variable ${CONFIG_ENV_VAR}` : BUNDLED_CONFIG_SOURCE;
  try {
    const config = fromEnv ? validator().parseConfigText(text, source) : bundledConfig();
    return { ok: true, config, source };
  } catch (error) {
    return {
      ok: false,
      issues: issuesOf(error) ?? [{ path: '$', message: 'could not be read' }],
      source,
    };
  }
};
