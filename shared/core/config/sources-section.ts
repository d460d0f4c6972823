/**
 * The `sources` section of the config: named items read per sign-in (a DynamoDB table's item by
 * key), their schema, and the rules zod cannot say: key templates that can resolve, the time
 * budget (one source at most 1,500 ms, all of them 3,000 ms: Cognito allows a trigger 5 s and
 * retries it), and claim rules that name a configured source.
 */
import * as z from 'zod/mini';
import type { ClaimRule } from '../claims/types';
import { REGION_PATTERN } from '../cognito';
import type { ConfigIssue } from '../errors';
import { parseKeyTemplate } from '../sources/key-template';
import {
  SOURCE_CACHE_DEFAULT_SECONDS,
  SOURCE_TIMEOUT_DEFAULT_MS,
  SOURCE_TIMEOUT_MAX_MS,
  SOURCES_TIMEOUT_TOTAL_MAX_MS,
  type SourceConfig,
} from '../sources/types';
import { name, object, toJsonPath } from './schema-parts';

/** DynamoDB's own rule for table names. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const SOURCE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export const sourceName = z.string({ error: 'expected a source name as a string' }).check(
  z.regex(SOURCE_NAME, {
    error: 'a source name starts with a letter and has at most 64 letters, digits, "_" or "-"',
  }),
);

const sourceEntry = z.strictObject(
  {
    dynamodb: z.strictObject(
      {
        table: z.string({ error: 'expected a table name as a string' }).check(
          z.regex(TABLE_NAME, {
            error: 'a DynamoDB table name has 3 to 255 letters, digits, "_", "-" or "."',
          }),
        ),
        region: z.optional(
          z
            .string({ error: 'expected a region as a string' })
            .check(
              z.regex(REGION_PATTERN, { error: 'expected an AWS region such as "eu-west-1"' }),
            ),
        ),
        key: z.record(
          name('a key attribute name'),
          z
            .string({ error: 'expected the key value as a template string, e.g. "USER#{sub}"' })
            .check(z.maxLength(2048, { error: 'a key value must be at most 2048 characters' })),
          object,
        ),
      },
      object,
    ),
    timeoutMs: z.optional(
      z.int({ error: 'expected a whole number of milliseconds' }).check(
        z.gte(1, { error: 'must be at least 1 ms' }),
        z.lte(SOURCE_TIMEOUT_MAX_MS, {
          error: `must be at most ${SOURCE_TIMEOUT_MAX_MS} ms (Cognito allows the whole trigger 5 s)`,
        }),
      ),
    ),
    cacheSeconds: z.optional(
      z
        .int({ error: 'expected a whole number of seconds' })
        .check(
          z.gte(0, { error: 'must be at least 0 (0: never cached)' }),
          z.lte(3600, { error: 'must be at most 3600 seconds' }),
        ),
    ),
  },
  object,
);

export const sourcesSection = z.record(sourceName, sourceEntry, object);

type RawSources = z.infer<typeof sourcesSection>;

/** Key templates, the time budget, and the sources claim rules name. */
export function checkSources(
  sources: RawSources | undefined,
  rules: readonly (ClaimRule | undefined)[],
  issues: ConfigIssue[],
): void {
  const names = Object.keys(sources ?? {});
  let total = 0;
  for (const [source, entry] of Object.entries(sources ?? {})) {
    const attributes = Object.keys(entry.dynamodb.key);
    if (attributes.length < 1 || attributes.length > 2) {
      issues.push({
        path: toJsonPath(['sources', source, 'dynamodb', 'key']),
        message:
          "name the table's partition key, and its sort key if it has one (1 or 2 attributes)",
      });
    }
    for (const attribute of attributes) {
      const parsed = parseKeyTemplate(entry.dynamodb.key[attribute] ?? '');
      if ('problem' in parsed) {
        issues.push({
          path: toJsonPath(['sources', source, 'dynamodb', 'key', attribute]),
          message: parsed.problem,
        });
      }
    }
    total += entry.timeoutMs ?? SOURCE_TIMEOUT_DEFAULT_MS;
  }
  if (total > SOURCES_TIMEOUT_TOTAL_MAX_MS) {
    issues.push({
      path: '$.sources',
      message: `the sources' timeoutMs add up to ${total} ms, more than ${SOURCES_TIMEOUT_TOTAL_MAX_MS} (Cognito allows a trigger 5 s and retries it)`,
    });
  }
  rules.forEach((rule, i) => {
    if (rule?.source === undefined || names.includes(rule.source)) return;
    issues.push({
      path: toJsonPath(['claims', i, 'source']),
      message: `names no source: ${names.length > 0 ? `configured are ${names.map((n) => `"${n}"`).join(', ')}` : 'add it under "sources"'}`,
    });
  });
}

/** The validated sources with their defaults; no key at all when none are configured. */
export function toSources(sources: RawSources | undefined): {
  sources?: Record<string, SourceConfig>;
} {
  if (sources === undefined || Object.keys(sources).length === 0) return {};
  return {
    sources: Object.fromEntries(
      Object.entries(sources).map(([source, entry]) => [
        source,
        {
          dynamodb: {
            table: entry.dynamodb.table,
            ...(entry.dynamodb.region !== undefined ? { region: entry.dynamodb.region } : {}),
            key: { ...entry.dynamodb.key },
          },
          timeoutMs: entry.timeoutMs ?? SOURCE_TIMEOUT_DEFAULT_MS,
          cacheSeconds: entry.cacheSeconds ?? SOURCE_CACHE_DEFAULT_SECONDS,
        },
      ]),
    ),
  };
}
