/**
 * The package as a user gets it: `npm pack` here (npm test has built dist/ first), the tarball
 * installed into a fresh project with scripts on, as a user's `npm install` runs them (its
 * dependencies from the npm cache `npm ci` filled, else the registry). Then, in that project:
 * every entry under `require` and `import`, a TypeScript file against the shipped `.d.ts` under
 * each module resolution we support, zod's global configuration untouched, and the CLI reading
 * that project's own claims.config.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installInto, packPackage } from '../helpers/packed-package';

const ROOT = join(__dirname, '..', '..');
const VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const ENTRIES = {
  'cognito-claims': 'readApiClaims',
  'cognito-claims/triggers': 'createPreTokenGenerationTrigger',
  'cognito-claims/authorizer': 'createAuthorizer',
  'cognito-claims/config': 'parseConfigText',
} as const;

const work = mkdtempSync(join(tmpdir(), 'cognito-claims-package-'));
const project = join(work, 'consumer');
let packed: string[] = [];

const run = (command: string, args: string[], cwd = project) =>
  spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false', NO_COLOR: '1' },
  });

const node = (args: string[]) => {
  const result = run(process.execPath, args);
  if (result.status !== 0) throw new Error(`node ${args.join(' ')}:\n${result.stderr}`);
  return result.stdout.trim();
};

beforeAll(() => {
  // Prepare
  const pack = packPackage(work);
  packed = [...pack.files];
  installInto(project, pack.tarball);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package', () => {
  it('holds the library, the function bundles, the CLI and the schema, and nothing else', () => {
    // Assess
    expect(packed).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'CHANGELOG.md',
        'claims.config.schema.json',
        'dist/lib/index.js',
        'dist/lib/index.d.ts',
        'dist/lib/triggers.d.ts',
        'dist/pre-token-generation/index.js',
        'dist/pre-token-generation/config-validator.js',
        'dist/cli/cognito-claims.js',
      ]),
    );
    const unwanted = packed.filter(
      (path) =>
        /^(tests|scripts|shared|cli|functions|bench|patches)\//.test(path) ||
        /\.map$/.test(path) ||
        (/\.ts$/.test(path) && !/\.d\.ts$/.test(path)) ||
        // The demo's config: whoever packages a function writes their own beside it.
        path.endsWith('validated-config.json'),
    );
    expect(unwanted).toEqual([]);
  });

  it.each(Object.entries(ENTRIES))('gives %s under require and import', (entry, name) => {
    // Act
    const required = node([
      '-e',
      `process.stdout.write(typeof require(${JSON.stringify(entry)}).${name})`,
    ]);
    const imported = node([
      '--input-type=module',
      '-e',
      `import { ${name} } from ${JSON.stringify(entry)}; process.stdout.write(typeof ${name});`,
    ]);
    // Assess
    expect([required, imported]).toEqual(['function', 'function']);
  });

  it('serves the JSON Schema by its subpath', () => {
    // Act
    const title = node([
      '-e',
      "process.stdout.write(require('cognito-claims/claims.config.schema.json').title)",
    ]);
    // Assess
    expect(title).toBe('cognito-claims config');
  });

  it.each(['node16', 'nodenext', 'bundler', 'node10'])(
    'type-checks a consumer against the shipped .d.ts with moduleResolution %s',
    (resolution) => {
      // Prepare
      const dir = join(project, `ts-${resolution}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'consumer.ts'),
        [
          "import { type ApiClaims, readApiClaims, type ClaimsConfig } from 'cognito-claims';",
          "import { createAuthorizer } from 'cognito-claims/authorizer';",
          "import { parseConfigText, ConfigError } from 'cognito-claims/config';",
          "import { createPreTokenGenerationTrigger } from 'cognito-claims/triggers';",
          'const config: ClaimsConfig = parseConfigText(\'{"claims":[]}\');',
          'const claims: ApiClaims | undefined = readApiClaims({}, config);',
          'export const handler = createPreTokenGenerationTrigger({ config });',
          'export const authorizer = createAuthorizer();',
          'export const problem: ConfigError | undefined = undefined;',
          'export const tenant = claims?.claims.tenant_id;',
          // A wrong call must fail: proof that the types are read, not skipped.
          '// @ts-expect-error readApiClaims needs a config',
          'readApiClaims({});',
        ].join('\n'),
      );
      const module =
        resolution === 'bundler' ? 'esnext' : resolution === 'node10' ? 'commonjs' : resolution;
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            esModuleInterop: true,
            module,
            moduleResolution: resolution,
            target: 'es2022',
            skipLibCheck: false,
            // A Lambda project has Node's types; @types/aws-lambda needs them.
            types: ['node'],
            typeRoots: [join(ROOT, 'node_modules', '@types')],
          },
          files: ['consumer.ts'],
        }),
      );
      // Act
      const result = run(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')]);
      // Assess
      expect(`${result.stdout}${result.stderr}`).toBe('');
      expect(result.status).toBe(0);
    },
    60_000,
  );

  it("leaves zod's global configuration as the host process set it", () => {
    // Act: load every entry and validate a config, then read zod's global settings.
    const global = node([
      '-e',
      [
        "const z = require('zod/mini');",
        'const before = JSON.stringify(z.config());',
        "require('cognito-claims'); require('cognito-claims/triggers'); require('cognito-claims/authorizer');",
        'require(\'cognito-claims/config\').parseConfigText(\'{"claims":[{"from":"email"}]}\');',
        "process.stdout.write(before + ' ' + JSON.stringify(z.config()));",
      ].join('\n'),
    ]);
    // Assess
    const [before, after] = global.split(' ');
    expect(after).toBe(before);
    expect(after).not.toContain('jitless');
  });

  it('prints its version with npx cognito-claims --version', () => {
    // Act
    const result = run('npx', ['--no-install', 'cognito-claims', '--version']);
    // Assess
    expect(result.stdout.trim()).toBe(VERSION);
    expect(result.status).toBe(0);
  });

  it("runs the CLI on the project's own claims.config.json, and names the file when there is none", () => {
    // Prepare
    writeFileSync(
      join(project, 'user.json'),
      JSON.stringify({ sub: '7d2b8f0e-1111-4c6e-9f43-0123456789ab', 'custom:org': 'consumer-org' }),
    );
    const preview = () =>
      run('npx', ['--no-install', 'cognito-claims', 'preview', '--user', 'user.json']);
    // Act
    const missing = preview();
    writeFileSync(
      join(project, 'claims.config.json'),
      JSON.stringify({ claims: [{ claim: 'consumer_org', from: 'custom:org' }] }),
    );
    const found = preview();
    // Assess
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`${join(project, 'claims.config.json')} does not exist`);
    expect(found.stdout).toContain('consumer_org');
    expect(found.stdout).toContain('"consumer-org"');
    expect(found.stdout).not.toContain('tenant_id');
  });
});
