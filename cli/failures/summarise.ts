/** Summarises the triggers' `failure` records (./../common/failure-records reads them). Pure. */
import { type Counter, type FailureEntry, parseExport } from '../common/failure-records';

export type { FailureEntry } from '../common/failure-records';
export { parseExport } from '../common/failure-records';

export interface Group {
  readonly key: string;
  readonly count: number;
  readonly firstSeen?: string;
  readonly lastSeen?: string;
}

export interface FailureSummary {
  readonly total: number;
  readonly users: number;
  readonly firstSeen?: string;
  readonly lastSeen?: string;
  readonly byCode: readonly Group[];
  readonly byClaim: readonly Group[];
  readonly byProvider: readonly Group[];
  readonly byClient: readonly Group[];
  /** Only when some record carried one (records written before configVersion existed do not). */
  readonly byConfigVersion?: readonly Group[];
  readonly skipped: { readonly notJson: number; readonly notFailure: number };
}

const iso = (time: number | undefined) =>
  time === undefined ? undefined : new Date(time).toISOString();

const groupBy = (
  entries: readonly FailureEntry[],
  key: (entry: FailureEntry) => string | undefined,
) => {
  const groups = new Map<string, { count: number; first?: number; last?: number }>();
  for (const entry of entries) {
    const name = key(entry) ?? '(none)';
    const group = groups.get(name) ?? { count: 0 };
    group.count += 1;
    if (entry.time !== undefined) {
      group.first = group.first === undefined ? entry.time : Math.min(group.first, entry.time);
      group.last = group.last === undefined ? entry.time : Math.max(group.last, entry.time);
    }
    groups.set(name, group);
  }
  return [...groups.entries()]
    .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
    .map(([name, group]) => {
      const firstSeen = iso(group.first);
      const lastSeen = iso(group.last);
      return {
        key: name,
        count: group.count,
        ...(firstSeen ? { firstSeen } : {}),
        ...(lastSeen ? { lastSeen } : {}),
      };
    });
};

export const summariseFailures = (
  entries: readonly FailureEntry[],
  skipped: Counter,
): FailureSummary => {
  // A loop, not Math.min(...times): spreading hundreds of thousands of arguments overflows the stack.
  let first: number | undefined;
  let last: number | undefined;
  for (const { time } of entries) {
    if (time === undefined) continue;
    if (first === undefined || time < first) first = time;
    if (last === undefined || time > last) last = time;
  }
  const firstSeen = iso(first);
  const lastSeen = iso(last);
  return {
    total: entries.length,
    // Counted, never listed: a sub identifies a person.
    users: new Set(entries.flatMap((entry) => (entry.sub ? [entry.sub] : []))).size,
    ...(firstSeen ? { firstSeen } : {}),
    ...(lastSeen ? { lastSeen } : {}),
    byCode: groupBy(entries, (entry) => entry.code),
    // IdP failures name an attribute, not a claim.
    byClaim: groupBy(
      entries,
      (entry) => entry.claim ?? (entry.attribute && `attribute ${entry.attribute}`),
    ),
    byProvider: groupBy(entries, (entry) => entry.providerName),
    byClient: groupBy(entries, (entry) => entry.clientId),
    ...(entries.some((entry) => entry.configVersion)
      ? { byConfigVersion: groupBy(entries, (entry) => entry.configVersion) }
      : {}),
    skipped: { ...skipped },
  };
};

/** Text in, summary out: `parseExport` then `summariseFailures`, over one or more files. */
export const summariseExports = (texts: readonly string[]): FailureSummary => {
  const all: FailureEntry[] = [];
  const skipped: Counter = { notJson: 0, notFailure: 0 };
  for (const text of texts) {
    const parsed = parseExport(text);
    for (const entry of parsed.entries) all.push(entry);
    skipped.notJson += parsed.skipped.notJson;
    skipped.notFailure += parsed.skipped.notFailure;
  }
  return summariseFailures(all, skipped);
};
