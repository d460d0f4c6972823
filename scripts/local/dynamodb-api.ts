/**
 * The DynamoDB API on loopback, as this repository's local flow, benchmark and tests use it:
 * dynalite started on a free port in a child process of its own, and the few calls they make
 * (signed with aws4fetch; dynalite checks a signature's shape, not its key).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { AwsClient } from 'aws4fetch';

const ROOT = join(__dirname, '..', '..');

/** Any credentials do on loopback. */
export const LOOPBACK_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
} as const;

const client = new AwsClient({
  accessKeyId: LOOPBACK_CREDENTIALS.AWS_ACCESS_KEY_ID,
  secretAccessKey: LOOPBACK_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
  service: 'dynamodb',
  region: 'eu-west-1',
  retries: 0,
});

/** One DynamoDB API call; resolves with the status and the parsed body. */
export async function dynamoDbCall(
  endpoint: string,
  target: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await client.fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${target}`,
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A call that must succeed: on loopback a failure is real. */
async function expectOk(endpoint: string, target: string, body: unknown): Promise<void> {
  const answer = await dynamoDbCall(endpoint, target, body);
  if (answer.status !== 200) {
    throw new Error(`dynalite ${target}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

/** A table keyed by `keys` (the first the partition key, a second the sort key), all strings. */
export function createTable(endpoint: string, table: string, keys: readonly string[]) {
  return expectOk(endpoint, 'CreateTable', {
    TableName: table,
    KeySchema: keys.map((AttributeName, i) => ({
      AttributeName,
      KeyType: i === 0 ? 'HASH' : 'RANGE',
    })),
    AttributeDefinitions: keys.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    BillingMode: 'PAY_PER_REQUEST',
  });
}

/** @param item in DynamoDB JSON */
export function putItem(endpoint: string, table: string, item: Record<string, unknown>) {
  return expectOk(endpoint, 'PutItem', { TableName: table, Item: item });
}

export interface DynaliteProcess {
  /** `http://127.0.0.1:<port>/` */
  readonly endpoint: string;
  readonly child: ChildProcess;
  /** Stops it by its pid. */
  stop(): Promise<void>;
}

const SERVER = `
  const server = require('dynalite')({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.listen(0, '127.0.0.1', () => process.stdout.write('PORT ' + server.address().port + '\\n'));
`;

/** dynalite on a free port of 127.0.0.1, in memory, tables ACTIVE at once. */
export async function startDynaliteProcess(): Promise<DynaliteProcess> {
  const child = spawn(process.execPath, ['-e', SERVER], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const found = /PORT (\d+)/.exec(text);
      if (found) resolve(Number(found[1]));
    });
    child.once('exit', (code) => reject(new Error(`dynalite exited (${code}) before listening`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}/`,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        process.kill(child.pid as number, 'SIGTERM');
      }),
  };
}
