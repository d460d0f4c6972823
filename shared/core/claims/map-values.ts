/**
 * A rule's `map`: a lookup table applied to each value, compiled once per config into a Map (an
 * object would answer "constructor" with Object's function). Values with no entry are left out.
 */
import type { MappedValue } from './types';

export type CompiledMap = ReadonlyMap<string, MappedValue>;

export function compileMap(map: Readonly<Record<string, MappedValue>>): CompiledMap {
  return new Map(Object.entries(map));
}

/** A string claim's entry; undefined when it has none (or, unchecked config, a list). */
export function mapText(map: CompiledMap, text: string): string | undefined {
  const entry = map.get(text);
  return typeof entry === 'string' ? entry : undefined;
}

/** Every value's entry, flattened, each string once at its first appearance; undefined if none. */
export function mapList(map: CompiledMap, values: readonly string[]): string[] | undefined {
  const mapped: string[] = [];
  const seen = new Set<string>();
  const add = (item: string) => {
    if (!seen.has(item)) {
      seen.add(item);
      mapped.push(item);
    }
  };
  for (const value of values) {
    const entry = map.get(value);
    if (entry === undefined) continue;
    if (typeof entry === 'string') add(entry);
    else for (const item of entry) add(item);
  }
  return mapped.length > 0 ? mapped : undefined;
}
