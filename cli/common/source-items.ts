/**
 * What `preview` and `explain` give the config's `sources`: items from a file (`--item`), or read
 * from the tables with the operator's credentials (`--read-sources`, the same reader the trigger
 * runs, so the same endpoint, timeouts and failure records).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CompiledConfig } from '../../shared/core/claims/compile';
import type { ClaimsConfig, TokenRequest } from '../../shared/core/claims/types';
import type { Failure } from '../../shared/core/failure-codes';
import { isRecord } from '../../shared/core/is-record';
import { SourceOutcome, type SourceResults } from '../../shared/core/sources/types';
import { createSourceReader } from '../../shared/runtime/sources/dynamodb-reader';
import { UsageError } from './errors';
import type { CliIo } from './io';

/** An item as a file may hold it: DynamoDB JSON, or `aws dynamodb get-item` output. */
const itemOf = (value: unknown, where: string) => {
  if (value === null) return SourceOutcome.MISSING;
  const item = isRecord(value) && isRecord(value.Item) ? value.Item : value;
  if (!isRecord(item)) {
    throw new UsageError(
      `${where}: expected an item in DynamoDB JSON ({"plan": {"S": "pro"}}) or null`,
    );
  }
  return { item };
};

/**
 * `--item <file>`: `{"<source>": <item or null>, ...}`, or one item when the config has one
 * source. A source the file does not name is not read (its claims show as not read).
 */
export function readSourceItems(path: string, io: CliIo, config: ClaimsConfig): SourceResults {
  const names = Object.keys(config.sources ?? {});
  if (names.length === 0) throw new UsageError('--item: the config has no "sources"');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(io.cwd, path), 'utf8'));
  } catch (error) {
    throw new UsageError(
      `--item ${path}: ${error instanceof SyntaxError ? 'not JSON' : 'cannot be read'}`,
    );
  }
  const byName =
    isRecord(json) &&
    Object.keys(json).length > 0 &&
    Object.keys(json).every((key) => names.includes(key));
  if (!byName) {
    if (names.length > 1) {
      throw new UsageError(
        `--item ${path}: the config has several sources; give {${names.map((n) => `"${n}": <item>`).join(', ')}}`,
      );
    }
    return [itemOf(json, `--item ${path}`)];
  }
  const given = json as Record<string, unknown>;
  return names.map((name) =>
    Object.hasOwn(given, name) ? itemOf(given[name], `--item ${path}: "${name}"`) : undefined,
  );
}

export interface SourcesRead {
  readonly results: SourceResults;
  readonly failures: readonly Failure[];
}

/**
 * One reader for the sign-ins of one run: its cache spares reading an item twice (within the
 * source's cacheSeconds), as a warm container would. Reads as the trigger does, with the
 * credentials, region and endpoint (AWS_ENDPOINT_URL_DYNAMODB) in `env`.
 */
export function liveSourceReader(
  compiled: CompiledConfig,
  env: CliIo['env'],
): (request: TokenRequest) => Promise<SourcesRead> {
  const reader = createSourceReader(compiled, { env });
  return async (request) => {
    const read = await reader.read(request);
    return { results: read.results, failures: read.failures };
  };
}

/** What an SDK client's `config.credentials()` gives: the operator's resolved credentials. */
export type ResolveCredentials = () => Promise<{
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}>;

/**
 * The environment the table reader gets: the operator's credentials — from the environment, else
 * as the AWS SDK resolves them (`--profile`, SSO, a role) — and `region` when AWS_REGION is unset.
 * Credentials that cannot be resolved leave the reader to answer SOURCE_UNAVAILABLE
 * (CredentialsMissing) for each source, as the trigger would.
 */
export async function operatorReaderEnv(
  env: CliIo['env'],
  region: string | undefined,
  resolveCredentials: ResolveCredentials,
): Promise<CliIo['env']> {
  const withRegion = region && !env.AWS_REGION ? { ...env, AWS_REGION: region } : env;
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return withRegion;
  try {
    const found = await resolveCredentials();
    return {
      ...withRegion,
      AWS_ACCESS_KEY_ID: found.accessKeyId,
      AWS_SECRET_ACCESS_KEY: found.secretAccessKey,
      AWS_SESSION_TOKEN: found.sessionToken,
    };
  } catch {
    return withRegion;
  }
}

/** `--read-sources`: reads the tables as the trigger would, with the reader environment given. */
export async function readSourcesLive(
  compiled: CompiledConfig,
  request: TokenRequest,
  env: CliIo['env'],
): Promise<SourcesRead> {
  return liveSourceReader(compiled, env)(request);
}
