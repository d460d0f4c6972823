/** `preview --item` and `--read-sources`: sourced claims from an item file, or from dynalite. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../cli/main';
import type { PreviewReport } from '../../../cli/preview/format';
import { captureIo } from '../../helpers/cli-io';
import { type Dynalite, startDynalite } from '../../helpers/dynalite';

const dir = mkdtempSync(join(tmpdir(), 'preview-sources-'));
const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};
const CONFIG = file('claims.config.json', {
  sources: {
    account: {
      dynamodb: { table: 'Accounts', key: { pk: 'TENANT#{custom:tenant_id}', sk: 'USER#{sub}' } },
      timeoutMs: 1500,
    },
  },
  claims: [
    { claim: 'plan', source: 'account', from: 'plan', tokens: ['access'] },
    { claim: 'seat_limit', source: 'account', from: 'limits.seats', type: 'number' },
  ],
});
const USER = file('user.json', { sub: 'u-1', 'custom:tenant_id': 'acme' });
const ITEM = { plan: { S: 'pro' }, limits: { M: { seats: { N: '25' } } } };

const preview = async (args: string[], env: Record<string, string> = {}) => {
  const io = captureIo({ env });
  const code = await runCli(['preview', '--config', CONFIG, '--user', USER, ...args], io);
  return { code, out: io.out(), err: io.err() };
};
const accessClaims = (out: string) =>
  (JSON.parse(out) as PreviewReport).tokens
    .find((token) => token.token === 'access')
    ?.added.map((entry) => [entry.claim, entry.display]);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('preview with sources', () => {
  it('takes the item from a file (as aws dynamodb get-item prints it)', async () => {
    // Prepare
    const items = file('item.json', { Item: ITEM });
    // Act
    const { code, out } = await preview(['--item', items, '--json']);
    // Assess
    expect(code).toBe(0);
    expect(accessClaims(out)).toEqual([
      ['plan', '"pro"'],
      ['seat_limit', '25'],
    ]);
  });

  it('labels a sourced claim by its source and item path, not as a user attribute', async () => {
    // Prepare
    const items = file('item-label.json', { Item: ITEM });
    // Act
    const text = await preview(['--item', items]);
    const json = await preview(['--item', items, '--json']);
    // Assess
    expect(text.out).toContain('    $.claims[0] (source "account", item path "plan"): won\n');
    expect(text.out).toContain(
      '    $.claims[1] (source "account", item path "limits.seats"): won\n',
    );
    expect(text.out).not.toContain('attribute "plan"');
    const steps = (JSON.parse(json.out) as PreviewReport).explanation?.claims.flatMap(
      (claim) => claim.steps,
    );
    expect(steps?.map((step) => step.description)).toEqual([
      'source "account", item path "plan"',
      'source "account", item path "limits.seats"',
      'source "account", item path "limits.seats"',
    ]);
  });

  it('shows the claims absent for an item given as null (missing)', async () => {
    // Prepare
    const items = file('missing.json', { account: null });
    // Act
    const { out } = await preview(['--item', items, '--json']);
    // Assess
    expect(accessClaims(out)).toEqual([]);
  });

  it('refuses --item for a config without sources, and --item with --read-sources', async () => {
    // Prepare
    const items = file('item2.json', ITEM);
    const io = captureIo();
    // Act
    const noSources = await runCli(
      ['preview', '--config', file('plain.json', { claims: [] }), '--user', USER, '--item', items],
      io,
    );
    const both = await preview(['--item', items, '--read-sources']);
    // Assess
    expect(noSources).toBe(1);
    expect(io.err()).toContain('--item: the config has no "sources"');
    expect(both.code).toBe(1);
    expect(both.err).toContain('give --item or --read-sources, not both');
  });

  describe('--read-sources against dynalite on loopback', () => {
    let dynalite: Dynalite;
    // The SDK resolves a profile from the files process.env names: these, and no instance role.
    const credentials = file('credentials', '');
    const sdkEnv = {
      AWS_SHARED_CREDENTIALS_FILE: credentials,
      AWS_CONFIG_FILE: file('config', ''),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    // The test set-up's own keys (tests/helpers/setup-env.ts) are taken away meanwhile.
    const unset = [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_PROFILE',
    ];
    const saved = Object.fromEntries(
      [...Object.keys(sdkEnv), ...unset].map((key) => [key, process.env[key]]),
    );

    beforeAll(async () => {
      writeFileSync(
        credentials,
        '[ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = ops\n',
      );
      Object.assign(process.env, sdkEnv);
      for (const key of unset) delete process.env[key];
      dynalite = await startDynalite();
      await dynalite.createTable('Accounts', ['pk', 'sk']);
      await dynalite.putItem('Accounts', {
        pk: { S: 'TENANT#acme' },
        sk: { S: 'USER#u-1' },
        ...ITEM,
      });
    });

    afterAll(async () => {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await dynalite.stop();
    });

    it('reads the item with the credentials of the --profile named, when the environment has none', async () => {
      // Act
      const { code, out, err } = await preview(['--read-sources', '--profile', 'ops', '--json'], {
        ...sdkEnv,
        AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
        AWS_REGION: 'eu-west-1',
      });
      // Assess
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(accessClaims(out)).toEqual([
        ['plan', '"pro"'],
        ['seat_limit', '25'],
      ]);
    });

    it('reads the item with the credentials in the environment', async () => {
      // Act
      const { code, out } = await preview(['--read-sources', '--json'], {
        AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_REGION: 'eu-west-1',
      });
      // Assess
      expect(code).toBe(0);
      expect(accessClaims(out)).toEqual([
        ['plan', '"pro"'],
        ['seat_limit', '25'],
      ]);
    });

    it('says what went wrong reading a table, by code and error name', async () => {
      // Act
      const { err } = await preview(['--read-sources', '--json'], {
        ...sdkEnv,
        AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
      });
      // Assess
      expect(err).toContain('SOURCE_UNAVAILABLE');
      expect(err).toContain('CredentialsMissing');
    });
  });
});
