/**
 * Captures every JSON log line the code under test writes (Powertools writes to stdout/stderr),
 * keeps it out of the test output, and saves it for the suite-wide secret scan in
 * global-teardown.js. Tests call `registerSecret` for every value that must never be logged.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOG_DIR =
  process.env.COGNITO_CLAIMS_LOG_DIR ?? join(__dirname, '..', '..', '.jest-logs', 'unscoped');

interface CaptureState {
  lines: string[];
  all: string[];
  secrets: Set<string>;
}

const state: CaptureState = { lines: [], all: [], secrets: new Set() };

const wrap = (stream: NodeJS.WriteStream) => {
  const original = stream.write.bind(stream);
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
    state.all.push(text);
    // JSON log lines are captured and kept quiet; anything else (jest's own output) passes on.
    if (text.trimStart().startsWith('{')) {
      for (const line of text.split('\n').filter((l) => l.trim() !== '')) state.lines.push(line);
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }
    return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stream.write;
};
wrap(process.stdout);
wrap(process.stderr);

/** Lines logged since the last `clearLogs()`. */
export const capturedLines = (): string[] => [...state.lines];

/** Parsed JSON log records since the last `clearLogs()`. */
export const capturedRecords = (): Record<string, unknown>[] =>
  state.lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });

/** Log records that carry a `failure` object. */
export const failureRecords = () =>
  capturedRecords().filter(
    (record): record is Record<string, unknown> & { failure: Record<string, unknown> } =>
      typeof record.failure === 'object' && record.failure !== null,
  );

export const clearLogs = (): void => {
  state.lines.length = 0;
};

/** Marks a value that must never appear in any log line of the suite. */
export const registerSecret = (value: string): string => {
  state.secrets.add(value);
  return value;
};

afterAll(() => {
  mkdirSync(LOG_DIR, { recursive: true });
  const id = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(LOG_DIR, `${id}.log`), state.all.join(''));
  writeFileSync(join(LOG_DIR, `${id}.secrets.json`), JSON.stringify([...state.secrets]));
  state.all.length = 0;
});
