/**
 * The claims config: one JSON document, validated once, loudly. Every problem is reported with
 * the JSON path it sits at (`$.claims[1].type`), all of them at once, and unknown keys are
 * rejected so a typo never silently disables a rule.
 */
import * as z from 'zod/mini';
import { routeConfigIssues } from '../authorizer/route-checks';
import { ROUTE_KEY_PATTERN, ROUTE_KEY_RULE } from '../authorizer/route-key';
import type { ClaimRule, ClaimsConfig } from '../claims/types';
import { ATTRIBUTE_MAX_LENGTH } from '../cognito';
import { ConfigError, type ConfigIssue } from '../errors';
import {
  checkClaim,
  checkClaimOrder,
  checkScopes,
  checkSuppress,
  claimEntry,
  type RawClaim,
  scopesSection,
  toScopes,
} from './claim-rules';
import { deepFreeze } from './deep-freeze';
import {
  budgetSection,
  checkGroupsAndBudget,
  groupsSection,
  toBudget,
  toGroups,
} from './groups-budget';
import { list, name, object, scopeName, toJsonPath } from './schema-parts';
import { checkSources, sourcesSection, toSources } from './sources-section';

export { toJsonPath };

// The config is parsed once per cold start: zod's JIT (compiling a parser per object shape with
// new Function) costs more than it saves for one parse. Asked per parse, never through
// z.config(), which would change zod for every other user of it in the host process.
const PARSE = { jitless: true } as const;

const maxLength = z.int({ error: 'expected a whole number' }).check(
  z.gte(1, { error: 'must be at least 1' }),
  z.lte(ATTRIBUTE_MAX_LENGTH, {
    error: `must be at most ${ATTRIBUTE_MAX_LENGTH} (Cognito's limit)`,
  }),
);

const overLimit = z.enum(['drop', 'truncate'], { error: 'expected "drop" or "truncate"' });

const idpTokenEntry = z.strictObject(
  {
    attribute: name('a user attribute name'),
    idpAttribute: z.optional(name('an IdP attribute name')),
    format: z.optional(z.enum(['jwt', 'opaque'], { error: 'expected "jwt" or "opaque"' })),
    maxLength: z.optional(maxLength),
    warnRatio: z.optional(
      z
        .number({ error: 'expected a number' })
        .check(
          z.gt(0, { error: 'must be greater than 0' }),
          z.lte(1, { error: 'must be at most 1' }),
        ),
    ),
    onOverLimit: z.optional(overLimit),
    maxAgeSeconds: z.optional(
      z
        .int({ error: 'expected a whole number of seconds' })
        .check(z.gte(1, { error: 'must be at least 1 second' })),
    ),
  },
  object,
);

const routeEntry = z.strictObject(
  {
    claims: z.optional(list(name('a claim name'), 'claim names')),
    scopes: z.optional(list(scopeName, 'scopes')),
    groups: z.optional(list(name('a group name'), 'group names')),
    values: z.optional(
      z.record(
        name('a claim name'),
        list(
          z
            .string({ error: 'expected a claim value as a string' })
            .check(z.minLength(1, { error: 'a claim value must not be empty' })),
          'claim values',
        ).check(z.minLength(1, { error: 'list at least one value, or leave the claim out' })),
        object,
      ),
    ),
  },
  object,
);

const configShape = {
  $schema: z.optional(z.string()),
  claims: list(claimEntry, 'claim entries'),
  suppress: z.optional(
    z.strictObject(
      {
        id: z.optional(list(name('a claim name'), 'claim names')),
        access: z.optional(list(name('a claim name'), 'claim names')),
      },
      object,
    ),
  ),
  scopes: z.optional(scopesSection),
  sources: z.optional(sourcesSection),
  budget: z.optional(budgetSection),
  groups: z.optional(groupsSection),
  idpTokens: z.optional(list(idpTokenEntry, 'IdP token entries')),
  providers: z.optional(
    z.record(
      name('a provider name'),
      z.strictObject(
        { expectedAttributes: list(name('a user attribute name'), 'attribute names') },
        object,
      ),
      object,
    ),
  ),
  federation: z.optional(
    z.strictObject(
      { maxLength: z.optional(maxLength), onOverLimit: z.optional(overLimit) },
      object,
    ),
  ),
  authorizer: z.optional(
    z.strictObject(
      {
        tokenUse: z.optional(z.enum(['id', 'access'], { error: 'expected "id" or "access"' })),
        routes: z.optional(
          z.record(
            z.string().check(z.regex(ROUTE_KEY_PATTERN, { error: ROUTE_KEY_RULE })),
            routeEntry,
            object,
          ),
        ),
      },
      object,
    ),
  ),
};

/** @internal The schema itself: for the JSON Schema generator, not part of the package's types. */
export const configSchema = z.strictObject(configShape, { error: 'expected a JSON object' });

type RawConfig = z.infer<typeof configSchema>;

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (node, key) =>
      node !== null && typeof node === 'object'
        ? (node as Record<PropertyKey, unknown>)[key]
        : undefined,
    input,
  );

const zodIssues = (error: { issues: readonly z.core.$ZodIssue[] }, input: unknown): ConfigIssue[] =>
  error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: toJsonPath([...issue.path, key]),
        message: 'unknown key (check the spelling against docs/config.md)',
      }));
    }
    if (issue.code === 'invalid_key') {
      return [{ path: toJsonPath(issue.path), message: `bad key: ${issue.issues[0]?.message}` }];
    }
    if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) {
      return [{ path: toJsonPath(issue.path), message: 'is required' }];
    }
    return [{ path: toJsonPath(issue.path), message: issue.message }];
  });

const crossChecks = (raw: RawConfig, rules: (ClaimRule | undefined)[], issues: ConfigIssue[]) => {
  const suppress = { id: raw.suppress?.id ?? [], access: raw.suppress?.access ?? [] };
  checkSuppress(suppress, issues);
  checkClaimOrder(rules, suppress, issues);
  checkScopes(raw.scopes, issues);
  checkSources(raw.sources, rules, issues);
  checkGroupsAndBudget(raw.groups, raw.budget, rules, issues);
  (raw.idpTokens ?? []).forEach((entry, i) => {
    if (entry.format === 'jwt' && entry.onOverLimit === 'truncate') {
      issues.push({
        path: toJsonPath(['idpTokens', i, 'onOverLimit']),
        message: 'a truncated JWT cannot be verified or decoded; use "drop" for "format": "jwt"',
      });
    }
    const first = (raw.idpTokens ?? []).findIndex((other) => other.attribute === entry.attribute);
    if (first < i) {
      issues.push({
        path: toJsonPath(['idpTokens', i, 'attribute']),
        message: `"${entry.attribute}" is already configured at $.idpTokens[${first}]`,
      });
    }
  });
};

const configKeys = Object.keys(configShape) as (keyof typeof configShape)[];

/** The top-level sections of a document that fail the schema, each parsed on its own. */
function wellFormedParts(input: unknown): RawConfig {
  const parts: Record<string, unknown> = { claims: [] };
  if (input === null || typeof input !== 'object') return parts as RawConfig;
  for (const key of configKeys) {
    if (key === 'claims') continue;
    const one = configShape[key].safeParse((input as Record<string, unknown>)[key], PARSE);
    if (one.success && one.data !== undefined) parts[key] = one.data;
  }
  return parts as RawConfig;
}

/** The claim entries that have the right shape, at their own index; the others undefined. */
function wellFormedClaims(input: unknown): (RawClaim | undefined)[] {
  const entries = (input as { claims?: unknown } | null)?.claims;
  if (!Array.isArray(entries)) return [];
  return entries.map((entry) => {
    const one = claimEntry.safeParse(entry, PARSE);
    return one.success ? one.data : undefined;
  });
}

/**
 * Validates a parsed JSON document and returns the config with every default filled in.
 * @throws ConfigError listing every problem with its JSON path.
 */
export function parseConfig(input: unknown, source = 'claims config'): ClaimsConfig {
  const parsed = configSchema.safeParse(input, PARSE);
  const issues: ConfigIssue[] = parsed.success ? [] : zodIssues(parsed.error, input);
  // With a shape error, the rules still run on every part that has the right shape, so one
  // run reports every problem and fixing them never brings new ones to light.
  const raw = parsed.success ? parsed.data : wellFormedParts(input);
  const entries: (RawClaim | undefined)[] = parsed.success ? raw.claims : wellFormedClaims(input);
  const rules = entries.map((entry, i) => (entry ? checkClaim(entry, i, issues) : undefined));
  crossChecks(raw, rules, issues);
  for (const issue of routeConfigIssues(raw.authorizer?.routes ?? {})) {
    issues.push({
      path: toJsonPath(['authorizer', 'routes', ...issue.path]),
      message: issue.message,
    });
  }
  if (!parsed.success) {
    issues.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
  }
  if (issues.length > 0 || !parsed.success) throw new ConfigError(issues, source);

  const config: ClaimsConfig = {
    claims: rules.filter((rule): rule is ClaimRule => rule !== undefined),
    suppress: { id: [...(raw.suppress?.id ?? [])], access: [...(raw.suppress?.access ?? [])] },
    scopes: toScopes(raw.scopes),
    ...toSources(raw.sources),
    budget: toBudget(raw.budget),
    ...toGroups(raw.groups),
    idpTokens: (raw.idpTokens ?? []).map((entry) => ({
      attribute: entry.attribute,
      ...(entry.idpAttribute !== undefined ? { idpAttribute: entry.idpAttribute } : {}),
      format: entry.format ?? 'opaque',
      maxLength: entry.maxLength ?? ATTRIBUTE_MAX_LENGTH,
      warnRatio: entry.warnRatio ?? 0.9,
      onOverLimit: entry.onOverLimit ?? 'drop',
      maxAgeSeconds: entry.maxAgeSeconds ?? 600,
    })),
    providers: Object.fromEntries(
      Object.entries(raw.providers ?? {}).map(([provider, value]) => [
        provider,
        { expectedAttributes: [...value.expectedAttributes] },
      ]),
    ),
    federation: {
      maxLength: raw.federation?.maxLength ?? ATTRIBUTE_MAX_LENGTH,
      onOverLimit: raw.federation?.onOverLimit ?? 'truncate',
    },
    authorizer: {
      tokenUse: raw.authorizer?.tokenUse ?? 'access',
      routes: Object.fromEntries(
        Object.entries(raw.authorizer?.routes ?? {}).map(([route, req]) => [
          route,
          {
            claims: req.claims ?? [],
            values: Object.fromEntries(
              Object.entries(req.values ?? {}).map(([claim, accepted]) => [
                claim,
                [...new Set(accepted)],
              ]),
            ),
            scopes: req.scopes ?? [],
            groups: req.groups ?? [],
          },
        ]),
      ),
    },
  };
  return deepFreeze(config);
}

/**
 * Where a JSON syntax error sits, as `line L, column C` (both from 1): V8 names a character
 * position, or none when the text ends early.
 */
function syntaxErrorPlace(text: string, message: string): string {
  const at = /at position (\d+)/.exec(message);
  const offset = at?.[1] !== undefined ? Number(at[1]) : text.length;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return `line ${line}, column ${column}`;
}

/** Parses JSON text first, so a syntax error is reported like any other config problem. */
export function parseConfigText(text: string, source = 'claims config'): ClaimsConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = (error instanceof Error ? error.message : 'not JSON').replace(
      / in JSON at position \d+.*$/,
      '',
    );
    const message = `is not valid JSON at ${syntaxErrorPlace(text, error instanceof Error ? error.message : '')} (${detail})`;
    throw new ConfigError([{ path: '$', message }], source, { cause: error });
  }
  return parseConfig(json, source);
}
