/**
 * The validator a function loads only for a run-time `CLAIMS_CONFIG`. The build makes it a
 * separate file beside the bundle (`config-validator.js`: zod and our rules), so a cold start
 * with the packaged config never loads it; packagers validate with the same file.
 */

export { configVersion } from '../../core/config/config-version';
export { parseConfig, parseConfigText } from '../../core/config/parse-config';
export { packagedConfigJson } from './packaged-config-json';
