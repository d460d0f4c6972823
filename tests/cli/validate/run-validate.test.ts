/**
 * `cognito-claims validate` as operators and `npm run package` run it: the template osls wrote
 * (tests/fixtures/validate), with and without the attribute a required claim reads; the stack's
 * parameters; a live pool through the real command with recorded responses; exit codes, JSON,
 * colour only on a terminal.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListIdentityProvidersCommand,
  ListUserPoolClientsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { runCli } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures');
const NEW_POOL = join(FIXTURES, 'validate', 'new-pool.template.json');
const EXISTING_POOL = join(FIXTURES, 'validate', 'existing-pool.template.json');
const DEPARTMENT = join(FIXTURES, 'validate', 'required-department.config.json');
const SHIPPED = join(ROOT, 'claims.config.json');

// biome-ignore lint/suspicious/noExplicitAny: templates and recordings are edited freely per case
type Json = any;
const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8'));

const cognito = mockClient(CognitoIdentityProviderClient);
afterAll(() => cognito.restore());

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'validate-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of a template with one change, in the test's folder. */
const templateWith = (edit: (template: Json) => void, from = NEW_POOL): string => {
  const template = readJson(from);
  edit(template);
  const file = join(dir, 'template.json');
  writeFileSync(file, JSON.stringify(template));
  return file;
};

const validate = async (args: string[], options: Parameters<typeof captureIo>[0] = {}) => {
  const io = captureIo({ cwd: dir, ...options });
  const code = await runCli(['validate', ...args], io);
  return { code, out: io.out(), err: io.err() };
};

describe('cognito-claims validate', () => {
  it('reads .serverless/cloudformation-template-update-stack.json by default and passes the shipped pool', async () => {
    // Prepare
    mkdirSync(join(dir, '.serverless'));
    cpSync(NEW_POOL, join(dir, '.serverless', 'cloudformation-template-update-stack.json'));

    // Act
    const { code, out, err } = await validate(['--config', SHIPPED]);

    // Assess
    expect(out).toBe(
      `cognito-claims validate: ${SHIPPED} against .serverless/cloudformation-template-update-stack.json\n  user pool UserPool (1 app client)\n\nNo problems found.\n\n0 errors, 0 warnings, 0 info; exit code 0\n`,
    );
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('stops on a required claim whose attribute the template does not define, naming both', async () => {
    // Act
    const { code, out } = await validate(['--template', NEW_POOL, '--config', DEPARTMENT]);

    // Assess
    expect(out).toContain(
      '1. ERROR    [REQUIRED_CLAIM_ATTRIBUTE_MISSING] required claim "department" reads custom:department, which the user pool does not define: every sign-in would be refused',
    );
    expect(out).toContain(
      '2. WARNING  [CLAIM_ATTRIBUTE_MISSING] claim "cost_center" reads custom:cost_center',
    );
    expect(out).toContain('1 error, 1 warning, 0 info; exit code 2');
    expect(code).toBe(2);
  });

  it('passes the same config once the template defines the attribute', async () => {
    // Prepare
    const template = templateWith((t) => {
      t.Resources.UserPool.Properties.Schema.push(
        { Name: 'department', AttributeDataType: 'String', Mutable: true },
        { Name: 'cost_center', AttributeDataType: 'String', Mutable: true },
      );
      t.Resources.UserPoolClient.Properties.ReadAttributes.push(
        'custom:department',
        'custom:cost_center',
      );
    });

    // Act
    const { code, out } = await validate(['--template', template, '--config', DEPARTMENT]);

    // Assess
    expect(out).toContain('No problems found.');
    expect(code).toBe(0);
  });

  it('refuses the stack parameters by name', async () => {
    // Prepare
    const template = templateWith((t) => {
      t.Outputs.PreTokenLambdaVersion.Value = 'V9_0';
      t.Resources.UserPool.Properties.LambdaConfig.PreTokenGenerationConfig.LambdaVersion = 'V9_0';
    });

    // Act
    const { code, out } = await validate(['--template', template, '--config', SHIPPED, '--json']);

    // Assess
    const report = JSON.parse(out);
    expect(report.findings).toEqual([
      expect.objectContaining({
        code: 'STACK_PARAMETER_INVALID',
        parameter: 'preTokenLambdaVersion',
        message: 'parameter preTokenLambdaVersion: "V9_0" is not V1_0, V2_0 or V3_0',
      }),
    ]);
    expect(report).toMatchObject({ exitCode: 2, summary: { error: 1, warning: 0, info: 0 } });
    expect(code).toBe(2);
  });

  it('says an existing pool was not checked from the template, and how to check it', async () => {
    // Act
    const { code, out } = await validate(['--template', EXISTING_POOL, '--config', SHIPPED]);

    // Assess
    expect(out).toContain(
      '[POOL_NOT_IN_TEMPLATE] the template creates no user pool (UserPool is not created): it is deployed for the existing pool us-east-1_AbCdEf123 (parameter userPoolId), which was not checked',
    );
    expect(out).toContain(
      'Fix: check that pool: cognito-claims validate --user-pool-id us-east-1_AbCdEf123',
    );
    expect(code).toBe(0);
  });

  it('checks the pool against a config given as the claimsConfig parameter', async () => {
    // Prepare
    const override = readFileSync(DEPARTMENT, 'utf8');
    const template = templateWith((t) => {
      for (const resource of Object.values<Json>(t.Resources)) {
        if (resource.Type === 'AWS::Lambda::Function') {
          resource.Properties.Environment.Variables.CLAIMS_CONFIG = override;
        }
      }
    });

    // Act
    const { code, out } = await validate(['--template', template, '--config', SHIPPED, '--json']);

    // Assess
    const report = JSON.parse(out);
    expect(report.findings.map((f: Json) => f.code)).toEqual([
      'REQUIRED_CLAIM_ATTRIBUTE_MISSING',
      'CLAIM_ATTRIBUTE_MISSING',
      'CONFIG_FROM_PARAMETER',
    ]);
    expect(code).toBe(2);
  });

  it('refuses a claimsConfig parameter that is not a valid config, with its JSON paths', async () => {
    // Prepare
    const template = templateWith((t) => {
      t.Resources.CognitoClaimsPreTokenGenerationLambdaFunction.Properties.Environment.Variables.CLAIMS_CONFIG =
        '{"claims":[{"claim":"x","type":"int"}]}';
    });

    // Act
    const { code, out } = await validate(['--template', template, '--config', SHIPPED]);

    // Assess
    expect(out).toMatch(
      /\[STACK_PARAMETER_INVALID\] parameter claimsConfig is not a valid claims config \(\$\.claims\[0\]\.type: /,
    );
    expect(code).toBe(2);
  });

  it.each([
    [
      [],
      /^cognito-claims validate: no template: .*\.serverless\/cloudformation-template-update-stack\.json does not exist; run npm run package first \(it writes it\), or pass --template <file> or --user-pool-id <id>/,
    ],
    [['--template', 'nope.json'], /--template nope\.json: cannot read the file \(ENOENT\)/],
    [
      ['--template', NEW_POOL, '--user-pool-id', 'eu-west-1_Heal7hy01'],
      /give --template <file> or --user-pool-id <id>, not both/,
    ],
  ])('says what is wrong with %j in one line and exits 1', async (args, message) => {
    // Act
    const { code, out, err } = await validate([...args, '--config', SHIPPED]);

    // Assess
    expect(err).toMatch(message);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(out).toBe('');
    expect(code).toBe(1);
  });

  it('names a template that is not JSON', async () => {
    // Prepare
    const file = join(dir, 'template.yml');
    writeFileSync(file, 'Resources:\n  UserPool: {}\n');

    // Act
    const { code, err } = await validate(['--template', file, '--config', SHIPPED]);

    // Assess
    expect(err).toContain(`--template ${file}: not valid JSON (`);
    expect(code).toBe(1);
  });

  it('colours severities on a terminal, and not with NO_COLOR', async () => {
    // Act
    const coloured = await validate(['--template', NEW_POOL, '--config', DEPARTMENT], {
      tty: true,
    });
    const plain = await validate(['--template', NEW_POOL, '--config', DEPARTMENT], {
      tty: true,
      env: { NO_COLOR: '1' },
    });

    // Assess
    expect(coloured.out).toContain(
      '1. \u001b[31mERROR\u001b[0m    [REQUIRED_CLAIM_ATTRIBUTE_MISSING]',
    );
    expect(coloured.out).toContain('2. \u001b[33mWARNING\u001b[0m  [CLAIM_ATTRIBUTE_MISSING]');
    expect(plain.out).not.toContain('\u001b[');
    expect(plain.out).toContain('1. ERROR    [REQUIRED_CLAIM_ATTRIBUTE_MISSING]');
  });

  it('checks a live pool with read-only calls, without its identity providers', async () => {
    // Prepare
    const healthy = (name: string) => readJson(join(FIXTURES, 'doctor', 'healthy', `${name}.json`));
    const pool = healthy('describe-user-pool');
    pool.UserPool.SchemaAttributes = pool.UserPool.SchemaAttributes.filter(
      (a: Json) => a.Name !== 'custom:tenant_id',
    );
    cognito.reset();
    cognito.on(DescribeUserPoolCommand).resolves(pool);
    cognito.on(ListUserPoolClientsCommand).resolves(healthy('list-user-pool-clients'));
    cognito
      .on(DescribeUserPoolClientCommand)
      .callsFake((input: { ClientId: string }) =>
        healthy(
          input.ClientId.includes('web')
            ? 'describe-user-pool-client-web'
            : 'describe-user-pool-client-m2m',
        ),
      );

    // Act
    const { code, out } = await validate([
      '--user-pool-id',
      'eu-west-1_Heal7hy01',
      '--config',
      join(FIXTURES, 'doctor', 'claims.config.json'),
    ]);

    // Assess
    expect(out).toContain(
      'cognito-claims validate: ' +
        join(FIXTURES, 'doctor', 'claims.config.json') +
        ' against user pool eu-west-1_Heal7hy01 in eu-west-1',
    );
    expect(out).toContain(
      '[REQUIRED_CLAIM_ATTRIBUTE_MISSING] required claim "tenant_id" reads custom:tenant_id',
    );
    expect(code).toBe(2);
    expect(cognito.commandCalls(ListIdentityProvidersCommand)).toHaveLength(0);
    expect(cognito.commandCalls(DescribeIdentityProviderCommand)).toHaveLength(0);
  });

  it('prints usage for --help and exits 0', async () => {
    // Act
    const { code, out } = await validate(['--help']);

    // Assess
    expect(out).toContain(
      'Usage: cognito-claims validate [--template <file> | --user-pool-id <id>]',
    );
    expect(out).toContain('--timeout <seconds>');
    expect(code).toBe(0);
  });
});
