/**
 * The JSON Schema of `claims.config.json`, generated from the schema the validator uses (zod's
 * own conversion), so the two cannot drift. Editors use it to complete and check the file; the
 * validator still does more (cross-field rules, reserved claims) and has the last word.
 */
import * as z from 'zod/mini';
import { configSchema } from './parse-config';

export const CONFIG_SCHEMA_FILE = 'claims.config.schema.json';

export function claimsConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return {
    ...schema,
    title: 'cognito-claims config',
    description:
      'Which user attributes and static values the Cognito triggers put into ID and access tokens. Reference: docs/config.md.',
  };
}
