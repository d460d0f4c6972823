/**
 * The seam between a function bundle and whoever packages it (this repository's build, or the
 * Serverless plugin in a user's service): the packager validates the config with the validator
 * the function ships and writes the result, defaults filled in, with its version, as
 * `validated-config.json` beside the bundle's `index.js` (./packaged-config-json). A cold start reads that file and nothing else; the validator
 * is loaded only for a run-time `CLAIMS_CONFIG` (./config-validator).
 */
import type { ClaimsConfig } from '../../core/claims/types';
import { deepFreeze } from '../../core/config/deep-freeze';
import { isRecord } from '../../core/is-record';

/** The file name every packager writes; resolved beside the bundle at run time. */
export const PACKAGED_CONFIG_FILE = 'validated-config.json';
export const PACKAGED_CONFIG_SOURCE = `${PACKAGED_CONFIG_FILE} packaged with the function`;

const NOT_PACKAGED_BY_US =
  'is not {"configVersion", "config"}: package the function with this version of cognito-claims (its build or Serverless plugin)';

/** The file's content (./packaged-config-json writes it). */
export interface PackagedConfigFile {
  /** The config's version (shared/core/config/config-version.ts), worked out by the packager. */
  readonly configVersion: string;
  readonly config: ClaimsConfig;
}

export type PackagedConfig =
  | { readonly found: true; readonly config: ClaimsConfig; readonly version: string }
  | { readonly found: false; readonly problem: string };

const isPackagedFile = (value: unknown): value is PackagedConfigFile =>
  isRecord(value) && typeof value.configVersion === 'string' && isRecord(value.config);

/**
 * Not a bundled import: the build marks `./validated-config.json` external, so this `require`
 * resolves beside `index.js`. Run from source there is no such file, and the caller says so.
 */
export function readPackagedConfig(): PackagedConfig {
  try {
    const file: unknown = require('./validated-config.json');
    if (!isPackagedFile(file)) return { found: false, problem: NOT_PACKAGED_BY_US };
    return { found: true, config: deepFreeze(file.config), version: file.configVersion };
  } catch (error) {
    const missing = isRecord(error) && error.code === 'MODULE_NOT_FOUND';
    return {
      found: false,
      problem: missing
        ? 'is missing: package the function with its config, or set CLAIMS_CONFIG'
        : 'could not be read',
    };
  }
}
