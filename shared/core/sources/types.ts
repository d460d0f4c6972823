/**
 * A source: one item read per sign-in (a DynamoDB table today) that claim rules read from with
 * `"source"`. What the config holds, and what a read gave the core for one sign-in.
 */

export interface DynamoDbSource {
  readonly table: string;
  /** The table's region; else the function's (`AWS_REGION`). */
  readonly region?: string;
  /** Key attribute name → template, e.g. `"TENANT#{custom:tenant_id}"` (string keys only). */
  readonly key: Readonly<Record<string, string>>;
}

export interface SourceConfig {
  readonly dynamodb: DynamoDbSource;
  /** The read is abandoned at this deadline (ms). */
  readonly timeoutMs: number;
  /** How long a container keeps an item it read (0: never); a missing item for less. */
  readonly cacheSeconds: number;
}

/** An item as DynamoDB's JSON protocol sends it: attribute name → `{ "S": ... }` and the like. */
export type SourceItem = Readonly<Record<string, unknown>>;

/**
 * What one source gave for one sign-in: its item; `MISSING` (the table has none for the key);
 * `UNKEYED` (a key placeholder has no value, so nothing was read); or the failure's code.
 */
export type SourceResult =
  | { readonly item: SourceItem }
  | typeof SourceOutcome.MISSING
  | typeof SourceOutcome.UNKEYED
  | { readonly failed: string };

export const SourceOutcome = {
  MISSING: 'missing',
  UNKEYED: 'unkeyed',
} as const;

/** By source index (`CompiledConfig.sources`); undefined where a source was not read. */
export type SourceResults = readonly (SourceResult | undefined)[];

/** Timeouts: one source at most, and all of them together (Cognito allows a trigger 5 s). */
export const SOURCE_TIMEOUT_MAX_MS = 1500;
export const SOURCES_TIMEOUT_TOTAL_MAX_MS = 3000;
export const SOURCE_TIMEOUT_DEFAULT_MS = 300;
export const SOURCE_CACHE_DEFAULT_SECONDS = 60;
