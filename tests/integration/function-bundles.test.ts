/**
 * The deployable artifacts as `npm run build` leaves them in dist/ (npm test builds first): what
 * they weigh, what they must never contain, and how each one gets its config. Sizes are held
 * here because they are deterministic; speed is measured by `npm run bench`, never asserted.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FEATURES_FILE,
  loadValidator,
  PACKAGED_CONFIG_FILE,
  writePackagedConfig,
} from '../../scripts/function-bundle.cjs';
import { getTestEvent } from '../helpers/events';

const DIST = join(__dirname, '..', '..', 'dist');
/** The function bundles: one per functions/<name>/handler.ts (dist/lib is the library). */
const FUNCTIONS = readdirSync(join(__dirname, '..', '..', 'functions')).filter((name) =>
  existsSync(join(DIST, name, 'index.js')),
);
/**
 * The pre token generation bundle's ceiling: 48 KiB (1,024 bytes each), room for the claim rules
 * and table sources. What few configs use (`transform`, `groups`, the table reader) is in sibling
 * files loaded only when configured. Module load time is measured by `npm run bench`.
 */
const PRE_TOKEN_LIMIT_BYTES = 48 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'function-bundles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Invokes dist/<name> in a fresh process, as Lambda would; reports its answer, logs and modules. */
const invoke = (
  name: string,
  event: unknown,
  env: Record<string, string> = {},
  functionDir = join(DIST, name),
) => {
  const eventFile = join(dir, `event-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(eventFile, JSON.stringify(event));
  const script = `
    const { handler } = require(${JSON.stringify(join(functionDir, 'index.js'))});
    const event = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(eventFile)}, 'utf8'));
    const context = { functionName: 'f', awsRequestId: 'r', getRemainingTimeInMillis: () => 5000 };
    handler(event, context).then((result) => {
      const loaded = Object.keys(require.cache).map((file) => require('node:path').basename(file));
      process.stdout.write('RESULT ' + JSON.stringify({ result, loaded }) + '\\n');
    });`;
  const child = spawnSync(process.execPath, ['-e', script], {
    env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-1', ...env },
    encoding: 'utf8',
  });
  const lines = `${child.stdout}\n${child.stderr}`.split('\n').filter((line) => line.trim());
  const result = lines.find((line) => line.startsWith('RESULT '));
  if (!result) throw new Error(`no answer from dist/${name}:\n${lines.join('\n')}`);
  return {
    ...(JSON.parse(result.slice('RESULT '.length)) as {
      result: { response?: Record<string, unknown> };
      loaded: string[];
    }),
    logs: lines.filter((line) => !line.startsWith('RESULT ')),
  };
};

describe('function bundles in dist/', () => {
  it('keeps the pre token generation bundle within 48 KiB', () => {
    // Act
    const bytes = readFileSync(join(DIST, 'pre-token-generation', 'index.js')).length;
    // Assess
    expect(bytes).toBeLessThanOrEqual(PRE_TOKEN_LIMIT_BYTES);
  });

  it('ships no AWS SDK in any function bundle or its config validator', () => {
    // Assess
    expect(FUNCTIONS.sort()).toEqual([
      'authorizer',
      'inbound-federation',
      'me',
      'post-authentication',
      'pre-token-generation',
    ]);
    for (const name of FUNCTIONS) {
      for (const file of ['index.js', 'config-validator.js']) {
        expect(readFileSync(join(DIST, name, file), 'utf8')).not.toMatch(/@aws-sdk\//);
      }
    }
  });

  it('answers with the build-validated config without loading the validator', () => {
    // Prepare
    const event = getTestEvent('pre-token-generation/v2-hosted-auth-federated');
    // Act
    const { result, loaded, logs } = invoke('pre-token-generation', event);
    // Assess: claims.config.json's rules, from the config inside the bundle.
    expect(result.response).toMatchObject({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: {
          claimsToAddOrOverride: { tenant_id: 'acme', roles: ['reader', 'billing'], plan: 'pro' },
        },
      },
    });
    expect(loaded).not.toContain('config-validator.js');
    expect(logs).toEqual([]);
  });

  it('answers with the config another packager wrote beside the prebuilt bundle', async () => {
    // Prepare: what the Serverless plugin does in a user's service, with no bundler.
    const functionDir = join(dir, 'packaged-elsewhere');
    cpSync(join(DIST, 'pre-token-generation'), functionDir, { recursive: true });
    const { parseConfig } = await loadValidator();
    const config = parseConfig({ claims: [{ claim: 'org', from: 'custom:tenant_id' }] });
    await writePackagedConfig(functionDir, config);
    const event = getTestEvent('pre-token-generation/v2-hosted-auth-federated');
    // Act
    const { result, loaded, logs } = invoke('pre-token-generation', event, {}, functionDir);
    // Assess
    expect(result.response).toMatchObject({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: { org: 'acme' } },
      },
    });
    expect(JSON.stringify(result.response)).not.toContain('"plan"');
    expect(loaded).toContain(PACKAGED_CONFIG_FILE);
    expect(loaded).not.toContain('config-validator.js');
    expect(logs).toEqual([]);
  });

  it('loads rule-features.js only for a config with a transform or groups rule', async () => {
    // Prepare
    const { parseConfig } = await loadValidator();
    const plain = join(dir, 'rules-plain');
    const shaped = join(dir, 'rules-shaped');
    for (const target of [plain, shaped]) {
      cpSync(join(DIST, 'pre-token-generation'), target, { recursive: true });
    }
    await writePackagedConfig(
      plain,
      parseConfig({ claims: [{ claim: 'org', from: 'custom:tenant_id' }] }),
    );
    await writePackagedConfig(
      shaped,
      parseConfig({
        claims: [{ claim: 'org', from: 'custom:tenant_id', transform: ['uppercase'] }],
        groups: { keep: { prefixes: ['web-'] } },
      }),
    );
    const event = getTestEvent<{ request: { groupConfiguration: { groupsToOverride: string[] } } }>(
      'pre-token-generation/v2-hosted-auth-federated',
    );
    event.request.groupConfiguration.groupsToOverride = ['web-admins', 'app-readers'];
    // Act
    const without = invoke('pre-token-generation', event, {}, plain);
    const withRules = invoke('pre-token-generation', event, {}, shaped);
    // Assess
    expect(without.loaded).not.toContain(FEATURES_FILE);
    expect(withRules.loaded).toContain(FEATURES_FILE);
    expect(withRules.result.response).toMatchObject({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: { org: 'ACME' } },
        groupOverrideDetails: { groupsToOverride: ['web-admins'] },
      },
    });
    expect(withRules.logs).toEqual([]);
  });

  it('lets the sign-in go on with an ERROR record when rule-features.js was not packaged', async () => {
    // Prepare: a packager that copied index.js but not its sibling.
    const { parseConfig } = await loadValidator();
    const functionDir = join(dir, 'rules-unpackaged');
    cpSync(join(DIST, 'pre-token-generation'), functionDir, { recursive: true });
    rmSync(join(functionDir, FEATURES_FILE));
    await writePackagedConfig(
      functionDir,
      parseConfig({ claims: [{ claim: 'org', from: 'custom:tenant_id', transform: ['trim'] }] }),
    );
    const event = getTestEvent('pre-token-generation/v2-hosted-auth-federated');
    // Act
    const { result, logs } = invoke('pre-token-generation', event, {}, functionDir);
    // Assess: Cognito's own token, and a record naming what went wrong.
    expect(result.response).toEqual({ claimsAndScopeOverrideDetails: null });
    expect(logs.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        failure: expect.objectContaining({ code: 'INTERNAL_ERROR' }),
      }),
    );
  });

  it('stamps every record with the version the packager wrote, computing none at cold start', async () => {
    // Prepare
    const { parseConfig, configVersion } = await loadValidator();
    const functionDir = join(dir, 'packaged-version');
    cpSync(join(DIST, 'pre-token-generation'), functionDir, { recursive: true });
    const config = parseConfig({ claims: [{ claim: 'dept', from: 'custom:department' }] });
    await writePackagedConfig(functionDir, config);
    const event = getTestEvent('pre-token-generation/v2-hosted-auth-federated');
    // Act
    const { logs } = invoke('pre-token-generation', event, {}, functionDir);
    // Assess: the record of the absent attribute (INFO, so at INFO level) carries the version.
    const written = JSON.parse(readFileSync(join(functionDir, PACKAGED_CONFIG_FILE), 'utf8'));
    expect(written.configVersion).toBe(configVersion(config));
    expect(readFileSync(join(functionDir, 'index.js'), 'utf8')).not.toContain('createHash');
    const { logs: info } = invoke(
      'pre-token-generation',
      event,
      { POWERTOOLS_LOG_LEVEL: 'INFO' },
      functionDir,
    );
    expect(logs).toEqual([]);
    expect(info.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({
        configVersion: written.configVersion,
        failure: expect.objectContaining({ code: 'ATTRIBUTE_MISSING' }),
      }),
    );
  });

  it('refuses a validated-config.json that is a bare config, letting the sign-in go on', () => {
    // Prepare: a file an older or hand-written packager left, without its version.
    const functionDir = join(dir, 'packaged-bare');
    cpSync(join(DIST, 'pre-token-generation'), functionDir, { recursive: true });
    writeFileSync(join(functionDir, PACKAGED_CONFIG_FILE), JSON.stringify({ claims: [] }));
    const event = getTestEvent('pre-token-generation/v2-hosted-auth-federated');
    // Act
    const { result, logs } = invoke('pre-token-generation', event, {}, functionDir);
    // Assess
    expect(result.response).toEqual({ claimsAndScopeOverrideDetails: null });
    expect(logs.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        failure: expect.objectContaining({ code: 'CONFIG_INVALID', path: '$' }),
      }),
    );
  });

  it('lets the sign-in go on with an ERROR record when no config was packaged', () => {
    // Prepare
    const functionDir = join(dir, 'packaged-without-config');
    cpSync(join(DIST, 'pre-token-generation'), functionDir, { recursive: true });
    rmSync(join(functionDir, PACKAGED_CONFIG_FILE));
    const event = getTestEvent('pre-token-generation/v2-hosted-auth-federated');
    // Act
    const { result, logs } = invoke('pre-token-generation', event, {}, functionDir);
    // Assess
    expect(result.response).toEqual({ claimsAndScopeOverrideDetails: null });
    expect(logs.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        failure: expect.objectContaining({ code: 'CONFIG_INVALID', path: '$' }),
      }),
    );
  });

  it('validates a run-time CLAIMS_CONFIG with the validator beside the bundle', () => {
    // Prepare
    const event = getTestEvent('pre-token-generation/v2-hosted-auth-federated');
    const config = { claims: [{ claim: 'org', from: 'custom:tenant_id', tokens: ['access'] }] };
    // Act
    const { result, loaded } = invoke('pre-token-generation', event, {
      CLAIMS_CONFIG: JSON.stringify(config),
    });
    // Assess
    expect(loaded).toContain('config-validator.js');
    expect(result.response).toMatchObject({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: { claimsToAddOrOverride: { org: 'acme' } },
      },
    });
  });

  it('lets the sign-in go on, and names the JSON path, when the run-time config is invalid', () => {
    // Prepare
    const event = getTestEvent('pre-token-generation/v2-hosted-auth-federated');
    const config = { claims: [{ claim: 'org', from: 'custom:tenant_id', type: 'text' }] };
    // Act
    const { result, logs } = invoke('pre-token-generation', event, {
      CLAIMS_CONFIG: JSON.stringify(config),
    });
    // Assess: Cognito's own token, an ERROR at cold start listing the issue, one failure record.
    expect(result.response).toEqual({ claimsAndScopeOverrideDetails: null });
    const records = logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        issues: [expect.objectContaining({ path: '$.claims[0].type' })],
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({
        failure: expect.objectContaining({ code: 'CONFIG_INVALID', path: '$.claims[0].type' }),
      }),
    );
  });
});
