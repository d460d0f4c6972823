/**
 * `npm start` end to end, on loopback only: cognito-local, serverless-offline, dynalite (the
 * demo config's table), the real trigger, authorizer and /me bundles. Each run stops every
 * process it started; the test checks that.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerSecret } from '../helpers/log-capture';

const ROOT = join(__dirname, '..', '..');
const TSX = require.resolve('tsx/cli');

/** `npm start` as package.json defines it, so the runs here are the command users run. */
const START_COMMAND = ((): string[] => {
  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as {
    start: string;
  };
  const [program, ...args] = scripts.start.split(/\s+/);
  if (program === 'node') return [process.execPath, ...args];
  if (program === 'tsx') return [process.execPath, TSX, ...args];
  throw new Error(`package.json scripts.start: expected "node ..." or "tsx ...", not ${program}`);
})();
/** `npm start` through npm itself, which runs the script in `sh -c`: the script is its grandchild. */
const NPM_START = ['npm', 'start', '--'];
const BUNDLES = ['pre-token-generation', 'authorizer', 'me'];

interface Report {
  ok: boolean;
  triggerVersion: string;
  tokenUse: string;
  steps: { name: string; ok: boolean; detail?: string }[];
  endpoints: { api: string; cognito: string; lambda: string; dynamodb: string };
  config: string;
  sourcedClaims: Record<'admin' | 'reader', Record<string, unknown>>;
  idToken: { bytes: number; claims: Record<string, unknown> };
  accessToken: { bytes: number; claims: Record<string, unknown> };
  me: { status: number; body: { source: string; claims: Record<string, unknown> } };
  reader: { accessToken: { bytes: number; claims: Record<string, unknown> } };
  scopedRoute: { admin: number; reader: number };
  tampered: { status: number };
  cognitoOperations: string[];
  cognitoOperationsDuringApiCalls: string[];
}

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Every process holding the run's output has ended (tsx, and the script it runs). */
  closed: Promise<void>;
  /** Set in the environment of the run, which every process it starts inherits. */
  marker: string;
}

const MARKER = 'COGNITO_CLAIMS_E2E_RUN';

/**
 * @param detached a process group of its own, so a test can signal the whole group as a
 *   terminal does (Ctrl-C, hangup) rather than only the tsx parent.
 * @param command what starts the run: the script as package.json runs it, or `npm start`.
 */
const startRun = (args: string[], detached = false, command = START_COMMAND): Run => {
  let output = '';
  const marker = randomUUID();
  const [program = process.execPath, ...startArgs] = command;
  const child = spawn(program, [...startArgs, ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      CLAIMS_CONFIG: '',
      [MARKER]: marker,
      npm_config_update_notifier: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return { child, output: () => output, exited, closed, marker };
};

/** Pids of live processes whose environment carries the run's marker. */
const markedProcesses = (marker: string): number[] =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'latin1')
          .split('\0')
          .includes(`${MARKER}=${marker}`);
      } catch {
        return false; // gone, or a zombie
      }
    })
    .map(Number);

/**
 * What the run left running once it ended (waiting briefly for processes already on their way
 * out). Whatever is left is killed here, by pid, so a failing test still stops everything.
 */
const survivors = async (run: Run): Promise<number[]> => {
  // A run that never ends must not hold the test up: what it left is counted and killed anyway.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    run.closed,
    new Promise((resolve) => {
      timer = setTimeout(resolve, 20_000);
    }),
  ]);
  clearTimeout(timer);
  const deadline = Date.now() + 3000;
  let left = markedProcesses(run.marker);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = markedProcesses(run.marker);
  }
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return left;
};

/** The process running scripts/start.ts itself (not a tsx parent that may sit above it). */
const scriptPid = (run: Run): number | undefined =>
  markedProcesses(run.marker).find((pid) => {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return (
        command.includes('scripts/start.ts') && !command.some((arg) => arg.endsWith('cli.mjs'))
      );
    } catch {
      return false;
    }
  });

const waitForOutput = async (run: Run, text: string, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (!run.output().includes(text) && Date.now() < deadline) {
    if (run.child.exitCode !== null) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return run.output().includes(text);
};

/** Waits for the run to end; kills it (and, through its signal handler, its services) if late. */
const finish = async (run: Run, timeoutMs: number): Promise<number | null> => {
  const timer = setTimeout(() => run.child.kill('SIGTERM'), timeoutMs);
  const code = await run.exited;
  clearTimeout(timer);
  return code;
};

const listening = (url: string): Promise<boolean> =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const readTokens = (dir: string) =>
  ['id-token', 'access-token', 'reader-access-token'].map((file) =>
    registerSecret(readFileSync(join(dir, file), 'utf8')),
  );

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cognito-claims-start-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// `npm test` builds first; a lone `npx jest tests/e2e` builds when the bundles are missing.
const buildArgs = BUNDLES.every((name) => existsSync(join(ROOT, 'dist', name, 'index.js')))
  ? ['--skip-build']
  : [];

describe('npm start', () => {
  it('signs in, reads the enriched claims through the verifying authorizer and stops everything (--once)', async () => {
    // Prepare
    const state = join(dir, 'once');
    const reportFile = join(dir, 'once.json');

    // Act
    const run = startRun(['--once', '--state-dir', state, '--report', reportFile, ...buildArgs]);
    const code = await finish(run, 55_000);

    // Assess
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    expect({ code, failed: report.steps.filter((s) => !s.ok) }).toEqual({ code: 0, failed: [] });
    const typed = { tenant_id: 'tenant-demo', roles: ['admin', 'editor'], employee_number: 1042 };
    // From each user's item in dynalite (the demo config's "account" source), not the profile.
    const fromTable = {
      plan: 'pro',
      entitlements: ['reports', 'exports', 'audit-log'],
      seat_limit: 25,
    };
    expect(report.config).toBe('scripts/local/demo-claims.config.json');
    expect(report.triggerVersion).toBe('V2_0');
    expect(report.idToken.claims).toMatchObject({ ...typed, token_use: 'id' });
    expect(report.accessToken.claims).toMatchObject({ ...typed, ...fromTable });
    expect(report.reader.accessToken.claims).toMatchObject({
      plan: 'starter',
      entitlements: ['reports'],
      seat_limit: 5,
    });
    expect(report.sourcedClaims).toEqual({
      admin: fromTable,
      reader: { plan: 'starter', entitlements: ['reports'], seat_limit: 5 },
    });
    expect(report.steps.map((step) => step.name)).toEqual(
      expect.arrayContaining(['dynalite', 'the access tokens carry the claims from the table']),
    );
    expect(
      report.steps.find((step) => step.name.startsWith('cognito-claims doctor'))?.detail,
    ).toMatch(/table Accounts \(source "account"\): ok/);
    expect(report.idToken.claims).not.toHaveProperty('plan');
    expect(report.idToken.claims).not.toHaveProperty('entitlements');
    expect(report.tokenUse).toBe('access');
    expect(report.me.status).toBe(200);
    expect(report.me.body.source).toBe('lambda-authorizer');
    expect(report.me.body.claims).toMatchObject({ ...typed, ...fromTable, token_use: 'access' });
    // Scopes by group: the admin's role, permissions and items/write, the reader's without it.
    expect(report.accessToken.claims).toMatchObject({
      role: 'admin',
      permissions: ['items:read', 'items:write'],
      'cognito:groups': ['admins'],
    });
    expect(String(report.accessToken.claims.scope).split(' ')).toEqual(
      expect.arrayContaining(['items/read', 'items/write']),
    );
    expect(report.reader.accessToken.claims).toMatchObject({
      role: 'member',
      permissions: ['items:read'],
      'cognito:groups': ['readers'],
    });
    expect(String(report.reader.accessToken.claims.scope).split(' ')).toContain('items/read');
    expect(String(report.reader.accessToken.claims.scope).split(' ')).not.toContain('items/write');
    expect(report.scopedRoute).toEqual({ admin: 200, reader: 403 });
    expect(report.tampered.status).toBe(401);
    expect(report.cognitoOperations).toContain('InitiateAuth');
    expect(report.cognitoOperationsDuringApiCalls).not.toContain('GetUser');
    expect(report.cognitoOperationsDuringApiCalls).toEqual([]);
    expect(run.output()).toMatch(/as published applies only V1/);
    const tokens = readTokens(state);
    for (const token of tokens) expect(run.output()).not.toContain(token);
    for (const log of ['cognito-local.log', 'serverless-offline.log', 'dynalite.log']) {
      const text = readFileSync(join(state, log), 'utf8');
      expect(text).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\./);
    }
    for (const url of Object.values(report.endpoints)) expect(await listening(url)).toBe(false);
    expect(await survivors(run)).toEqual([]);
  }, 60_000);

  it('shows the unpatched emulator with --v1: claims in the ID token only, as strings, typed by /me', async () => {
    // Prepare
    const state = join(dir, 'v1');
    const reportFile = join(dir, 'v1.json');

    // Act
    const run = startRun([
      '--once',
      '--v1',
      '--state-dir',
      state,
      '--report',
      reportFile,
      '--skip-build',
    ]);
    const code = await finish(run, 55_000);

    // Assess
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    readTokens(state);
    expect({ code, failed: report.steps.filter((s) => !s.ok) }).toEqual({ code: 0, failed: [] });
    expect(report.triggerVersion).toBe('V1_0');
    expect(report.idToken.claims).toMatchObject({
      tenant_id: 'tenant-demo',
      roles: '["admin","editor"]',
      employee_number: '1042',
    });
    expect(report.accessToken.claims).not.toHaveProperty('tenant_id');
    // The sourced claims are access-token claims, which V1 never customises.
    expect(report.accessToken.claims).not.toHaveProperty('entitlements');
    expect(report.idToken.claims).not.toHaveProperty('entitlements');
    expect(report.me.body.claims).toMatchObject({
      tenant_id: 'tenant-demo',
      roles: ['admin', 'editor'],
      employee_number: 1042,
      token_use: 'id',
    });
    // V1 adds no scopes: API Gateway's JWT authorizer refuses both on the scoped route.
    expect(report.scopedRoute).toEqual({ admin: 403, reader: 403 });
    expect(report.tampered.status).toBe(401);
    expect(report.cognitoOperationsDuringApiCalls).toEqual([]);
    expect(run.output()).toMatch(/cognito-local applies only V1/);
    expect(await survivors(run)).toEqual([]);
  }, 60_000);

  it('stays up until Ctrl-C, then stops cleanly', async () => {
    // Prepare
    const state = join(dir, 'interactive');
    const reportFile = join(dir, 'interactive.json');
    const run = startRun(['--state-dir', state, '--report', reportFile, '--skip-build']);
    await waitForOutput(run, 'Press Ctrl-C', 45_000);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    readTokens(state);
    const upBefore = await listening(report.endpoints.api);

    // Act
    run.child.kill('SIGINT');
    const code = await finish(run, 15_000);

    // Assess
    expect(report.ok).toBe(true);
    expect(upBefore).toBe(true);
    expect(code).toBe(0);
    expect(run.output()).toMatch(/stopped\.\s*$/);
    for (const url of Object.values(report.endpoints)) expect(await listening(url)).toBe(false);
    expect(await survivors(run)).toEqual([]);
  }, 60_000);

  it('stops everything on Ctrl-C even when the run is too busy to handle it at once', async () => {
    // Prepare
    const state = join(dir, 'busy');
    const reportFile = join(dir, 'busy.json');
    const run = startRun(['--state-dir', state, '--report', reportFile, '--skip-build'], true);
    const up = await waitForOutput(run, 'Press Ctrl-C', 45_000);
    readTokens(state);
    const script = scriptPid(run) ?? 0;
    // Held still, the script cannot run its signal handler for a while, as when busy or slow.
    process.kill(script, 'SIGSTOP');

    // Act
    process.kill(-(run.child.pid ?? 0), 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    try {
      process.kill(script, 'SIGCONT');
    } catch {
      // Already gone: killed while held, which is the failure this test is about.
    }
    const left = await survivors(run);

    // Assess
    expect(up).toBe(true);
    expect(script).toBeGreaterThan(0);
    expect(left).toEqual([]);
    expect(run.output()).toMatch(
      /SIGINT: stopping cognito-local, serverless-offline and dynalite\.\.\.\s+stopped\./,
    );
  }, 60_000);

  it('stops everything when the terminal hangs up (SIGHUP to the process group)', async () => {
    // Prepare
    const state = join(dir, 'hangup');
    const reportFile = join(dir, 'hangup.json');
    const run = startRun(['--state-dir', state, '--report', reportFile, '--skip-build'], true);
    const up = await waitForOutput(run, 'Press Ctrl-C', 45_000);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    readTokens(state);

    // Act
    process.kill(-(run.child.pid ?? 0), 'SIGHUP');
    const left = await survivors(run);

    // Assess
    expect(up).toBe(true);
    expect(left).toEqual([]);
    expect(run.output()).toMatch(
      /SIGHUP: stopping cognito-local, serverless-offline and dynalite\.\.\.\s+stopped\./,
    );
    for (const url of Object.values(report.endpoints)) expect(await listening(url)).toBe(false);
  }, 60_000);

  it('stops everything when npm, running npm start, gets SIGTERM', async () => {
    // Prepare: npm forwards SIGTERM only to its child, the shell running the script.
    const state = join(dir, 'npm-sigterm');
    const reportFile = join(dir, 'npm-sigterm.json');
    const run = startRun(
      ['--state-dir', state, '--report', reportFile, '--skip-build'],
      true,
      NPM_START,
    );
    const up = await waitForOutput(run, 'Press Ctrl-C', 45_000);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    readTokens(state);
    const script = scriptPid(run);

    // Act: to the npm process alone, as `kill <pid>` or a process manager sends it.
    run.child.kill('SIGTERM');
    await run.exited;
    const left = await survivors(run);

    // Assess
    expect(up).toBe(true);
    expect(script).toBeGreaterThan(0);
    expect(script).not.toBe(run.child.pid);
    expect(left).toEqual([]);
    expect(run.output()).toMatch(
      /stopping cognito-local, serverless-offline and dynalite\.\.\.\s+stopped\./,
    );
    for (const url of Object.values(report.endpoints)) expect(await listening(url)).toBe(false);
  }, 60_000);

  it('starts nothing more once Ctrl-C arrives while setup is still starting services', async () => {
    // Prepare
    const run = startRun(['--state-dir', join(dir, 'early'), '--skip-build'], true);
    const cognitoUp = await waitForOutput(run, '✓ cognito-local', 30_000);

    // Act
    process.kill(-(run.child.pid ?? 0), 'SIGINT');
    const left = await survivors(run);

    // Assess
    expect(cognitoUp).toBe(true);
    expect(left).toEqual([]);
    expect(run.output()).toMatch(/SIGINT: stopping/);
    expect(run.output()).not.toMatch(/✓ serverless-offline/);
  }, 60_000);

  it('stops everything and says so when the report cannot be written', async () => {
    // Prepare
    const state = join(dir, 'no-report');
    const reportFile = join(dir, 'no-such-folder', 'report.json');

    // Act
    const run = startRun(['--once', '--state-dir', state, '--report', reportFile, '--skip-build']);
    const code = await finish(run, 55_000);
    const left = await survivors(run);

    // Assess
    readTokens(state);
    expect(code).toBe(1);
    expect(left).toEqual([]);
    expect(run.output()).toMatch(/Every step worked\./);
    expect(run.output()).toMatch(/✗ could not write the report: ENOENT/);
    expect(existsSync(reportFile)).toBe(false);
  }, 60_000);
});
