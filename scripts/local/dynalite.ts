/**
 * DynamoDB on loopback for the sourced demo: dynalite (an implementation of the DynamoDB API) as
 * a service of the run (its own process group, stopped with the rest), each source's table
 * created keyed as the config's `key` (strings, as the Serverless plugin's createSourceTables
 * creates it), and the demo users' items put at the keys their sign-ins will read. The functions
 * under serverless-offline reach it through AWS_ENDPOINT_URL_DYNAMODB, as the AWS SDKs do: no
 * special code in shared/.
 */
import { join } from 'node:path';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { parseKeyTemplate, renderKey } from '../../shared/core/sources/key-template';
import { createTable, LOOPBACK_CREDENTIALS, putItem } from './dynamodb-api';
import { type ServiceGroup, waitForOutput } from './processes';
import type { RunLog } from './run-log';

export interface LocalDynamoDb {
  readonly endpoint: string;
  /** What the functions need in their environment to read it: the endpoint and credentials. */
  readonly env: Readonly<Record<string, string>>;
}

/** One demo user as the tables see them: the attributes their sign-in's key templates read. */
export interface TableUser {
  readonly label: string;
  readonly username: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** What each demo user's item holds: the admin's tenant plan and the reader's. */
export const DEMO_ITEMS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  admin: { plan: 'pro', entitlements: ['reports', 'exports', 'audit-log'], limits: { seats: 25 } },
  reader: { plan: 'starter', entitlements: ['reports'], limits: { seats: 5 } },
};

/** A plain value as DynamoDB JSON: strings S, numbers N, lists L, objects M. */
export function toDynamoDb(value: unknown): unknown {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toDynamoDb) };
  if (value && typeof value === 'object') {
    return {
      M: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toDynamoDb(v)])),
    };
  }
  return { NULL: true };
}

export async function startDynalite(
  services: ServiceGroup,
  log: RunLog,
  state: string,
  port: number,
): Promise<LocalDynamoDb> {
  const service = services.start({
    name: 'dynalite',
    command: process.execPath,
    args: [
      require.resolve('dynalite/cli.js'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      // Tables are ACTIVE at once: the run puts items right after creating them.
      '--createTableMs',
      '0',
    ],
    cwd: state,
    env: { ...process.env },
    logFile: join(state, 'dynalite.log'),
  });
  await waitForOutput(service, /Dynalite listening at/, 20_000);
  const endpoint = `http://127.0.0.1:${port}`;
  log.report.dynamodb = { endpoint };
  return {
    endpoint,
    env: { AWS_ENDPOINT_URL_DYNAMODB: endpoint, ...LOOPBACK_CREDENTIALS },
  };
}

/** The key a user's sign-in reads from a source, rendered from the config's templates. */
export function keyFor(
  key: Readonly<Record<string, string>>,
  user: TableUser,
): Record<string, { S: string }> | undefined {
  const rendered: Record<string, { S: string }> = {};
  for (const [attribute, template] of Object.entries(key)) {
    const parts = parseKeyTemplate(template);
    if ('problem' in parts) return undefined;
    const value = renderKey(parts, {
      version: '2',
      triggerSource: 'TokenGeneration_Authentication',
      userName: user.username,
      userAttributes: user.attributes,
    });
    if (value === undefined) return undefined;
    rendered[attribute] = { S: value };
  }
  return rendered;
}

/** Creates every source's table and puts each user's demo item at the key their sign-in reads. */
export async function seedSourceTables(
  log: RunLog,
  dynamodb: LocalDynamoDb,
  config: ClaimsConfig,
  users: readonly TableUser[],
): Promise<void> {
  const seeded: string[] = [];
  const tables = new Set<string>();
  for (const [name, source] of Object.entries(config.sources ?? {})) {
    const { table, key } = source.dynamodb;
    if (!tables.has(table)) {
      tables.add(table);
      await createTable(dynamodb.endpoint, table, Object.keys(key));
    }
    for (const user of users) {
      const itemKey = keyFor(key, user);
      const item = DEMO_ITEMS[user.label];
      if (!itemKey || !item) continue;
      const attributes = (toDynamoDb(item) as { M: Record<string, unknown> }).M;
      await putItem(dynamodb.endpoint, table, { ...attributes, ...itemKey });
      seeded.push(
        `${user.label} at ${Object.values(itemKey)
          .map((value) => value.S)
          .join(' / ')}`,
      );
    }
    log.report.dynamodb = {
      ...(log.report.dynamodb as Record<string, unknown>),
      [name]: { table, key: Object.keys(key) },
    };
  }
  const names = Object.entries(config.sources ?? {}).map(
    ([name, source]) =>
      `source "${name}" → table ${source.dynamodb.table} (${Object.keys(source.dynamodb.key).join(', ')})`,
  );
  log.record(
    'dynalite',
    seeded.length > 0,
    `${dynamodb.endpoint}: ${names.join('; ')}; items: ${seeded.join(', ') || 'none (no key resolved)'}`,
  );
}
