/**
 * The doctor command as operators run it: text report order and content, exit codes, secrets
 * left out, one-line errors, flag checks and the TTY-only progress indicator.
 */
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { awsOptionsFrom } from '../../../cli/common/args';
import { createCognitoClient } from '../../../cli/common/aws';
import { runCli } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';
import {
  DOCTOR_FIXTURES,
  type Json,
  POOL_ID,
  recordedPool,
  serveRecordedPool,
  web,
} from '../../helpers/recorded-doctor-pool';

const CONFIG = join(DOCTOR_FIXTURES, 'claims.config.json');
const M2M_SECRET = 'this-is-a-recorded-secret-never-printed-0123456789';
const GOOGLE_SECRET = 'recorded-google-client-secret-never-printed';

const cognito = mockClient(CognitoIdentityProviderClient);

/** The healthy recording with three things users get wrong. */
const serveBrokenPool = () => {
  const r = recordedPool();
  r.pool.UserPool.LambdaConfig.PreTokenGenerationConfig.LambdaVersion = 'V1_0';
  r.pool.UserPool.SchemaAttributes.find(
    (a: Json) => a.Name === 'custom:id_token',
  ).StringAttributeConstraints.MaxLength = '256';
  web(r).WriteAttributes.push('custom:roles');
  web(r).ExplicitAuthFlows.push('ALLOW_USER_SRP_AUTH');
  serveRecordedPool(cognito, r);
};

const sdkError = (name: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name, ...extra });

afterAll(() => cognito.restore());

describe('cognito-claims doctor', () => {
  it('prints findings most severe first, each with why and fix, and exits 2', async () => {
    // Prepare
    serveBrokenPool();
    const io = captureIo();

    // Act
    const code = await runCli(['doctor', '--user-pool-id', POOL_ID, '--config', CONFIG], io);

    // Assess
    const out = io.out();
    const order = [...out.matchAll(/^\d+\. (CRITICAL|WARNING |INFO {4}) \[(\w+)\]/gm)].map(
      (m) => `${m[1]?.trim()} ${m[2]}`,
    );
    expect(order).toEqual([
      'CRITICAL ACCESS_CLAIM_USER_WRITABLE',
      'CRITICAL IDP_TOKEN_ATTRIBUTE_TOO_SHORT',
      'WARNING TRIGGER_V1_ACCESS_CLAIMS',
    ]);
    expect(out).toContain('API sign-in flows ALLOW_USER_SRP_AUTH always issue it');
    expect(out.match(/^ {3}Why: {5}/gm)).toHaveLength(3);
    expect(out.match(/^ {3}Console: /gm)).toHaveLength(3);
    expect(out.match(/^ {3}CLI: {5}(aws cognito-idp|npm run attach --) /gm)).toHaveLength(3);
    expect(out).toMatch(/^ {3}CLI: {5}npm run attach -- --user-pool-id /m);
    expect(out).toContain('2 critical findings, 1 warning, 0 info; exit code 2');
    expect(code).toBe(2);
    expect(io.err()).toBe('');
  });

  it('never prints the app client secret or the IdP client secret', async () => {
    // Prepare
    serveBrokenPool();
    const text = captureIo();
    const json = captureIo();

    // Act
    await runCli(['doctor', '--user-pool-id', POOL_ID, '--config', CONFIG], text);
    await runCli(['doctor', '--user-pool-id', POOL_ID, '--config', CONFIG, '--json'], json);

    // Assess
    for (const output of [text.out(), json.out()]) {
      expect(output).not.toContain(M2M_SECRET);
      expect(output).not.toContain(GOOGLE_SECRET);
    }
  });

  it('writes JSON with a summary and the same exit code', async () => {
    // Prepare
    serveBrokenPool();
    const io = captureIo();

    // Act
    const code = await runCli(
      ['doctor', '--user-pool-id', POOL_ID, '--config', CONFIG, '--json'],
      io,
    );

    // Assess
    const report = JSON.parse(io.out());
    expect(report).toMatchObject({
      userPoolId: POOL_ID,
      poolName: 'acme-users',
      region: 'eu-west-1',
      clients: 2,
      providers: 1,
      summary: { critical: 2, warning: 1, info: 0 },
      exitCode: 2,
    });
    expect(report.findings[0]).toMatchObject({
      code: 'ACCESS_CLAIM_USER_WRITABLE',
      severity: 'critical',
      clientId: '4kq9u2r0s8example1web0abcd',
      attribute: 'custom:roles',
      claim: 'roles',
    });
    expect(code).toBe(2);
  });

  it.each([
    [
      sdkError('ResourceNotFoundException', 'User pool eu-west-1_Heal7hy01 does not exist.'),
      'user pool eu-west-1_Heal7hy01 was not found in eu-west-1: check --user-pool-id (User pool eu-west-1_Heal7hy01 does not exist.)',
    ],
    [
      sdkError('TooManyRequestsException', 'Rate exceeded', { $metadata: { attempts: 5 } }),
      'Cognito throttled DescribeUserPool (TooManyRequestsException) and it still failed after 5 attempts with backoff',
    ],
    [
      sdkError('CredentialsProviderError', 'Could not load credentials from any providers'),
      'no AWS credentials found: set AWS_PROFILE',
    ],
    [
      sdkError('ExpiredTokenException', 'The security token included in the request is expired'),
      'AWS credentials have expired',
    ],
    [
      sdkError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      ),
      'AWS rejected the credentials',
    ],
    [
      sdkError('AccessDeniedException', 'not authorized'),
      'not allowed to call DescribeUserPool (AccessDeniedException): the credentials need cognito-idp:DescribeUserPool',
    ],
    [
      Object.assign(
        sdkError('Error', 'getaddrinfo ENOTFOUND cognito-idp.eu-west-1.amazonaws.com'),
        {
          code: 'ENOTFOUND',
          hostname: 'cognito-idp.eu-west-1.amazonaws.com',
        },
      ),
      'cannot resolve cognito-idp.eu-west-1.amazonaws.com: check that "eu-west-1" (the region in --user-pool-id) is a region Cognito runs in',
    ],
  ])('explains %p in one line and exits 1', async (error, expected) => {
    // Prepare
    cognito.reset();
    cognito.on(DescribeUserPoolCommand).rejects(error);
    const io = captureIo();

    // Act
    const code = await runCli(['doctor', '--user-pool-id', POOL_ID, '--config', CONFIG], io);

    // Assess
    expect(io.err()).toContain(expected);
    expect(io.err().trimEnd().split('\n')).toHaveLength(1);
    expect(io.out()).toBe('');
    expect(code).toBe(1);
  });

  it('refuses a region that does not match the pool ID before calling AWS', async () => {
    // Prepare
    cognito.reset();
    const io = captureIo({ env: { AWS_REGION: 'us-east-1' } });

    // Act
    const code = await runCli(['doctor', '--user-pool-id', POOL_ID, '--config', CONFIG], io);

    // Assess
    expect(io.err()).toContain(
      'user pool eu-west-1_Heal7hy01 lives in eu-west-1, but AWS_REGION is us-east-1: pass --region eu-west-1',
    );
    expect(cognito.calls()).toHaveLength(0);
    expect(code).toBe(1);
  });

  it.each([
    [[], '--user-pool-id is required'],
    [['--user-pool-id', 'not-a-pool'], '"not-a-pool" is not a user pool ID'],
    [['--user-pool-id', POOL_ID, '--colour'], 'unknown option --colour'],
    [['--user-pool-id', POOL_ID, '--max-attempts', '0'], '--max-attempts expects a whole number'],
    [
      ['--user-pool-id', POOL_ID, '--config', 'missing.json'],
      '--config missing.json: cannot read the file (ENOENT)',
    ],
  ])('rejects bad flags %p with a clear message', async (args, expected) => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await runCli(['doctor', ...args], io);

    // Assess
    expect(io.err()).toContain(expected);
    expect(code).toBe(1);
  });

  it('names the JSON path of a bad claims config', async () => {
    // Prepare
    const io = captureIo({
      env: { CLAIMS_CONFIG: '{"claims":[{"from":"custom:x","type":"int"}]}' },
    });

    // Act
    const code = await runCli(['doctor', '--user-pool-id', POOL_ID], io);

    // Assess
    expect(io.err()).toContain('$.claims[0].type');
    expect(code).toBe(1);
  });

  it('shows a progress indicator on a terminal and clears it', async () => {
    // Prepare
    serveBrokenPool();
    const io = captureIo({ tty: true });

    // Act
    await runCli(['doctor', '--user-pool-id', POOL_ID, '--config', CONFIG], io);

    // Assess
    expect(io.err()).toContain('Reading user pool eu-west-1_Heal7hy01');
    expect(io.err()).toContain('Listing identity providers');
    expect(io.err().endsWith('\r\u001b[2K')).toBe(true);
  });

  it('shows no progress indicator when stderr is not a terminal', async () => {
    // Prepare
    serveBrokenPool();
    const io = captureIo({ tty: false });

    // Act
    await runCli(['doctor', '--user-pool-id', POOL_ID, '--config', CONFIG], io);

    // Assess
    expect(io.err()).toBe('');
  });

  it('prints usage for --help and exits 0', async () => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await runCli(['doctor', '--help'], io);

    // Assess
    expect(io.out()).toContain('Usage: cognito-claims doctor --user-pool-id <id>');
    expect(code).toBe(0);
  });
});

describe('createCognitoClient', () => {
  it('uses adaptive retry with backoff and five attempts by default', async () => {
    // Prepare
    const client = createCognitoClient(awsOptionsFrom({}), {}, 'eu-west-1');

    // Act
    const [strategy, attempts] = await Promise.all([
      client.config.retryStrategy(),
      client.config.maxAttempts(),
    ]);

    // Assess
    expect((strategy as { mode?: string }).mode).toBe('adaptive');
    expect(attempts).toBe(5);
    client.destroy();
  });
});
