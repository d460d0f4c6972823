/**
 * The one-line errors, from the real SDK (no mocks): an invalid region, nothing listening at
 * --endpoint, no credentials anywhere. Nothing here leaves the machine: the endpoint is loopback,
 * and the credential chain is kept off the instance-metadata service.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../cli/main';
import { freePort } from '../../../scripts/local/processes';
import { captureIo } from '../../helpers/cli-io';

const CONFIG = join(__dirname, '..', '..', 'fixtures', 'doctor', 'claims.config.json');

describe('doctor errors from the real SDK', () => {
  it('names an invalid region', async () => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await runCli(
      ['doctor', '--user-pool-id', 'local_Abc123', '--region', 'eu west', '--config', CONFIG],
      io,
    );

    // Assess
    expect(io.err()).toBe(
      'cognito-claims doctor: "eu west" is not a valid AWS region: pass --region, e.g. --region eu-west-1\n',
    );
    expect(code).toBe(1);
  });

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

    it('tells the operator how to provide them', async () => {
      // Prepare
      const io = captureIo();

      // Act
      const code = await runCli(
        ['doctor', '--user-pool-id', 'eu-west-1_Abc123', '--config', CONFIG],
        io,
      );

      // Assess
      expect(io.err()).toBe(
        'cognito-claims doctor: no AWS credentials found: set AWS_PROFILE (or pass --profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run `aws sso login`\n',
      );
      expect(code).toBe(1);
    });
  });
});
