/**
 * What a container remembers of the items it read: per source and key, for the source's
 * `cacheSeconds` (a missing item for at most MISSING_CACHE_SECONDS, so an item written after a
 * user's first sign-in shows up soon). Bounded: past MAX_ENTRIES the oldest entry goes.
 */
import type { SourceResult } from '../../core/sources/types';

export const MAX_ENTRIES = 1000;
export const MISSING_CACHE_SECONDS = 10;

interface Entry {
  readonly result: SourceResult;
  readonly expires: number;
}

export class SourceCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number) {}

  get(key: string): SourceResult | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires > this.now()) return entry.result;
    this.entries.delete(key);
    return undefined;
  }

  /** @param seconds how long it is good for; 0 keeps nothing */
  set(key: string, result: SourceResult, seconds: number): void {
    if (seconds <= 0) return;
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { result, expires: this.now() + seconds * 1000 });
  }

  get size(): number {
    return this.entries.size;
  }
}
