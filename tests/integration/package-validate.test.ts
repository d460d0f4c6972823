/**
 * `npm run package` and `npm run deploy` as users run them, through npm, offline and without AWS
 * credentials, each in a copy of the repository of its own: a config whose required claim reads
 * an attribute serverless.yml's pool does not define stops `npm run package` with the claim and
 * the attribute named (the Serverless plugin, packaging the triggers with the config the build
 * validated, refuses it before osls writes a template), and stops `npm run deploy` before
 * anything is deployed. With the shipped config the package passes `cognito-claims validate`,
 * and its template is compared with the recorded one in tests/fixtures/validate that the unit
 * tests read.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../cli/main';
import { captureIo } from '../helpers/cli-io';

const ROOT = join(__dirname, '..', '..');
const BAD_CONFIG = join(ROOT, 'tests', 'fixtures', 'validate', 'required-department.config.json');
const RECORDED = join(ROOT, 'tests', 'fixtures', 'validate', 'new-pool.template.json');
const TEMPLATE = join('.serverless', 'cloudformation-template-update-stack.json');

interface Run {
  readonly dir: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const dirs: string[] = [];

/** What `npm run build` and osls read, with the repository's node_modules linked in. */
function copyOfRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'package-validate-'));
  dirs.push(dir);
  for (const file of [
    'package.json',
    'serverless.yml',
    'claims.config.json',
    'tsconfig.json',
    'tsconfig.lib.json',
  ]) {
    cpSync(join(ROOT, file), join(dir, file));
  }
  for (const folder of ['scripts', 'shared', 'functions', 'cli']) {
    cpSync(join(ROOT, folder), join(dir, folder), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** `npm run <script>` in a fresh copy, with no AWS credentials and no way to find any. */
function npmRun(script: string, env: Record<string, string> = {}): Promise<Run> {
  const dir = copyOfRepository();
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(clean)) {
    if (name.startsWith('AWS_') || name === 'CLAIMS_CONFIG' || name === 'CLAIMS_CONFIG_FILE') {
      delete clean[name];
    }
  }
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '-s', script],
      {
        cwd: dir,
        timeout: 240_000,
        env: {
          ...clean,
          HOME: dir,
          AWS_EC2_METADATA_DISABLED: 'true',
          SLS_TELEMETRY_DISABLED: '1',
          SLS_NOTIFICATIONS_MODE: 'off',
          npm_config_update_notifier: 'false',
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ dir, code, stdout, stderr });
      },
    );
  });
}

describe('npm run package and npm run deploy run cognito-claims validate', () => {
  let goodPackage: Run;
  let badPackage: Run;
  let badDeploy: Run;
  const REFUSAL =
    'required claim "department" reads custom:department, which the user pool does not define: every sign-in would be refused';

  beforeAll(async () => {
    [goodPackage, badPackage, badDeploy] = await Promise.all([
      npmRun('package'),
      npmRun('package', { CLAIMS_CONFIG_FILE: BAD_CONFIG }),
      npmRun('deploy', { CLAIMS_CONFIG_FILE: BAD_CONFIG }),
    ]);
  }, 400_000);

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('packages the shipped config, and validate finds nothing wrong with the pool it packaged', async () => {
    // Prepare
    const io = captureIo({ cwd: goodPackage.dir });

    // Act
    const code = await runCli(['validate', '--config', join(ROOT, 'claims.config.json')], io);

    // Assess
    expect(goodPackage.code).toBe(0);
    expect(goodPackage.stdout).toContain('No problems found.');
    expect(io.out()).toContain(
      'against .serverless/cloudformation-template-update-stack.json\n  user pool UserPool (1 app client)\n\nNo problems found.',
    );
    expect(code).toBe(0);
  });

  it('stops npm run package on a required claim from an attribute the pool lacks, naming both', () => {
    // Assess
    expect(`${badPackage.stdout}${badPackage.stderr}`).toContain(REFUSAL);
    expect(badPackage.stderr).toContain('osls package failed');
    expect(existsSync(join(badPackage.dir, TEMPLATE))).toBe(false);
    expect(badPackage.code).not.toBe(0);
  });

  it('stops npm run deploy before it deploys anything', () => {
    // Assess
    expect(`${badDeploy.stdout}${badDeploy.stderr}`).toContain(REFUSAL);
    expect(badDeploy.stderr).toContain('nothing was deployed');
    // osls deploy never ran: it would have looked for credentials and the stack.
    expect(`${badDeploy.stdout}${badDeploy.stderr}`).not.toMatch(/Deploying|credentials/i);
    expect(badDeploy.code).not.toBe(0);
  });

  // After a change to serverless.yml: npm run package, then copy
  // .serverless/cloudformation-template-update-stack.json over the fixture.
  it('writes the pool, client, outputs and conditions the recorded template fixture holds', () => {
    // Prepare
    const written = JSON.parse(readFileSync(join(goodPackage.dir, TEMPLATE), 'utf8'));
    const recorded = JSON.parse(readFileSync(RECORDED, 'utf8'));
    const parts = (template: Record<string, Record<string, unknown>>) => ({
      pool: template.Resources?.UserPool,
      client: template.Resources?.UserPoolClient,
      outputs: template.Outputs,
      conditions: template.Conditions,
      parameters: template.Parameters,
    });

    // Assess
    expect(parts(written)).toEqual(parts(recorded));
  });
});
