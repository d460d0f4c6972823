/**
 * The table reader: one DynamoDB GetItem per source a sign-in needs, in parallel, each abandoned
 * at its `timeoutMs`, cached per container. A signed HTTPS request (aws4fetch, SigV4) on Node's
 * kept-alive fetch instead of the AWS SDK: 2.8 ms to load against the SDK client's 46 ms.
 * This file is its own bundle beside index.js (`dynamodb-reader.js`), required only when the
 * config has `sources` (./load-reader.ts). It never throws: every fault is a failure record.
 *
 * Where it connects follows the AWS SDKs: AWS_ENDPOINT_URL_DYNAMODB, else AWS_ENDPOINT_URL,
 * else the regional endpoint of the source's region or AWS_REGION; credentials from the
 * Lambda environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN).
 */
import { AwsV4Signer } from 'aws4fetch';
import type { CompiledConfig, CompiledSource } from '../../core/claims/compile';
import type { TokenRequest } from '../../core/claims/types';
import { CLIENT_CREDENTIALS } from '../../core/cognito';
import { deepFreeze } from '../../core/config/deep-freeze';
import { type Failure, FailureCode, FailureLevel } from '../../core/failure-codes';
import { type KeyPart, parseKeyTemplate, renderKey } from '../../core/sources/key-template';
import { type SourcedValues, sourcedValues } from '../../core/sources/sourced-value';
import { SourceOutcome, type SourceResult, type SourceResults } from '../../core/sources/types';
import { MISSING_CACHE_SECONDS, SourceCache } from './source-cache';

export interface SourceReaderOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The clock the cache reads (ms); Date.now by default. */
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
}

export interface SourceRead {
  /** What each source gave, by source index (undefined: not needed by this request). */
  readonly results: SourceResults;
  /** What each sourced rule gets, by rule index: the core's `sourced` input. */
  readonly sourced: SourcedValues;
  readonly failures: readonly Failure[];
}

export interface SourceReader {
  read(request: TokenRequest): Promise<SourceRead>;
}

interface PreparedSource {
  readonly source: CompiledSource;
  readonly index: number;
  readonly key: readonly (readonly [string, readonly KeyPart[]])[];
  readonly url: string;
  readonly region: string;
}

const TARGET = 'DynamoDB_20120810.GetItem';

/** The endpoint and signing region of a source, as the AWS SDKs choose them. */
export function endpointOf(
  source: CompiledSource,
  env: SourceReaderOptions['env'],
): { readonly url: string; readonly region: string } {
  const region =
    source.config.dynamodb.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const custom = env.AWS_ENDPOINT_URL_DYNAMODB || env.AWS_ENDPOINT_URL;
  return { url: custom || `https://dynamodb.${region}.amazonaws.com/`, region };
}

/** Which sources this request's rules can read: their clients match and they write a token. */
function neededSources(compiled: CompiledConfig, request: TokenRequest): boolean[] {
  const needed = compiled.sources.map(() => false);
  const v1 = request.version === '0' || request.version === '1';
  const m2m = request.triggerSource === CLIENT_CREDENTIALS;
  for (const plan of compiled.rules) {
    if (plan.sourceIndex < 0 || needed[plan.sourceIndex]) continue;
    if (plan.clients && (request.clientId === undefined || !plan.clients.has(request.clientId))) {
      continue;
    }
    const tokens = v1 ? plan.v1Tokens : m2m ? plan.m2mTokens : plan.tokens;
    if (tokens.length > 0) needed[plan.sourceIndex] = true;
  }
  return needed;
}

/** DynamoDB's error type, `com.amazonaws.dynamodb.v20120810#ThrottlingException` → its name. */
const errorNameOf = (body: unknown, status: number): string => {
  const type =
    typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>).__type
      : undefined;
  if (typeof type !== 'string' || type === '') return `HTTP${status}`;
  return type.slice(type.lastIndexOf('#') + 1);
};

class SourceFault {
  constructor(
    readonly code: FailureCode,
    readonly errorName: string,
  ) {}
}

export function createSourceReader(
  compiled: CompiledConfig,
  options: SourceReaderOptions,
): SourceReader {
  const { env } = options;
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const cache = new SourceCache(now);
  // aws4fetch keeps the derived signing key here: one HMAC chain per day and region, not per call.
  const signingKeys = new Map<string, ArrayBuffer>();
  const prepared: PreparedSource[] = compiled.sources.map((source, index) => ({
    source,
    index,
    key: Object.entries(source.config.dynamodb.key).map(([attribute, template]) => {
      const parts = parseKeyTemplate(template);
      // The validator refused a bad template; a hand-built config falls back to the literal.
      return [attribute, 'problem' in parts ? [{ text: template }] : parts] as const;
    }),
    ...endpointOf(source, env),
  }));

  const failure = (source: CompiledSource, fault: SourceFault): Failure => ({
    code: fault.code,
    level: FailureLevel.ERROR,
    message: `source "${source.name}" (table "${source.config.dynamodb.table}") not read: ${
      fault.code === FailureCode.SOURCE_TIMEOUT
        ? `no answer within ${source.config.timeoutMs} ms, request abandoned`
        : fault.errorName
    }; its claims are left out`,
    source: source.name,
    table: source.config.dynamodb.table,
    errorName: fault.errorName,
  });

  async function getItem(
    entry: PreparedSource,
    key: Record<string, { S: string }>,
  ): Promise<SourceResult | SourceFault> {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      return new SourceFault(FailureCode.SOURCE_UNAVAILABLE, 'CredentialsMissing');
    }
    const { timeoutMs, dynamodb } = entry.source.config;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const signed = await new AwsV4Signer({
        method: 'POST',
        url: entry.url,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': TARGET },
        body: JSON.stringify({ TableName: dynamodb.table, Key: key }),
        accessKeyId,
        secretAccessKey,
        ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        service: 'dynamodb',
        region: entry.region,
        cache: signingKeys,
      }).sign();
      const response = await doFetch(signed.url, {
        method: signed.method,
        headers: signed.headers,
        body: signed.body as string,
        signal: controller.signal,
      });
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return new SourceFault(FailureCode.SOURCE_UNAVAILABLE, `HTTP${response.status}NotJson`);
      }
      if (!response.ok) {
        return new SourceFault(FailureCode.SOURCE_UNAVAILABLE, errorNameOf(body, response.status));
      }
      const item =
        typeof body === 'object' && body !== null ? (body as { Item?: unknown }).Item : undefined;
      if (item === undefined) return SourceOutcome.MISSING;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        return new SourceFault(FailureCode.SOURCE_VALUE_INVALID, 'MalformedItem');
      }
      return { item: item as Record<string, unknown> };
    } catch (error) {
      if (controller.signal.aborted)
        return new SourceFault(FailureCode.SOURCE_TIMEOUT, 'TimeoutError');
      const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
      return new SourceFault(
        FailureCode.SOURCE_UNAVAILABLE,
        typeof cause === 'string' ? cause : error instanceof Error ? error.name : 'Error',
      );
    } finally {
      clearTimeout(timer);
    }
  }

  async function readOne(
    entry: PreparedSource,
    request: TokenRequest,
    failures: Failure[],
  ): Promise<SourceResult> {
    const key: Record<string, { S: string }> = {};
    let cacheKey = `${entry.index}`;
    for (const [attribute, parts] of entry.key) {
      const value = renderKey(parts, request);
      if (value === undefined) return SourceOutcome.UNKEYED;
      key[attribute] = { S: value };
      cacheKey += `\u0000${value}`;
    }
    const cached = cache.get(cacheKey);
    if (cached !== undefined) return cached;
    const result = await getItem(entry, key);
    if (result instanceof SourceFault) {
      failures.push(failure(entry.source, result));
      return { failed: result.code };
    }
    const { cacheSeconds } = entry.source.config;
    cache.set(
      cacheKey,
      result,
      result === SourceOutcome.MISSING
        ? Math.min(cacheSeconds, MISSING_CACHE_SECONDS)
        : cacheSeconds,
    );
    return result;
  }

  // A cached item's claim values, worked out once per item rather than per sign-in (one-source
  // configs, the usual case). Frozen: every sign-in that hits the cache shares them.
  const converted = new WeakMap<object, SourcedValues>();
  const valuesOf = (request: TokenRequest, results: SourceResults): SourcedValues => {
    const [only] = results;
    if (results.length !== 1 || typeof only !== 'object') {
      return sourcedValues(compiled, request, results);
    }
    let values = converted.get(only);
    if (values === undefined) {
      values = deepFreeze(sourcedValues(compiled, request, results));
      converted.set(only, values);
    }
    return values;
  };

  return {
    async read(request) {
      const failures: Failure[] = [];
      const needed = neededSources(compiled, request);
      const results =
        prepared.length === 1
          ? [
              needed[0]
                ? await readOne(prepared[0] as PreparedSource, request, failures)
                : undefined,
            ]
          : await Promise.all(
              prepared.map((entry) =>
                needed[entry.index] ? readOne(entry, request, failures) : undefined,
              ),
            );
      return { results, sourced: valuesOf(request, results), failures };
    },
  };
}
