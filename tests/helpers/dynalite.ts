/**
 * DynamoDB on loopback for tests: dynalite (an implementation of the DynamoDB API) in a child
 * process of its own, started on a free port of 127.0.0.1 and stopped by its pid. Tables and
 * items are written through the real API with a SigV4 header (scripts/local/dynamodb-api.ts, the
 * same calls the local flow and the benchmark make).
 */
import {
  createTable,
  dynamoDbCall,
  putItem,
  startDynaliteProcess,
} from '../../scripts/local/dynamodb-api';

export interface Dynalite {
  /** `http://127.0.0.1:<port>/` */
  readonly endpoint: string;
  readonly pid: number;
  /** One DynamoDB API call; resolves with the status and the parsed body. */
  call(target: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  createTable(table: string, keys: readonly string[]): Promise<void>;
  putItem(table: string, item: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

export async function startDynalite(): Promise<Dynalite> {
  const server = await startDynaliteProcess();
  const { endpoint } = server;
  return {
    endpoint,
    pid: server.child.pid as number,
    call: (target, body) => dynamoDbCall(endpoint, target, body),
    createTable: (table, keys) => createTable(endpoint, table, keys),
    putItem: (table, item) => putItem(endpoint, table, item),
    stop: server.stop,
  };
}
