/**
 * A value inside a source's item, at a dot path (`limits.seats`), as a claim value: DynamoDB's
 * types mapped to JSON (S string, N number, BOOL boolean, L/SS/NS list, M object; NULL absent).
 * Binary (B, BS) has no claim form. Only the node at the path is converted, per sign-in.
 */
import type { ClaimValue } from '../claims/types';
import type { SourceItem } from './types';

/** Why a value has no claim form. A class, so `instanceof` tells it from any claim value. */
export class InvalidItemValue {
  constructor(readonly reason: string) {}
}

type Node = Readonly<Record<string, unknown>>;

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const own = (node: Node, key: string): unknown =>
  Object.hasOwn(node, key) ? node[key] : undefined;

const toNumber = (text: unknown): number | InvalidItemValue => {
  const value = typeof text === 'string' ? Number(text) : Number.NaN;
  return Number.isFinite(value)
    ? value
    : new InvalidItemValue('an N value that is not a finite number');
};

/** A DynamoDB attribute value as JSON; undefined for NULL; the reason when it has no JSON form. */
function convert(value: unknown, depth: number): unknown {
  if (!isNode(value)) return new InvalidItemValue('not a DynamoDB attribute value');
  if (depth > 32) return new InvalidItemValue('nested more than 32 levels');
  if ('S' in value)
    return typeof value.S === 'string' ? value.S : new InvalidItemValue('a malformed S value');
  if ('N' in value) return toNumber(value.N);
  if ('BOOL' in value)
    return typeof value.BOOL === 'boolean'
      ? value.BOOL
      : new InvalidItemValue('a malformed BOOL value');
  if ('NULL' in value) return undefined;
  if ('SS' in value) {
    return Array.isArray(value.SS) && value.SS.every((s) => typeof s === 'string')
      ? [...value.SS]
      : new InvalidItemValue('a malformed SS value');
  }
  if ('NS' in value) {
    if (!Array.isArray(value.NS)) return new InvalidItemValue('a malformed NS value');
    const list: number[] = [];
    for (const text of value.NS) {
      const n = toNumber(text);
      if (n instanceof InvalidItemValue) return n;
      list.push(n);
    }
    return list;
  }
  if ('L' in value) {
    if (!Array.isArray(value.L)) return new InvalidItemValue('a malformed L value');
    const list: unknown[] = [];
    for (const entry of value.L) {
      const converted = convert(entry, depth + 1);
      if (converted instanceof InvalidItemValue) return converted;
      if (converted !== undefined) list.push(converted);
    }
    return list;
  }
  if ('M' in value) {
    if (!isNode(value.M)) return new InvalidItemValue('a malformed M value');
    const object: Record<string, unknown> = {};
    for (const key of Object.keys(value.M)) {
      const converted = convert(value.M[key], depth + 1);
      if (converted instanceof InvalidItemValue) return converted;
      if (converted !== undefined) object[key] = converted;
    }
    return object;
  }
  if ('B' in value || 'BS' in value) {
    return new InvalidItemValue(`binary (${'B' in value ? 'B' : 'BS'}), which no claim can carry`);
  }
  return new InvalidItemValue('an attribute value of unknown type');
}

const isPrimitive = (value: unknown): boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * The value at `path` (split on dots at config time), undefined when absent or NULL. A path
 * steps into M values by key and into L values by index.
 */
export function itemValue(
  item: SourceItem,
  path: readonly string[],
): ClaimValue | InvalidItemValue | undefined {
  let node: unknown = own(item, path[0] ?? '');
  for (let i = 1; i < path.length && node !== undefined; i += 1) {
    const key = path[i] as string;
    if (!isNode(node)) return undefined;
    if (isNode(node.M)) node = own(node.M, key);
    else if (Array.isArray(node.L)) node = /^\d+$/.test(key) ? node.L[Number(key)] : undefined;
    else return undefined;
  }
  if (node === undefined) return undefined;
  const value = convert(node, 0);
  // Cognito takes a list of primitives, not of lists or objects.
  if (Array.isArray(value) && !value.every(isPrimitive)) {
    return new InvalidItemValue(
      'a list holding lists or objects (Cognito takes a list of strings, numbers and booleans)',
    );
  }
  return value as ClaimValue | InvalidItemValue | undefined;
}
