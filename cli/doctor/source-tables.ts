/**
 * doctor's read of the config's source tables: one DescribeTable per table (read-only), in the
 * source's `dynamodb.region`, else the pool's; at the endpoint the trigger's reader uses. A
 * missing table or a refused call is a fact for the checks, not an error: doctor goes on.
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import type { AwsOptions } from '../common/aws';
import { createDynamoDbClient, dynamoDbEndpointOf } from '../common/dynamodb';
import type { SourceTableView, TableKeyAttribute } from './types';

type Env = Readonly<Record<string, string | undefined>>;

const DENIED = ['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation'];

const firstLine = (text: unknown) => (typeof text === 'string' ? text : '').split('\n')[0] ?? '';

async function describe(client: DynamoDBClient, table: string): Promise<SourceTableView['state']> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
    const types = new Map(
      (Table?.AttributeDefinitions ?? []).map((d) => [d.AttributeName, d.AttributeType]),
    );
    const key: TableKeyAttribute[] = (Table?.KeySchema ?? []).map((k) => {
      const type = types.get(k.AttributeName);
      return {
        name: k.AttributeName ?? '',
        keyType: k.KeyType ?? '',
        ...(type ? { type } : {}),
      };
    });
    return { kind: 'found', key };
  } catch (error) {
    const e = (error ?? {}) as { name?: string; message?: string; code?: string };
    const name = e.name ?? 'Error';
    if (name === 'ResourceNotFoundException') return { kind: 'missing' };
    if (DENIED.includes(name)) return { kind: 'denied', errorName: name };
    const network =
      e.code ?? /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT)\b/.exec(e.message ?? '')?.[1];
    return {
      kind: 'failed',
      errorName: name === 'Error' && network ? network : name,
      message: firstLine(e.message),
    };
  }
}

/** Each configured source's table, in config order; [] when the config has no sources. */
export async function readSourceTables(
  config: ClaimsConfig,
  aws: AwsOptions,
  env: Env,
  poolRegion: string,
): Promise<SourceTableView[]> {
  const sources = Object.entries(config.sources ?? {});
  const endpoint = dynamoDbEndpointOf(env);
  const clients = new Map<string, DynamoDBClient>();
  const clientFor = (region: string) => {
    let client = clients.get(region);
    if (!client) {
      client = createDynamoDbClient(aws, env, region);
      clients.set(region, client);
    }
    return client;
  };
  try {
    return await Promise.all(
      sources.map(async ([source, { dynamodb }]) => {
        const region = dynamodb.region ?? poolRegion;
        return {
          source,
          table: dynamodb.table,
          region,
          ...(endpoint ? { endpoint } : {}),
          state: await describe(clientFor(region), dynamodb.table),
        };
      }),
    );
  } finally {
    for (const client of clients.values()) client.destroy();
  }
}
