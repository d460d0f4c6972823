/**
 * The triggers' `failure` records as CloudWatch Logs hands them out, whichever way they were
 * read: `aws logs filter-log-events` output ({"events":[{"timestamp","message"}]}, one document
 * or several pages), a Logs Insights JSON export ([{"@timestamp","@message"}]) or
 * `get-query-results` rows, or plain JSON lines. Anything else is counted as skipped, never
 * fatal. Pure: text in, entries out. `failures` summarises them, `explain` puts one user's on a
 * timeline.
 */
import { isRecord } from '../../shared/core/is-record';

export interface FailureEntry {
  readonly code: string;
  readonly claim?: string;
  readonly attribute?: string;
  readonly providerName?: string;
  /** The `sources` entry a table read's record names (SOURCE_*: no claim, the source's claims). */
  readonly source?: string;
  readonly clientId?: string;
  readonly trigger?: string;
  readonly level?: string;
  readonly sub?: string;
  /** The config version of the function that wrote the record (configVersion). */
  readonly configVersion?: string;
  /** Epoch milliseconds, when the export carried a time. */
  readonly time?: number;
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

export interface Counter {
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
    source: str(failure.source),
    clientId: str(failure.clientId),
    trigger: str(failure.trigger),
    level: str(record.level),
    sub: str(failure.sub),
    configVersion: str(record.configVersion),
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
