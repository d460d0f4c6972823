/**
 * Child processes for the local run: each one in its own process group (so stopping it stops
 * whatever it started), its output kept in a log file, and a wait for the line that says it is
 * ready.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';

/** A port nothing listens on right now, on 127.0.0.1. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

export interface Service {
  readonly name: string;
  readonly pid: number;
  /** Everything the process wrote so far (colours removed). */
  output(): string;
  /** Calls back for every complete line the process writes from now on. */
  onLine(listener: (line: string) => void): void;
  running(): boolean;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly logFile: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colours
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/g;
const PASSWORD = /("(?:Password|PASSWORD|TemporaryPassword)"\s*:\s*)"[^"]*"/g;

/** The emulator's DEBUG output quotes tokens and passwords: never written as they are. */
export const redact = (line: string): string =>
  line.replace(JWT, '<jwt redacted>').replace(PASSWORD, '$1"<redacted>"');

export const startService = (options: ServiceOptions): Service => {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child: ChildProcess = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`${options.name} could not be started`);
  const pid = child.pid;
  let output = '';
  let partial = '';
  const listeners: ((line: string) => void)[] = [];
  const take = (lines: readonly string[]) => {
    for (const raw of lines) {
      const line = redact(raw.replace(ANSI, ''));
      log.write(`${line}\n`);
      output += `${line}\n`;
      for (const listener of listeners) listener(line);
    }
  };
  // Whole lines only, so a token split across two chunks is still redacted.
  const onData = (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    take(lines);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  };

  return {
    name: options.name,
    pid,
    output: () => output,
    onLine: (listener) => {
      listeners.push(listener);
    },
    running,
    async stop() {
      if (running()) {
        signalGroup('SIGTERM');
        const timer = setTimeout(() => signalGroup('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      // Whatever the process left behind in its group.
      signalGroup('SIGKILL');
      if (partial !== '') take([partial]);
      partial = '';
      await new Promise<void>((resolve) => log.end(() => resolve()));
    },
  };
};

/** Resolves once the output matches, rejects if the process exits or time runs out first. */
export const waitForOutput = async (
  service: Service,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpMatchArray> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = service.output().match(pattern);
    if (match) return match;
    if (!service.running()) {
      throw new Error(
        `${service.name} exited before it was ready:\n${service.output().slice(-1500)}`,
      );
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${service.name} not ready after ${timeoutMs} ms:\n${service.output().slice(-1500)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

export interface ServiceGroup {
  /** Starts a service and keeps it for `stopAll`. @throws once stopping has begun. */
  start(options: ServiceOptions): Service;
  /** Stops every service, including any started while it runs; the same promise every call. */
  stopAll(): Promise<void>;
  /** Whether `stopAll` has been called. */
  stopping(): boolean;
  /** The services still held (not yet handed to a stop). */
  list(): readonly Service[];
}

/**
 * The services of one run. A Ctrl-C can arrive while setup is between two starts: once stopping
 * has begun, nothing new is started, so nothing outlives the run.
 */
export const createServiceGroup = (): ServiceGroup => {
  const services: Service[] = [];
  let stopped: Promise<void> | undefined;
  const stopEvery = async () => {
    // Last started, first stopped; loop in case one was added while the others stopped.
    while (services.length > 0) {
      const batch = services.splice(0).reverse();
      await Promise.all(batch.map((service) => service.stop()));
    }
  };
  return {
    start(options) {
      if (stopped) throw new Error(`not starting ${options.name}: stopping`);
      const service = startService(options);
      services.push(service);
      return service;
    },
    stopAll() {
      stopped ??= stopEvery();
      return stopped;
    },
    stopping: () => stopped !== undefined,
    list: () => [...services],
  };
};
