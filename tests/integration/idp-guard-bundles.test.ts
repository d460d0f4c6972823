/**
 * The deployable artifacts of the IdP token guard: each handler bundled the way
 * scripts/build.mjs bundles it (esbuild, minified CommonJS, `@aws-sdk/*` external, the validated
 * config inside), then loaded and invoked in a fresh Node process with a Cognito event, as
 * Lambda would.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFunctionBundle } from '../../scripts/function-bundle.cjs';
import { parseConfig } from '../../shared/core/config/parse-config';
import { getTestEvent } from '../helpers/events';
import { makeJwt, makeOpaque, nowSeconds, tokenFragmentsIn } from '../helpers/idp-tokens';

const ROOT = join(__dirname, '..', '..');
const CONFIG = {
  claims: [],
  idpTokens: [
    { attribute: 'custom:id_token', idpAttribute: 'id_token', format: 'jwt' },
    { attribute: 'custom:access_token', idpAttribute: 'access_token', format: 'opaque' },
  ],
  providers: { AcmeAzure: { expectedAttributes: ['custom:id_token', 'email'] } },
};

const dir = mkdtempSync(join(tmpdir(), 'idp-guard-bundles-'));
const files: Record<string, string> = {};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bundle = async (name: string): Promise<string> => {
  const outdir = join(dir, name);
  await buildFunctionBundle({
    entry: join(ROOT, 'functions', name, 'handler.ts'),
    outdir,
    config: parseConfig(CONFIG),
    logLevel: 'silent',
  });
  return join(outdir, 'index.js');
};

/** Runs the bundle's handler in its own process; returns its log lines and the answer. */
const invoke = (file: string, event: unknown) => {
  const eventFile = join(dir, `event-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(eventFile, JSON.stringify(event));
  const script = `
    const { handler } = require(${JSON.stringify(file)});
    const event = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(eventFile)}, 'utf8'));
    const context = { functionName: 'f', awsRequestId: 'r', getRemainingTimeInMillis: () => 5000 };
    handler(event, context).then((result) => process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n'));`;
  const child = spawnSync(process.execPath, ['-e', script], {
    env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-1' },
    encoding: 'utf8',
  });
  // Powertools writes WARN and ERROR to stderr.
  const output = `${child.stdout}\n${child.stderr}`;
  const lines = output.split('\n').filter((line) => line.trim() !== '');
  const result = lines.find((line) => line.startsWith('RESULT '));
  return {
    logs: lines.filter((line) => !line.startsWith('RESULT ')),
    result: JSON.parse(result?.slice('RESULT '.length) ?? 'null'),
  };
};

describe('IdP token guard bundles', () => {
  beforeAll(async () => {
    for (const name of ['post-authentication', 'inbound-federation'])
      files[name] = await bundle(name);
  });

  it('bundles both triggers without the AWS SDK', () => {
    // Assess
    for (const file of Object.values(files)) {
      expect(readFileSync(file, 'utf8')).not.toMatch(/@aws-sdk|aws-sdk\//);
    }
  });

  it('drops an over-2048 IdP token at inbound federation from the bundle, logging no token', () => {
    // Prepare
    const file = files['inbound-federation'] as string;
    const event = getTestEvent<{
      request: { attributes: { tokenResponse: Record<string, string> } };
    }>('inbound-federation/oidc');
    const idToken = makeJwt({ iat: nowSeconds(), length: 3100 });
    const tokens = [idToken, makeOpaque(1200), makeOpaque(700)];
    Object.assign(event.request.attributes.tokenResponse, {
      id_token: tokens[0],
      access_token: tokens[1],
      refresh_token: tokens[2],
    });
    // Act
    const { logs, result } = invoke(file, event);
    // Assess
    expect(result.response.userAttributesToMap).not.toHaveProperty('id_token');
    expect(result.response.userAttributesToMap).toMatchObject({
      access_token: tokens[1],
      refresh_token: tokens[2],
      email: 'jane.doe@acme.example',
    });
    const records = logs.map((line) => JSON.parse(line)).filter((record) => record.failure);
    expect(records).toEqual([
      expect.objectContaining({
        failure: expect.objectContaining({ code: 'IDP_TOKEN_OVER_LIMIT', length: idToken.length }),
      }),
    ]);
    expect(tokenFragmentsIn(tokens, logs)).toEqual([]);
  });

  it('returns the Post authentication event unchanged from the bundle and records a stale token', () => {
    // Prepare
    const file = files['post-authentication'] as string;
    const event = getTestEvent<{ request: { userAttributes: Record<string, string> } }>(
      'post-authentication/federated-oidc',
    );
    const tokens = [makeJwt({ iat: nowSeconds() - 7200 }), makeOpaque(300)];
    event.request.userAttributes['custom:id_token'] = tokens[0] as string;
    event.request.userAttributes['custom:access_token'] = tokens[1] as string;
    // Act
    const { logs, result } = invoke(file, event);
    // Assess
    expect(result).toEqual(event);
    const codes = logs.map((line) => JSON.parse(line).failure?.code).filter(Boolean);
    expect(codes).toEqual(['IDP_TOKEN_STALE']);
    expect(tokenFragmentsIn(tokens, logs)).toEqual([]);
  });
});
