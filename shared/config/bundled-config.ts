/**
 * The claims config bundled into every function. Read from source (tests, the CLI, `npm start`)
 * it is validated here on first use. `npm run build` validates it once and replaces this module
 * with the validated config (scripts/function-bundle.cjs), so a deployed function carries no
 * validator on its cold-start path.
 */
import raw from '../../claims.config.json';
import type { ClaimsConfig } from '../claims/types';
import { parseConfig } from './parse-config';

export const BUNDLED_CONFIG_SOURCE = 'bundled claims.config.json';

/** @throws ConfigError when the file is invalid (only from source: the build refuses it). */
export const bundledConfig = (): ClaimsConfig => parseConfig(raw, BUNDLED_CONFIG_SOURCE);
