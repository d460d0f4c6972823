import { readFileSync } from 'node:fs';

/** A fixture or event file, parsed; the caller names what it holds. */
export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
