/**
 * DynamoDB on loopback for tests: dynalite (an implementation of the DynamoDB API) in a child
 * process of its own, started on a free port of 127.0.0.1 and stopped by its pid. Tables and
 * items are written through the real API with a SigV4 header (dynalite checks its shape only).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { AwsClient } from 'aws4fetch';

const ROOT = join(__dirname, '..', '..');

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

const SERVER = `
  const server = require('dynalite')({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.listen(0, '127.0.0.1', () => process.stdout.write('PORT ' + server.address().port + '\\n'));
`;

export async function startDynalite(): Promise<Dynalite> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SERVER], {
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
  const endpoint = `http://127.0.0.1:${port}/`;
  const client = new AwsClient({
    accessKeyId: 'test',
    secretAccessKey: 'test',
    service: 'dynamodb',
    region: 'eu-west-1',
    retries: 0,
  });
  const call = async (target: string, body: unknown) => {
    const response = await client.fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${target}`,
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const expectOk = async (target: string, body: unknown) => {
    const answer = await call(target, body);
    if (answer.status !== 200) throw new Error(`${target}: ${JSON.stringify(answer.body)}`);
  };
  return {
    endpoint,
    pid: child.pid as number,
    call,
    createTable: (table, keys) =>
      expectOk('CreateTable', {
        TableName: table,
        KeySchema: keys.map((name, i) => ({
          AttributeName: name,
          KeyType: i === 0 ? 'HASH' : 'RANGE',
        })),
        AttributeDefinitions: keys.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        BillingMode: 'PAY_PER_REQUEST',
      }),
    putItem: (table, item) => expectOk('PutItem', { TableName: table, Item: item }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        process.kill(child.pid as number, 'SIGTERM');
      }),
  };
}
