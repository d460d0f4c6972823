/**
 * The seam between a function bundle and whoever packages it (this repository's build, or the
 * Serverless plugin in a user's service): the packager validates the config with the validator
 * the function ships and writes the result, defaults filled in, as `validated-config.json`
 * beside the bundle's `index.js`. A cold start reads that file and nothing else; the validator
 * is loaded only for a run-time `CLAIMS_CONFIG` (./config-validator).
 */
import type { ClaimsConfig } from '../../core/claims/types';
import { deepFreeze } from '../../core/config/deep-freeze';
import { isRecord } from '../../core/is-record';

/** The file name every packager writes; resolved beside the bundle at run time. */
export const PACKAGED_CONFIG_FILE = 'validated-config.json';
export const PACKAGED_CONFIG_SOURCE = `${PACKAGED_CONFIG_FILE} packaged with the function`;

export type PackagedConfig =
  | { readonly found: true; readonly config: ClaimsConfig }
  | { readonly found: false; readonly problem: string };

/**
 * Not a bundled import: the build marks `./validated-config.json` external, so this `require`
 * resolves beside `index.js`. Run from source there is no such file, and the caller says so.
 */
export function readPackagedConfig(): PackagedConfig {
  try {
    return { found: true, config: deepFreeze(require('./validated-config.json') as ClaimsConfig) };
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
