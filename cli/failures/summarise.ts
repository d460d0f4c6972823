/**
 * Reads exported CloudWatch Logs and summarises the trigger's `failure` records. Accepts what
 * operators export: `aws logs filter-log-events` output ({"events":[{"timestamp","message"}]},
 * one document or several pages), a Logs Insights JSON export ([{"@timestamp","@message"}]),
 * or plain JSON lines (log records, or events with a "message"). Anything else is counted as
 * skipped, never fatal. Pure: text in, summary out.
 */
import { isRecord } from '../../shared/core/is-record';

export interface FailureEntry {
  readonly code: string;
  readonly claim?: string;
  readonly attribute?: string;
  readonly providerName?: string;
  readonly clientId?: string;
  readonly trigger?: string;
  readonly level?: string;
  readonly sub?: string;
  /** Epoch milliseconds, when the export carried a time. */
  readonly time?: number;
}

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
  readonly skipped: { readonly notJson: number; readonly notFailure: number };
}

const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** Epoch ms from a number (ms) or a date string (ISO, or Logs Insights' "2026-11-22 03:26:13.000"). */
const toTime = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return undefined;
  const text = /^\d{4}-\d\d-\d\d \d/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
};

/** A Lambda log message is JSON, sometimes after a "<time>\t<request id>\t<LEVEL>\t" prefix. */
const parseMessage = (message: string): unknown => {
  const start = message.indexOf('{');
  if (start < 0) return undefined;
  try {
    return JSON.parse(message.slice(start));
  } catch {
    return undefined;
  }
};

interface Counter {
  notJson: number;
  notFailure: number;
}

const toEntry = (
  record: unknown,
  outerTime: number | undefined,
  counter: Counter,
): FailureEntry | undefined => {
  if (!isRecord(record)) {
    counter.notJson += 1;
    return undefined;
  }
  const failure = record.failure;
  if (!isRecord(failure) || !str(failure.code)) {
    counter.notFailure += 1;
    return undefined;
  }
  const time = outerTime ?? toTime(record.timestamp) ?? toTime(record['@timestamp']);
  const entry: Record<string, unknown> = {
    code: failure.code,
    claim: str(failure.claim),
    attribute: str(failure.attribute),
    providerName: str(failure.providerName),
    clientId: str(failure.clientId),
    trigger: str(failure.trigger),
    level: str(record.level),
    sub: str(failure.sub),
    time,
  };
  return Object.fromEntries(
    Object.entries(entry).filter(([, v]) => v !== undefined),
  ) as unknown as FailureEntry;
};

/** A CloudWatch event or Logs Insights row around a log line, not a log record itself. */
const isWrapper = (item: Record<string, unknown>): boolean =>
  '@message' in item ||
  ('message' in item && ('eventId' in item || 'logStreamName' in item || 'ingestionTime' in item));

/** One exported item: an event wrapper (message string) or the log record itself. */
const fromItem = (item: unknown, counter: Counter): FailureEntry | undefined => {
  if (!isRecord(item)) {
    counter.notJson += 1;
    return undefined;
  }
  const message = item['@message'] ?? item.message;
  const outerTime = toTime(item.timestamp) ?? toTime(item['@timestamp']);
  if (typeof message === 'string' && isWrapper(item)) {
    const parsed = parseMessage(message);
    if (parsed === undefined) {
      counter.notJson += 1;
      return undefined;
    }
    // A log record's own timestamp is more precise than the ingestion time.
    const inner = isRecord(parsed) ? toTime(parsed.timestamp) : undefined;
    return toEntry(parsed, inner ?? outerTime, counter);
  }
  return toEntry(item, undefined, counter);
};

const itemsOf = (document: unknown): unknown[] | undefined => {
  if (Array.isArray(document)) return document;
  if (isRecord(document) && Array.isArray(document.events)) return document.events;
  if (isRecord(document) && Array.isArray(document.results)) {
    // `aws logs get-query-results`: rows of [{field, value}].
    return document.results.map((row: unknown) =>
      Array.isArray(row)
        ? Object.fromEntries(
            row.flatMap((cell: unknown) =>
              isRecord(cell) && typeof cell.field === 'string' ? [[cell.field, cell.value]] : [],
            ),
          )
        : row,
    );
  }
  return undefined;
};

/**
 * The items of text holding one or more concatenated export documents (paged CLI output), or
 * undefined at the first document that is not one (JSON lines: stop there, not after the file).
 */
const splitDocuments = (text: string): unknown[][] | undefined => {
  const documents: unknown[][] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (depth === 0) start = i;
      depth += 1;
    } else if (ch === '}' || ch === ']') {
      depth -= 1;
      if (depth === 0) {
        let items: unknown[] | undefined;
        try {
          items = itemsOf(JSON.parse(text.slice(start, i + 1)));
        } catch {
          return undefined;
        }
        if (!items) return undefined;
        documents.push(items);
      }
      if (depth < 0) return undefined;
    } else if (depth === 0 && !/\s/.test(ch ?? '')) {
      return undefined;
    }
  }
  return depth === 0 ? documents : undefined;
};

export const parseExport = (text: string): { entries: FailureEntry[]; skipped: Counter } => {
  const counter: Counter = { notJson: 0, notFailure: 0 };
  const entries: FailureEntry[] = [];
  const push = (entry: FailureEntry | undefined) => {
    if (entry) entries.push(entry);
  };
  const documents = splitDocuments(text);
  if (documents && documents.length > 0) {
    for (const items of documents) for (const item of items) push(fromItem(item, counter));
    return { entries, skipped: counter };
  }
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const start = line.indexOf('{');
    let parsed: unknown;
    try {
      parsed = start >= 0 ? JSON.parse(line.slice(start)) : undefined;
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined) {
      counter.notJson += 1;
      continue;
    }
    push(fromItem(parsed, counter));
  }
  return { entries, skipped: counter };
};

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
