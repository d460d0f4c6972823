/**
 * Throttling, for real: a loopback endpoint that answers like Cognito (awsJson 1.1) and throttles
 * on demand, so the SDK's adaptive retry with backoff runs as it does against AWS.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runCli } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'doctor');
const CONFIG = join(FIXTURES, 'claims.config.json');
const POOL_ID = 'eu-west-1_Heal7hy01';

/** awsJson timestamps are epoch seconds; the recordings hold ISO strings. */
const epochDates = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(epochDates);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        key.endsWith('Date') && typeof item === 'string'
          ? Date.parse(item) / 1000
          : epochDates(item),
      ]),
    );
  }
  return value;
};

const recorded = (name: string) =>
  epochDates(JSON.parse(readFileSync(join(FIXTURES, 'healthy', `${name}.json`), 'utf8')));

const RESPONSES: Record<string, (body: Record<string, string>) => unknown> = {
  DescribeUserPool: () => recorded('describe-user-pool'),
  ListUserPoolClients: () => recorded('list-user-pool-clients'),
  DescribeUserPoolClient: (body) =>
    recorded(
      body.ClientId?.startsWith('4kq')
        ? 'describe-user-pool-client-web'
        : 'describe-user-pool-client-m2m',
    ),
  ListIdentityProviders: () => recorded('list-identity-providers'),
  DescribeIdentityProvider: () => recorded('describe-identity-provider-google'),
};

interface FakeCognito {
  readonly endpoint: string;
  readonly requests: string[];
  close(): Promise<void>;
}

const startFakeCognito = async (throttle: (operation: string, count: number) => boolean) => {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      requests.push(operation);
      const count = requests.filter((op) => op === operation).length;
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (throttle(operation, count)) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'TooManyRequestsException', message: 'Rate exceeded' }));
        return;
      }
      res.end(JSON.stringify(RESPONSES[operation]?.(JSON.parse(raw || '{}')) ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } satisfies FakeCognito;
};

describe('doctor under throttling', () => {
  it('retries throttled calls with backoff and completes', async () => {
    // Prepare
    const cognito = await startFakeCognito((op, count) => op === 'DescribeUserPool' && count <= 2);
    const io = captureIo();
    try {
      // Act
      const code = await runCli(
        [
          'doctor',
          '--user-pool-id',
          POOL_ID,
          '--config',
          CONFIG,
          '--endpoint',
          cognito.endpoint,
          '--json',
        ],
        io,
      );

      // Assess
      expect(cognito.requests.filter((op) => op === 'DescribeUserPool')).toHaveLength(3);
      expect(JSON.parse(io.out()).findings).toEqual([]);
      expect(code).toBe(0);
    } finally {
      await cognito.close();
    }
  });

  it('gives up after --max-attempts and says so in one line', async () => {
    // Prepare
    const cognito = await startFakeCognito(() => true);
    const io = captureIo();
    try {
      // Act
      const code = await runCli(
        [
          'doctor',
          '--user-pool-id',
          POOL_ID,
          '--config',
          CONFIG,
          '--endpoint',
          cognito.endpoint,
          '--max-attempts',
          '2',
        ],
        io,
      );

      // Assess
      expect(cognito.requests).toEqual(['DescribeUserPool', 'DescribeUserPool']);
      expect(io.err()).toBe(
        'cognito-claims doctor: Cognito throttled DescribeUserPool (TooManyRequestsException) and it still failed after 2 attempts with backoff: wait a minute and retry, or pass a larger --max-attempts\n',
      );
      expect(code).toBe(1);
    } finally {
      await cognito.close();
    }
  });
});
