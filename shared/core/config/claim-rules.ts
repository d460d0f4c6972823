/**
 * The `claims` and `scopes` sections of the config: their schema, and the rules zod cannot say.
 * A rule's `when` (groups, providers, trigger sources, attributes), `from: "cognito:groups"`, its
 * `transform` and `map`; the order of the rules for one claim (the first that holds and yields
 * wins, so a rule after one that always yields is never tried, and is refused); scope entries
 * with a `when`; and the claims and scopes Cognito keeps to itself.
 */
import * as z from 'zod/mini';
import { inferClaimType } from '../claims/infer-type';
import {
  type ClaimRule,
  type ClaimType,
  type ClaimValue,
  type Conditions,
  GROUPS_SOURCE,
  type MappedValue,
  type ScopeRule,
  type TokenKind,
  type TransformStep,
} from '../claims/types';
import {
  ID_TOKEN_SCALAR_ONLY,
  PRE_TOKEN_TRIGGER_SOURCES,
  reservedReason,
  scopeAddReason,
  suppressReason,
} from '../cognito';
import type { ConfigIssue } from '../errors';
import { bool, list, name, object, scopeName, toJsonPath } from './schema-parts';
import { sourceName } from './sources-section';

const TOKEN_KINDS = ['id', 'access'] as const;
const CLAIM_TYPES = ['string', 'number', 'boolean', 'json', 'string[]'] as const;
const TOKEN_NAME = { id: 'ID', access: 'access' } as const;

const jsonPrimitive = z.union([z.string(), z.number(), z.boolean()]);
const staticValue = z.union(
  [jsonPrimitive, z.array(jsonPrimitive), z.record(z.string(), z.unknown())],
  {
    error:
      'expected a string, a finite number, a boolean, an array of those, or a JSON object (Cognito accepts nothing else)',
  },
);

/** A list that must hold something: an empty one would make its condition never hold. */
const someOf = <T extends z.ZodMiniType>(item: T, what: string, key: string) =>
  list(item, `${what}s`).check(
    z.minLength(1, { error: `list at least one ${what}, or leave "${key}" out` }),
  );

const conditions = z.strictObject(
  {
    groups: z.optional(someOf(name('a group name'), 'group', 'groups')),
    providers: z.optional(someOf(name('a provider name'), 'provider', 'providers')),
    triggerSources: z.optional(
      someOf(
        z.enum(PRE_TOKEN_TRIGGER_SOURCES, {
          error: `expected one of ${PRE_TOKEN_TRIGGER_SOURCES.map((s) => `"${s}"`).join(', ')}`,
        }),
        'trigger source',
        'triggerSources',
      ),
    ),
    attributes: z.optional(
      z.record(
        name('a user attribute name'),
        someOf(z.string({ error: 'expected a value as a string' }), 'value', 'the attribute'),
        object,
      ),
    ),
  },
  object,
);

const stepText = (what: string) =>
  z
    .string({ error: `expected ${what} as a string` })
    .check(z.minLength(1, { error: `${what} must not be empty` }));

const transformStep = z.union(
  [
    z.enum(['trim', 'lowercase', 'uppercase']),
    z.strictObject({ prefix: stepText('a prefix') }),
    z.strictObject({ stripPrefix: stepText('a prefix') }),
    z.strictObject({ after: stepText('a separator') }),
    z.strictObject({ before: stepText('a separator') }),
    z.strictObject({
      replace: z.strictObject(
        {
          from: stepText('the text to replace'),
          to: z.string({ error: 'expected the replacement as a string' }),
        },
        object,
      ),
    }),
  ],
  {
    error:
      'expected "trim", "lowercase", "uppercase", {"prefix": "..."}, {"stripPrefix": "..."}, {"after": "..."}, {"before": "..."} or {"replace": {"from": "...", "to": "..."}}',
  },
);

const mapTable = z.record(
  z.string(),
  z.union([z.string(), z.array(z.string())], {
    error: 'expected a string or an array of strings',
  }),
  object,
);

export const claimEntry = z.strictObject(
  {
    claim: z.optional(name('a claim name')),
    from: z.optional(name('a user attribute name')),
    source: z.optional(sourceName),
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
    when: z.optional(conditions),
    map: z.optional(mapTable),
    transform: z.optional(
      list(transformStep, 'transform steps').check(
        z.minLength(1, { error: 'list at least one step, or leave "transform" out' }),
      ),
    ),
    description: z.optional(z.string({ error: 'expected a string' })),
  },
  { error: 'expected a claim entry object' },
);

const scopeEntry = z.union(
  [scopeName, z.strictObject({ scope: scopeName, when: conditions }, object)],
  { error: 'expected a scope as a string, or {"scope": "...", "when": {...}}' },
);

export const scopesSection = z.strictObject(
  {
    add: z.optional(list(scopeEntry, 'scopes')),
    suppress: z.optional(list(scopeEntry, 'scopes')),
  },
  object,
);

export type RawClaim = z.infer<typeof claimEntry>;
export type RawScopes = z.infer<typeof scopesSection>;
type RawScopeEntry = z.infer<typeof scopeEntry>;

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

const WHEN_KEYS = ['groups', 'providers', 'triggerSources', 'attributes'] as const;

/** An empty `when` (or `attributes`) would hold always: a typo, most likely. */
function checkConditions(
  when: Conditions,
  at: (...rest: PropertyKey[]) => string,
  issues: ConfigIssue[],
): void {
  if (!WHEN_KEYS.some((key) => when[key] !== undefined)) {
    issues.push({
      path: at('when'),
      message: `give at least one of ${WHEN_KEYS.map((k) => `"${k}"`).join(', ')}, or leave "when" out`,
    });
  }
  if (when.attributes && Object.keys(when.attributes).length === 0) {
    issues.push({
      path: at('when', 'attributes'),
      message: 'name at least one attribute, or leave "attributes" out',
    });
  }
}

/** `transform` and `map` shape a value read from `from`, as a string or a list of strings. */
function checkShaping(
  raw: RawClaim,
  type: ClaimType,
  at: (...rest: PropertyKey[]) => string,
  issues: ConfigIssue[],
): void {
  for (const key of ['transform', 'map'] as const) {
    if (raw[key] === undefined) continue;
    if (raw.value !== undefined) {
      issues.push({
        path: at(key),
        message: `applies to a value read with "from"; write the static "value" as it should be`,
      });
    } else if (type !== 'string' && type !== 'string[]') {
      issues.push({
        path: at(key),
        message: `works on text: "${type}" claims cannot have one (use "type": "string" or "string[]")`,
      });
    }
  }
  if (raw.map === undefined) return;
  if (Object.keys(raw.map).length === 0) {
    issues.push({ path: at('map'), message: 'give at least one entry, or leave "map" out' });
  }
  if (type === 'string') {
    for (const [key, entry] of Object.entries(raw.map)) {
      if (Array.isArray(entry)) {
        issues.push({
          path: at('map', key),
          message:
            'a "string" claim maps to one string; make the claim "type": "string[]" to map to lists',
        });
      }
    }
  }
}

/** One claim entry, checked on its own; the validated rule with its defaults, or undefined. */
export function checkClaim(
  raw: RawClaim,
  index: number,
  issues: ConfigIssue[],
): ClaimRule | undefined {
  const at = (...rest: PropertyKey[]) => toJsonPath(['claims', index, ...rest]);
  const before = issues.length;
  // A sourced claim reads its item at `from`, or at the claim's own name.
  const hasFrom = raw.from !== undefined || raw.source !== undefined;
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
  const readsGroups = raw.from === GROUPS_SOURCE && raw.source === undefined;
  // A sourced claim without a type takes the item's ("json": as it is), text when shaped.
  const sourcedType = raw.transform || raw.map ? 'string' : 'json';
  const type: ClaimType =
    raw.type ??
    (raw.value !== undefined
      ? inferClaimType(raw.value)
      : readsGroups
        ? 'string[]'
        : raw.source !== undefined
          ? sourcedType
          : 'string');
  if (readsGroups && type !== 'string[]') {
    issues.push({
      path: at('type'),
      message: `"${GROUPS_SOURCE}" is the user's list of groups: its claim is "string[]"`,
    });
  }
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
  if (raw.when) checkConditions(raw.when, at, issues);
  checkShaping(raw, type, at, issues);
  if (issues.length > before) return undefined;
  return {
    claim,
    ...(raw.from !== undefined ? { from: raw.from } : {}),
    ...(raw.source !== undefined ? { source: raw.source } : {}),
    ...(raw.value !== undefined ? { value: raw.value as ClaimValue } : {}),
    ...(raw.default !== undefined ? { default: raw.default as ClaimValue } : {}),
    tokens,
    type,
    required: raw.required ?? false,
    sensitive: raw.sensitive ?? false,
    ...(raw.clients ? { clients: [...new Set(raw.clients)] } : {}),
    ...(raw.when ? { when: raw.when as Conditions } : {}),
    ...(raw.map ? { map: raw.map as Readonly<Record<string, MappedValue>> } : {}),
    ...(raw.transform ? { transform: raw.transform as readonly TransformStep[] } : {}),
  };
}

const overlaps = (a?: readonly string[], b?: readonly string[]): boolean =>
  a === undefined || b === undefined || a.some((client) => b.includes(client));

/** Whether `a` applies wherever `b` does: every client of `b` is one of `a`'s. */
const covers = (a?: readonly string[], b?: readonly string[]): boolean =>
  a === undefined || (b?.every((client) => a.includes(client)) ?? false);

/** A rule that gives its claim a value whenever its clients match: nothing after it is tried. */
const alwaysYields = (rule: ClaimRule): boolean =>
  rule.when === undefined && (rule.value !== undefined || rule.default !== undefined);

const clientText = (rule: ClaimRule): string =>
  rule.clients ? `app clients ${rule.clients.join(', ')}` : 'every app client';

/**
 * The rules for one claim in one token, in order: refused when one can never be tried (after a
 * rule for the same claim, token and clients that always yields), or when two always-yielding
 * rules share app clients. Also a claim both added and suppressed.
 */
export function checkClaimOrder(
  rules: readonly (ClaimRule | undefined)[],
  suppress: Readonly<Record<TokenKind, readonly string[]>>,
  issues: ConfigIssue[],
): void {
  rules.forEach((rule, j) => {
    if (!rule) return;
    const shadowed: { token: TokenKind; i: number; other: ClaimRule }[] = [];
    const twins: { token: TokenKind; i: number }[] = [];
    for (const token of rule.tokens) {
      if (suppress[token].includes(rule.claim)) {
        issues.push({
          path: toJsonPath(['claims', j, 'claim']),
          message: `"${rule.claim}" is both added to and suppressed from the ${token} token ($.suppress.${token}); Cognito lets suppression win, so remove one`,
        });
      }
      const earlier = rules
        .slice(0, j)
        .flatMap((other, i) =>
          other && other.claim === rule.claim && other.tokens.includes(token) && alwaysYields(other)
            ? [{ other, i }]
            : [],
        );
      const shadow = earlier.find(({ other }) => covers(other.clients, rule.clients));
      const twin = alwaysYields(rule)
        ? earlier.find(({ other }) => overlaps(other.clients, rule.clients))
        : undefined;
      if (shadow) shadowed.push({ token, ...shadow });
      else if (twin) twins.push({ token, i: twin.i });
    }
    const tokens = (found: readonly { token: TokenKind }[]) =>
      found.length === 2
        ? 'the ID and access tokens'
        : `the ${TOKEN_NAME[found[0]?.token ?? 'id']} token`;
    const [shadow] = shadowed;
    if (shadow) {
      issues.push({
        path: toJsonPath(['claims', j]),
        message: `never tried for ${tokens(shadowed)}: $.claims[${shadow.i}] always gives "${rule.claim}" a value first for ${clientText(shadow.other)} (a static "value" without "when", or a "default"); remove this rule, give it other "tokens", or move it before $.claims[${shadow.i}]`,
      });
    }
    const [twin] = twins;
    if (twin) {
      issues.push({
        path: toJsonPath(['claims', j]),
        message: `$.claims[${twin.i}] and this rule both always give "${rule.claim}" a value in ${tokens(twins)} for the same app clients, so one never counts: give them separate "clients", or one a "when"`,
      });
    }
  });
}

const scopeOf = (entry: RawScopeEntry): string => (typeof entry === 'string' ? entry : entry.scope);

/** Scope entries: no scope Cognito grants itself is added, none both added and suppressed. */
export function checkScopes(scopes: RawScopes | undefined, issues: ConfigIssue[]): void {
  const add = scopes?.add ?? [];
  const drop = (scopes?.suppress ?? []).map(scopeOf);
  add.forEach((entry, i) => {
    const scope = scopeOf(entry);
    const path = typeof entry === 'string' ? ['scopes', 'add', i] : ['scopes', 'add', i, 'scope'];
    const reason = scopeAddReason(scope);
    if (reason) issues.push({ path: toJsonPath(path), message: reason });
    if (drop.includes(scope)) {
      issues.push({
        path: toJsonPath(['scopes', 'add', i]),
        message: `"${scope}" is both added and suppressed`,
      });
    }
  });
  for (const key of ['add', 'suppress'] as const) {
    (scopes?.[key] ?? []).forEach((entry, i) => {
      if (typeof entry !== 'string') {
        checkConditions(entry.when, (...rest) => toJsonPath(['scopes', key, i, ...rest]), issues);
      }
    });
  }
}

/** Suppressions Cognito would not honour, per token. */
export function checkSuppress(
  suppress: Readonly<Record<TokenKind, readonly string[]>>,
  issues: ConfigIssue[],
): void {
  for (const token of TOKEN_KINDS) {
    suppress[token].forEach((claim, i) => {
      const reason = suppressReason(token, claim);
      if (reason) issues.push({ path: toJsonPath(['suppress', token, i]), message: reason });
    });
  }
}

/** The validated `scopes`: unconditional entries as lists of names, the others with their `when`. */
export function toScopes(scopes: RawScopes | undefined): {
  add: string[];
  suppress: string[];
  addWhen?: ScopeRule[];
  suppressWhen?: ScopeRule[];
} {
  const split = (entries: readonly RawScopeEntry[] | undefined) => ({
    always: (entries ?? []).flatMap((entry) => (typeof entry === 'string' ? [entry] : [])),
    when: (entries ?? []).flatMap((entry) =>
      typeof entry === 'string' ? [] : [{ scope: entry.scope, when: entry.when as Conditions }],
    ),
  });
  const add = split(scopes?.add);
  const suppress = split(scopes?.suppress);
  return {
    add: add.always,
    suppress: suppress.always,
    ...(add.when.length > 0 ? { addWhen: add.when } : {}),
    ...(suppress.when.length > 0 ? { suppressWhen: suppress.when } : {}),
  };
}
