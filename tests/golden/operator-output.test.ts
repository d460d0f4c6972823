/**
 * The operator tools' output frozen across refactors: doctor (a recorded healthy pool and the
 * same pool with three mistakes), preview and failures on the fixtures the unit tests use, text
 * and JSON, compared byte for byte with tests/golden/recorded/operator-output.json.
 * Re-record only for a change meant to alter output: `UPDATE_GOLDEN=1 npx jest tests/golden`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { runCli } from '../../cli/main';
import { captureIo } from '../helpers/cli-io';
import {
  DOCTOR_FIXTURES,
  type Json,
  POOL_ID,
  recordedPool,
  serveRecordedPool,
  WEB,
  web,
} from '../helpers/recorded-doctor-pool';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures');
const GOLDEN = join(__dirname, 'recorded', 'operator-output.json');

const cognito = mockClient(CognitoIdentityProviderClient);

const servePool = (broken: boolean) => {
  const r = recordedPool();
  if (broken) {
    r.pool.UserPool.LambdaConfig.PreTokenGenerationConfig.LambdaVersion = 'V1_0';
    r.pool.UserPool.SchemaAttributes.find(
      (a: Json) => a.Name === 'custom:id_token',
    ).StringAttributeConstraints.MaxLength = '256';
    web(r).WriteAttributes.push('custom:roles');
  }
  serveRecordedPool(cognito, r);
};

const run = async (args: string[]) => {
  const io = captureIo({ cwd: ROOT });
  const code = await runCli(args, io);
  // Paths are the only thing that depends on where the checkout is.
  const strip = (text: string) => text.split(ROOT).join('<root>');
  return { args: args.map(strip), code, out: strip(io.out()), err: strip(io.err()) };
};

const preview = join(FIXTURES, 'preview');
const failures = join(FIXTURES, 'failures');
const doctorConfig = join(DOCTOR_FIXTURES, 'claims.config.json');
const previewRuns = [
  ['--user', join(preview, 'user.json'), '--config', join(preview, 'claims.config.json')],
  [
    '--user',
    join(preview, 'user.json'),
    '--config',
    join(preview, 'claims.config.json'),
    '--client-id',
    WEB,
    '--trigger-source',
    'TokenGeneration_Authentication',
    '--groups',
    'admins,eu-staff',
  ],
  [
    '--user',
    join(preview, 'admin-get-user-federated.json'),
    '--config',
    join(preview, 'claims-leaky.config.json'),
  ],
  ['--user', join(preview, 'user-no-tenant.json'), '--config', join(preview, 'claims.config.json')],
  [
    '--user',
    join(preview, 'event-v2-refresh.json'),
    '--config',
    join(preview, 'claims.config.json'),
  ],
];
const failureFiles = [
  'filter-log-events.json',
  'filter-log-events-paged.out',
  'json-lines.log',
  'logs-insights.json',
];

describe('operator output', () => {
  afterAll(() => cognito.restore());

  it('prints what it printed before the layout changed', async () => {
    // Prepare
    const outputs = [];
    // Act
    for (const broken of [false, true]) {
      for (const json of [[], ['--json']]) {
        servePool(broken);
        outputs.push(
          await run(['doctor', '--user-pool-id', POOL_ID, '--config', doctorConfig, ...json]),
        );
      }
    }
    for (const args of previewRuns) {
      outputs.push(await run(['preview', ...args]));
      outputs.push(await run(['preview', ...args, '--json']));
    }
    for (const file of failureFiles) {
      outputs.push(await run(['failures', join(failures, file)]));
      outputs.push(await run(['failures', join(failures, file), '--json']));
    }
    // Assess
    const text = `${JSON.stringify(outputs, null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(join(__dirname, 'recorded'), { recursive: true });
      writeFileSync(GOLDEN, text);
    }
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});
