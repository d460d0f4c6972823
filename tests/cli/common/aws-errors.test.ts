/**
 * The one-line errors every AWS-calling command gives, from the real SDK (no mocks): a loopback
 * endpoint that accepts connections and never answers (each command, one short attempt), nothing
 * listening, no credentials anywhere, a profile that does not exist, a bad region. Nothing here
 * leaves the machine: endpoints are loopback, and the credential chain is kept off the
 * instance-metadata service.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explainAwsError } from '../../../cli/common/aws';
import { runCli } from '../../../cli/main';
import { freePort } from '../../../scripts/local/processes';
import { captureIo } from '../../helpers/cli-io';

const CONFIG = join(__dirname, '..', '..', 'fixtures', 'doctor', 'claims.config.json');
const USER = join(__dirname, '..', '..', 'fixtures', 'preview', 'user.json');
const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:cognito-claims-dev-preTokenGeneration';

interface Silent {
  readonly endpoint: string;
  /** Connections it accepted (and never answered). */
  readonly accepted: () => number;
  close(): Promise<void>;
}

/** Accepts every connection and never writes a byte back. */
async function startSilentServer(): Promise<Silent> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accepted: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a call that never gets an answer', () => {
  let silent: Silent;

  beforeAll(async () => {
    silent = await startSilentServer();
  });

  afterAll(async () => {
    await silent.close();
  });

  const quick = () => [
    '--endpoint',
    silent.endpoint,
    '--region',
    'eu-west-1',
    '--timeout',
    '0.3',
    '--max-attempts',
    '1',
    '--config',
    CONFIG,
  ];

  it.each([
    ['doctor', ['--user-pool-id', 'local_Abc123'], 'DescribeUserPool'],
    ['validate', ['--user-pool-id', 'local_Abc123'], 'DescribeUserPool'],
    ['preview', ['--user-pool-id', 'local_Abc123', '--username', 'maria'], 'AdminGetUser'],
    [
      'attach',
      [
        '--user-pool-id',
        'local_Abc123',
        '--pre-token-arn',
        ARN,
        '--post-authentication-arn',
        ARN,
        '--yes',
      ],
      'DescribeUserPool',
    ],
  ])('%s times out after --timeout, names the call, and exits 1', async (command, args, call) => {
    // Prepare
    const io = captureIo();
    const before = silent.accepted();

    // Act
    const code = await runCli([command, ...args, ...quick()], io);

    // Assess
    expect(io.err()).toBe(
      `cognito-claims ${command}: ${call} timed out: ${silent.endpoint} accepted the connection but sent no answer within 0.3 s (--timeout 0.3, 1 attempt): check --endpoint, or pass a larger --timeout\n`,
    );
    expect(silent.accepted() - before).toBe(1);
    expect(io.out()).toBe('');
    expect(code).toBe(1);
  });

  it('explains a connection that could not be made in time', () => {
    // Prepare: the handler's own error, which needs an address that drops SYNs to reproduce.
    const error = Object.assign(
      new Error(
        '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 2000 ms.',
      ),
      { name: 'TimeoutError', $metadata: { attempts: 5 } },
    );

    // Act
    const explained = explainAwsError(error, {
      operation: 'DescribeUserPool',
      region: 'eu-west-1',
      timeoutMs: 2000,
    });

    // Assess
    expect(explained.message).toBe(
      'DescribeUserPool timed out: no connection to cognito-idp.eu-west-1.amazonaws.com within 2 s (--timeout 2, 5 attempts): check --region and the network, or pass a larger --timeout',
    );
  });
});

describe('errors before or around a call', () => {
  it('says nothing is listening at an --endpoint that refuses connections', async () => {
    // Prepare
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const io = captureIo();

    // Act
    const code = await runCli(
      [
        'doctor',
        '--user-pool-id',
        'local_Abc123',
        '--region',
        'eu-west-1',
        '--endpoint',
        endpoint,
        '--max-attempts',
        '1',
        '--config',
        CONFIG,
      ],
      io,
    );

    // Assess
    expect(io.err()).toBe(
      `cognito-claims doctor: nothing is listening at ${endpoint}: start the emulator or correct --endpoint\n`,
    );
    expect(code).toBe(1);
  });

  it.each([
    [
      ['--user-pool-id', 'eu-west-1_Abc123', '--region', 'eu west'],
      '--region "eu west" is not an AWS region name: pass one such as --region eu-west-1',
    ],
    [
      ['--user-pool-id', 'eu-west1_Abc123'],
      '--user-pool-id "eu-west1_Abc123" does not start with a region ("eu-west1" is not one): an AWS pool ID is <region>_<id>, e.g. eu-west-1_AbCdEf123; an emulator\'s pool needs --endpoint',
    ],
  ])('names a bad region %j before any call', async (args, message) => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await runCli(['doctor', ...args, '--config', CONFIG], io);

    // Assess
    expect(io.err()).toBe(
      `cognito-claims doctor: ${message} (cognito-claims doctor --help lists the options)\n`,
    );
    expect(code).toBe(1);
  });

  it('names a bad AWS_REGION as the source of the region', async () => {
    // Prepare
    const io = captureIo({ env: { AWS_REGION: 'europe' } });

    // Act
    const code = await runCli(
      ['preview', '--user-pool-id', 'eu-west-1_Abc123', '--username', 'maria', '--config', CONFIG],
      io,
    );

    // Assess
    expect(io.err()).toMatch(
      /^cognito-claims preview: AWS_REGION "europe" is not an AWS region name: pass one such as --region eu-west-1/,
    );
    expect(code).toBe(1);
  });

  describe('with AWS profiles on file', () => {
    let home: string;

    beforeEach(() => {
      home = mkdtempSync(join(tmpdir(), 'aws-home-'));
      mkdirSync(join(home, '.aws'));
      writeFileSync(
        join(home, '.aws', 'config'),
        '[default]\nregion = eu-west-1\n\n[profile dev]\n',
      );
      writeFileSync(join(home, '.aws', 'credentials'), '[ci]\naws_access_key_id = x\n');
    });

    afterEach(() => {
      rmSync(home, { recursive: true, force: true });
    });

    it.each([
      [['--profile', 'nosuchprofile'], {}, '--profile'],
      [[], { AWS_PROFILE: 'nosuchprofile' }, 'AWS_PROFILE'],
    ])('names an unknown profile %j and the profiles there are', async (flags, env, source) => {
      // Prepare
      const io = captureIo({ env: { HOME: home, ...env } });

      // Act
      const code = await runCli(
        ['doctor', '--user-pool-id', 'eu-west-1_Abc123', ...flags, '--config', CONFIG],
        io,
      );

      // Assess
      expect(io.err()).toBe(
        `cognito-claims doctor: ${source} "nosuchprofile": no such profile in ${join(home, '.aws', 'config')} or ${join(home, '.aws', 'credentials')} (profiles there: default, dev, ci): correct ${source}, or create it with \`aws configure --profile nosuchprofile\` (cognito-claims doctor --help lists the options)\n`,
      );
      expect(code).toBe(1);
    });
  });

  describe('with no credentials anywhere', () => {
    const saved = { ...process.env };
    let home: string;

    beforeEach(() => {
      home = mkdtempSync(join(tmpdir(), 'no-aws-home-'));
      for (const name of [
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_SESSION_TOKEN',
        'AWS_PROFILE',
      ]) {
        delete process.env[name];
      }
      Object.assign(process.env, {
        HOME: home,
        AWS_CONFIG_FILE: join(home, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
      });
    });

    afterEach(() => {
      process.env = { ...saved };
      rmSync(home, { recursive: true, force: true });
    });

    it.each([
      ['doctor', ['--user-pool-id', 'eu-west-1_Abc123']],
      ['preview', ['--user-pool-id', 'eu-west-1_Abc123', '--username', 'maria']],
      // Reading the stack comes first: it must not be told to deploy what it cannot see.
      ['attach', ['--user-pool-id', 'eu-west-1_Abc123', '--stage', 'dev', '--yes']],
      ['validate', ['--user-pool-id', 'eu-west-1_Abc123']],
    ])('%s tells the operator how to provide them', async (command, args) => {
      // Prepare
      const io = captureIo();

      // Act
      const code = await runCli([command, ...args, '--config', CONFIG], io);

      // Assess
      expect(io.err()).toBe(
        `cognito-claims ${command}: no AWS credentials found: set AWS_PROFILE (or pass --profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run \`aws sso login\`\n`,
      );
      expect(code).toBe(1);
    });
  });
});

describe('preview from a file', () => {
  it('needs no AWS at all', async () => {
    // Prepare
    const io = captureIo({ env: { AWS_PROFILE: 'nosuchprofile', HOME: tmpdir() } });

    // Act
    const code = await runCli(['preview', '--user', USER, '--config', CONFIG, '--json'], io);

    // Assess
    expect(io.err()).toBe('');
    expect(code).toBe(0);
  });
});
