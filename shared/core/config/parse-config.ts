/**
 * The claims config: one JSON document, validated once, loudly. Every problem is reported with
 * the JSON path it sits at (`$.claims[1].type`), all of them at once, and unknown keys are
 * rejected so a typo never silently disables a rule.
 */
import * as z from 'zod/mini';
import { inferClaimType } from '../claims/infer-type';
import type { ClaimRule, ClaimsConfig, ClaimType, ClaimValue, TokenKind } from '../claims/types';
import {
  ATTRIBUTE_MAX_LENGTH,
  ID_TOKEN_SCALAR_ONLY,
  reservedReason,
  suppressReason,
} from '../cognito';
import { ConfigError, type ConfigIssue } from '../errors';
import { deepFreeze } from './deep-freeze';
import { DEFAULT_TOKEN_BUDGET_BYTES } from './limits';

// The config is parsed once per cold start: zod's JIT (compiling a parser per object shape with
// new Function) costs more than it saves for one parse. Asked per parse, never through
// z.config(), which would change zod for every other user of it in the host process.
const PARSE = { jitless: true } as const;

const TOKEN_KINDS = ['id', 'access'] as const;
const CLAIM_TYPES = ['string', 'number', 'boolean', 'json', 'string[]'] as const;

// zod/mini keeps the trigger bundle small (~20 KB against ~450 KB for the classic build).
const name = (what: string) =>
  z.string({ error: `expected ${what} as a string` }).check(
    z.minLength(1, { error: `${what} must not be empty` }),
    z.maxLength(256, { error: `${what} must be at most 256 characters` }),
    z.regex(/^[^\s\p{Cc}]+$/u, {
      error: `${what} must not contain spaces or control characters`,
    }),
  );

const bool = z.boolean({ error: 'expected true or false' });
const list = <T extends z.ZodMiniType>(item: T, what: string) =>
  z.array(item, { error: `expected an array of ${what}` });

const jsonPrimitive = z.union([z.string(), z.number(), z.boolean()]);
const staticValue = z.union(
  [jsonPrimitive, z.array(jsonPrimitive), z.record(z.string(), z.unknown())],
  {
    error:
      'expected a string, a finite number, a boolean, an array of those, or a JSON object (Cognito accepts nothing else)',
  },
);

const claimEntry = z.strictObject(
  {
    claim: z.optional(name('a claim name')),
    from: z.optional(name('a user attribute name')),
    value: z.optional(staticValue),
    default: z.optional(staticValue),
    tokens: z.optional(
      list(z.enum(TOKEN_KINDS, { error: 'expected "id" or "access"' }), 'token kinds').check(
        z.minLength(1, { error: 'list at least one token ("id", "access")' }),
      ),
    ),
    type: z.optional(
      z.enum(CLAIM_TYPES, {
        error: `expected one of ${CLAIM_TYPES.map((t) => `"${t}"`).join(', ')}`,
      }),
    ),
    required: z.optional(bool),
    sensitive: z.optional(bool),
    clients: z.optional(
      list(name('an app client id'), 'app client ids').check(
        z.minLength(1, { error: 'list at least one app client id, or leave "clients" out' }),
      ),
    ),
    description: z.optional(z.string({ error: 'expected a string' })),
  },
  { error: 'expected a claim entry object' },
);

const scopeName = z
  .string({ error: 'expected a scope as a string' })
  .check(
    z.minLength(1, { error: 'a scope must not be empty' }),
    z.regex(/^\S+$/, { error: 'a scope must not contain spaces' }),
  );

const budgetBytes = z
  .int({ error: 'expected a whole number of bytes' })
  .check(
    z.gte(2, { error: 'must be at least 2 bytes (the empty object "{}")' }),
    z.lte(100_000, { error: 'must be at most 100000 bytes' }),
  );

const maxLength = z.int({ error: 'expected a whole number' }).check(
  z.gte(1, { error: 'must be at least 1' }),
  z.lte(ATTRIBUTE_MAX_LENGTH, {
    error: `must be at most ${ATTRIBUTE_MAX_LENGTH} (Cognito's limit)`,
  }),
);

const overLimit = z.enum(['drop', 'truncate'], { error: 'expected "drop" or "truncate"' });
const object = { error: 'expected an object' };

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
  scopes: z.optional(
    z.strictObject(
      {
        add: z.optional(list(scopeName, 'scopes')),
        suppress: z.optional(list(scopeName, 'scopes')),
      },
      object,
    ),
  ),
  budget: z.optional(
    z.strictObject({ id: z.optional(budgetBytes), access: z.optional(budgetBytes) }, object),
  ),
  groups: z.optional(
    z.strictObject(
      {
        from: name('a user attribute name'),
        mode: z.optional(z.enum(['merge', 'replace'], { error: 'expected "merge" or "replace"' })),
        dropProviderGroups: z.optional(bool),
      },
      object,
    ),
  ),
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
            z.string().check(
              z.regex(/^(\*|\$default|(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) \/\S*)$/, {
                error:
                  'a route key is "*", "$default", or "<METHOD> /path" with an upper-case method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY)',
              }),
            ),
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
type RawClaim = z.infer<typeof claimEntry>;

/** `['claims', 0, 'type']` → `$.claims[0].type` */
export const toJsonPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    const text = String(key);
    return /^[A-Za-z_$][\w$]*$/.test(text) ? `${acc}.${text}` : `${acc}[${JSON.stringify(text)}]`;
  }, '$');

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

/** Whether a value is acceptable for a declared claim type. */
const valueMatchesType = (value: ClaimValue, type: ClaimType): boolean => {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'json':
      return true;
  }
};

const checkClaim = (raw: RawClaim, index: number, issues: ConfigIssue[]): ClaimRule | undefined => {
  const at = (...rest: PropertyKey[]) => toJsonPath(['claims', index, ...rest]);
  const before = issues.length;
  const hasFrom = raw.from !== undefined;
  const hasValue = raw.value !== undefined;
  if (hasFrom === hasValue) {
    issues.push({
      path: at(),
      message: 'give exactly one of "from" (a user attribute) or "value" (a static value)',
    });
  }
  const claim = raw.claim ?? raw.from;
  if (claim === undefined) {
    if (hasValue) issues.push({ path: at('claim'), message: 'is required with "value"' });
    return undefined;
  }
  const tokens: TokenKind[] = raw.tokens ? [...new Set(raw.tokens)] : ['id', 'access'];
  const reasons = new Set(tokens.map((token) => reservedReason(token, claim)));
  for (const reason of reasons) {
    if (reason) issues.push({ path: at(raw.claim ? 'claim' : 'from'), message: reason });
  }
  if (hasValue && raw.default !== undefined) {
    issues.push({ path: at('default'), message: 'only applies to "from"; remove it' });
  }
  const type: ClaimType =
    raw.type ?? (raw.value !== undefined ? inferClaimType(raw.value) : 'string');
  if (raw.value !== undefined && !valueMatchesType(raw.value, type)) {
    issues.push({ path: at('value'), message: `does not match "type": "${type}"` });
  }
  if (raw.default !== undefined && !valueMatchesType(raw.default, type)) {
    issues.push({ path: at('default'), message: `does not match "type": "${type}"` });
  }
  if (tokens.includes('id') && ID_TOKEN_SCALAR_ONLY.has(claim)) {
    const complex = type === 'json' || type === 'string[]';
    if (complex) {
      issues.push({
        path: at('type'),
        message: `"${claim}" cannot hold an object or array in the ID token (Cognito rule)`,
      });
    }
  }
  if (claim === 'aud' && hasFrom) {
    issues.push({
      path: at('from'),
      message: '"aud" may only be a static "value" equal to the app client id (access token only)',
    });
  }
  if (issues.length > before) return undefined;
  return {
    claim,
    ...(raw.from !== undefined ? { from: raw.from } : {}),
    ...(raw.value !== undefined ? { value: raw.value as ClaimValue } : {}),
    ...(raw.default !== undefined ? { default: raw.default as ClaimValue } : {}),
    tokens,
    type,
    required: raw.required ?? false,
    sensitive: raw.sensitive ?? false,
    ...(raw.clients ? { clients: [...new Set(raw.clients)] } : {}),
  };
};

const overlaps = (a?: readonly string[], b?: readonly string[]): boolean =>
  a === undefined || b === undefined || a.some((client) => b.includes(client));

const crossChecks = (raw: RawConfig, rules: (ClaimRule | undefined)[], issues: ConfigIssue[]) => {
  const suppress = { id: raw.suppress?.id ?? [], access: raw.suppress?.access ?? [] };
  for (const token of TOKEN_KINDS) {
    suppress[token].forEach((claim, i) => {
      const reason = suppressReason(token, claim);
      if (reason) issues.push({ path: toJsonPath(['suppress', token, i]), message: reason });
    });
  }
  rules.forEach((rule, i) => {
    if (!rule) return;
    for (const token of rule.tokens) {
      if (suppress[token].includes(rule.claim)) {
        issues.push({
          path: toJsonPath(['claims', i, 'claim']),
          message: `"${rule.claim}" is both added to and suppressed from the ${token} token ($.suppress.${token}); Cognito lets suppression win, so remove one`,
        });
      }
      const earlier = rules.findIndex(
        (other, j) =>
          j < i &&
          other?.claim === rule.claim &&
          other.tokens.includes(token) &&
          overlaps(other.clients, rule.clients),
      );
      if (earlier >= 0) {
        issues.push({
          path: toJsonPath(['claims', i, 'claim']),
          message: `"${rule.claim}" is already written to the ${token} token by $.claims[${earlier}] for the same app clients`,
        });
      }
    }
  });
  const add = raw.scopes?.add ?? [];
  const drop = raw.scopes?.suppress ?? [];
  add.forEach((scope, i) => {
    if (drop.includes(scope)) {
      issues.push({
        path: toJsonPath(['scopes', 'add', i]),
        message: `"${scope}" is both added and suppressed`,
      });
    }
  });
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
  if (!parsed.success) {
    issues.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
  }
  if (issues.length > 0 || !parsed.success) throw new ConfigError(issues, source);

  const config: ClaimsConfig = {
    claims: rules.filter((rule): rule is ClaimRule => rule !== undefined),
    suppress: { id: [...(raw.suppress?.id ?? [])], access: [...(raw.suppress?.access ?? [])] },
    scopes: { add: [...(raw.scopes?.add ?? [])], suppress: [...(raw.scopes?.suppress ?? [])] },
    budget: {
      id: raw.budget?.id ?? DEFAULT_TOKEN_BUDGET_BYTES,
      access: raw.budget?.access ?? DEFAULT_TOKEN_BUDGET_BYTES,
    },
    ...(raw.groups
      ? {
          groups: {
            from: raw.groups.from,
            mode: raw.groups.mode ?? 'merge',
            dropProviderGroups: raw.groups.dropProviderGroups ?? false,
          },
        }
      : {}),
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
          { claims: req.claims ?? [], scopes: req.scopes ?? [], groups: req.groups ?? [] },
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
