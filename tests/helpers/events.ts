import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const EVENTS = join(__dirname, '..', 'events');

/** A fresh deep copy of a fixture event from tests/events/<path>.json. */
export const getTestEvent = <T = Record<string, unknown>>(path: string): T =>
  structuredClone(JSON.parse(readFileSync(join(EVENTS, `${path}.json`), 'utf8')) as T);
