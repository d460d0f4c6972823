/**
 * Starts a real cognito-local (the offline Cognito emulator) on a free loopback port in its own
 * temporary state folder, and stops it. Every test that starts one must call `stop()`.
 * Clients talk to it through a small loopback proxy that records each operation's
 * `x-amz-target` before forwarding it, so `operations()` is exact the moment a call returns.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/local/processes';

const START = require.resolve('cognito-local/lib/bin/start.js');

export interface CognitoLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly dir: string;
  /** The operations sent to the emulator, in order (e.g. "GetUser"). */
  operations(): string[];
  stop(): Promise<void>;
}

export interface CognitoLocalOptions {
  /** Written to .cognito/config.json (e.g. LambdaClient and TriggerFunctions). */
  readonly config?: Record<string, unknown>;
  readonly port?: number;
  readonly timeoutMs?: number;
}

export const startCognitoLocal = async (
  options: CognitoLocalOptions = {},
): Promise<CognitoLocal> => {
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'cognito-local-'));
  mkdirSync(join(dir, '.cognito'), { recursive: true });
  if (options.config) {
    writeFileSync(join(dir, '.cognito', 'config.json'), JSON.stringify(options.config, null, 2));
  }
  const child: ChildProcess = spawn(process.execPath, [START], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const operations: string[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const proxy = countingProxy(port, operations);
  const stop = async () => {
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  while (!output.includes('Cognito Local running on')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`cognito-local did not start on port ${port}:\n${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const proxyPort = await new Promise<number>((resolve) => {
    proxy.listen(0, '127.0.0.1', () => {
      const address = proxy.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    endpoint: `http://127.0.0.1:${proxyPort}`,
    port,
    dir,
    operations: () => [...operations],
    stop,
  };
};

/** Forwards every request to the emulator, noting the API operation first. */
const countingProxy = (port: number, operations: string[]): Server =>
  createHttpServer((incoming, outgoing) => {
    const target = incoming.headers['x-amz-target'];
    if (typeof target === 'string') operations.push(target.split('.').pop() ?? target);
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: `127.0.0.1:${port}` },
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', () => {
      outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(upstream);
  });
