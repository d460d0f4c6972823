/**
 * What a packager writes as `validated-config.json` (./packaged-config): the validated config
 * with its version worked out here, at packaging time, so a cold start only reads it. Hashing
 * the config at cold start cost about 1 to 2 ms (docs/performance.md). Used by this repository's
 * build (through config-validator.js) and by the Serverless plugin.
 */
import type { ClaimsConfig } from '../../core/claims/types';
import { configVersion } from '../../core/config/config-version';
import type { PackagedConfigFile } from './packaged-config';

/** @param config a config `parseConfig` returned (defaults filled in) */
export function packagedConfigJson(config: ClaimsConfig): string {
  const file: PackagedConfigFile = { configVersion: configVersion(config), config };
  return JSON.stringify(file);
}
