/**
 * `npm run schema`: writes claims.config.schema.json from the validator's schema. The file is
 * committed (editors read it from a clone or from node_modules/cognito-claims) and
 * tests/scripts/write-schema.test.ts fails when it no longer matches.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_SCHEMA_FILE, claimsConfigJsonSchema } from '../shared/core/config/json-schema';

export function schemaText(): string {
  return `${JSON.stringify(claimsConfigJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  const file = join(resolve(__dirname, '..'), CONFIG_SCHEMA_FILE);
  writeFileSync(file, schemaText());
  console.log(`wrote ${file}`);
}
