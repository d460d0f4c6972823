/**
 * `cognito-claims/config`: the claims config validator — every problem in one pass, each with
 * its JSON path — and the JSON Schema generated from the same schema.
 */

export type { ClaimsConfig } from './core/claims/types';
export { CONFIG_SCHEMA_FILE, claimsConfigJsonSchema } from './core/config/json-schema';
export { parseConfig, parseConfigText } from './core/config/parse-config';
export { ConfigError, type ConfigIssue } from './core/errors';
