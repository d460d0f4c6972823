/**
 * The `groups` and `budget` sections: what the tokens carry of the user's groups (rewritten from
 * an attribute, kept per app client) and how many bytes the added claims may take, per token and
 * across both, with the claim that names what was left out for size.
 */
import * as z from 'zod/mini';
import type { Budget, ClaimRule, GroupsKeep, GroupsRule } from '../claims/types';
import { reservedReason } from '../cognito';
import type { ConfigIssue } from '../errors';
import { DEFAULT_TOKEN_BUDGET_BYTES } from './limits';
import { bool, list, name, object, toJsonPath } from './schema-parts';

const budgetBytes = z
  .int({ error: 'expected a whole number of bytes' })
  .check(
    z.gte(2, { error: 'must be at least 2 bytes (the empty object "{}")' }),
    z.lte(100_000, { error: 'must be at most 100000 bytes' }),
  );

export const budgetSection = z.strictObject(
  {
    id: z.optional(budgetBytes),
    access: z.optional(budgetBytes),
    total: z.optional(
      z
        .int({ error: 'expected a whole number of bytes' })
        .check(
          z.gte(4, { error: 'must be at least 4 bytes (two empty objects "{}")' }),
          z.lte(200_000, { error: 'must be at most 200000 bytes' }),
        ),
    ),
    overageClaim: z.optional(name('a claim name')),
  },
  object,
);

const keepEntry = z.strictObject(
  {
    clients: z.optional(list(name('an app client id'), 'app client ids')),
    prefixes: z.optional(list(name('a group name prefix'), 'group name prefixes')),
    names: z.optional(list(name('a group name'), 'group names')),
  },
  object,
);

export const groupsSection = z.strictObject(
  {
    from: z.optional(name('a user attribute name')),
    mode: z.optional(z.enum(['merge', 'replace'], { error: 'expected "merge" or "replace"' })),
    dropProviderGroups: z.optional(bool),
    keep: z.optional(
      z.union([keepEntry, list(keepEntry, 'keep entries')], {
        error: 'expected a keep entry ({ "prefixes": [...], "names": [...] }) or a list of them',
      }),
    ),
  },
  object,
);

type RawBudget = z.infer<typeof budgetSection>;
type RawGroups = z.infer<typeof groupsSection>;

/** The problems the schema alone cannot see, with their JSON paths. */
export function checkGroupsAndBudget(
  groups: RawGroups | undefined,
  budget: RawBudget | undefined,
  rules: readonly (ClaimRule | undefined)[],
  issues: ConfigIssue[],
): void {
  if (groups) {
    if (groups.from === undefined && groups.keep === undefined) {
      issues.push({
        path: '$.groups',
        message: 'give "from" (rewrite the groups from an attribute), "keep", or both',
      });
    }
    for (const key of ['mode', 'dropProviderGroups'] as const) {
      if (groups.from === undefined && groups[key] !== undefined) {
        issues.push({
          path: toJsonPath(['groups', key]),
          message: 'applies to the rewrite from an attribute: give "groups.from" too',
        });
      }
    }
    const entries = keepEntries(groups.keep);
    const isList = Array.isArray(groups.keep);
    entries.forEach((entry, i) => {
      const at = isList ? ['groups', 'keep', i] : ['groups', 'keep'];
      if (entry.clients !== undefined && entry.clients.length === 0) {
        issues.push({
          path: toJsonPath([...at, 'clients']),
          message: 'list at least one app client id, or leave "clients" out for every client',
        });
      }
      if ((entry.prefixes?.length ?? 0) === 0 && (entry.names?.length ?? 0) === 0) {
        issues.push({
          path: toJsonPath(at),
          message: 'list the groups to keep in "prefixes", "names" or both',
        });
      }
    });
  }
  const overage = budget?.overageClaim;
  if (overage !== undefined) {
    const reason = reservedReason('id', overage) ?? reservedReason('access', overage);
    if (reason) issues.push({ path: '$.budget.overageClaim', message: reason });
    const writer = rules.findIndex((rule) => rule?.claim === overage);
    if (writer >= 0) {
      issues.push({
        path: '$.budget.overageClaim',
        message: `"${overage}" is written by the rule at $.claims[${writer}]; name the overage claim something no rule writes`,
      });
    }
  }
}

type RawKeep = z.infer<typeof keepEntry>;

const keepEntries = (keep: RawGroups['keep']): readonly RawKeep[] =>
  keep === undefined ? [] : Array.isArray(keep) ? keep : [keep];

export function toGroups(groups: RawGroups | undefined): { groups?: GroupsRule } {
  if (!groups) return {};
  const keep = keepEntries(groups.keep).map(
    (entry): GroupsKeep => ({
      ...(entry.clients !== undefined ? { clients: [...new Set(entry.clients)] } : {}),
      names: [...new Set(entry.names ?? [])],
      prefixes: [...new Set(entry.prefixes ?? [])],
    }),
  );
  return {
    groups: {
      ...(groups.from !== undefined ? { from: groups.from } : {}),
      mode: groups.mode ?? 'merge',
      dropProviderGroups: groups.dropProviderGroups ?? false,
      ...(groups.keep !== undefined ? { keep } : {}),
    },
  };
}

export function toBudget(budget: RawBudget | undefined): Budget {
  return {
    id: budget?.id ?? DEFAULT_TOKEN_BUDGET_BYTES,
    access: budget?.access ?? DEFAULT_TOKEN_BUDGET_BYTES,
    ...(budget?.total !== undefined ? { total: budget.total } : {}),
    ...(budget?.overageClaim !== undefined ? { overageClaim: budget.overageClaim } : {}),
  };
}
