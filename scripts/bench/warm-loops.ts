/**
 * Warm invocations: scripts/bench/warm-loop.cjs runs a bundle and the floor in turns in one fresh
 * process; a few such rounds, and the round whose ratio to the floor is the median of theirs
 * stands for all, so one busy spell on a shared machine skews a round, not the figure.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOAD_ENV } from './load-env';
import type { Timing } from './stats';

const execFileAsync = promisify(execFile);

export interface WarmSpec {
  readonly subject: string;
  readonly floor: string;
  /** A JSON file: the event, parsed afresh before each call as the Lambda runtime does. */
  readonly event: string;
  /** The file holds one event per line, taken in turn. */
  readonly eventLines?: boolean;
  readonly samples: number;
  readonly env?: Record<string, string>;
}

export interface WarmLoop {
  readonly subject: Timing;
  readonly floor: Timing;
  readonly answer: unknown;
  readonly peakRssBytes: number;
  /** Lines the function logged during the loop: a normal sign-in should write none. */
  readonly logLines: number;
  /** Each round's median against the floor's, in the order run. */
  readonly roundRatios?: readonly number[];
}

/** One round in a fresh process (asynchronously: a JWKS server the loop calls may be ours). */
export async function warmRound(spec: WarmSpec): Promise<WarmLoop> {
  const { stdout, stderr } = await execFileAsync(
    process.execPath,
    [
      join(__dirname, 'warm-loop.cjs'),
      JSON.stringify({
        warmup: Math.min(5_000, spec.samples),
        block: Math.min(1_000, spec.samples),
        ...spec,
        env: undefined,
      }),
    ],
    { env: { ...LOAD_ENV, ...spec.env }, maxBuffer: 64 * 1024 * 1024 },
  );
  const lines = `${stdout}\n${stderr}`.split('\n').filter((line) => line.trim() !== '');
  const result = lines.find((line) => line.startsWith('{"subject"'));
  if (!result) throw new Error(`warm loop printed no result:\n${lines.slice(-5).join('\n')}`);
  return { ...(JSON.parse(result) as Omit<WarmLoop, 'logLines'>), logLines: lines.length - 1 };
}

export function floorRatio(loop: WarmLoop): number {
  return loop.subject.median / loop.floor.median;
}

export async function warmLoop(spec: WarmSpec, rounds: number): Promise<WarmLoop> {
  const done: WarmLoop[] = [];
  for (let round = 0; round < rounds; round += 1) done.push(await warmRound(spec));
  const sorted = [...done].sort((a, b) => floorRatio(a) - floorRatio(b));
  const middle = sorted[Math.floor(sorted.length / 2)] as WarmLoop;
  return {
    ...middle,
    // The worst of the rounds: one noisy log line or memory peak is enough to show.
    logLines: Math.max(...done.map((loop) => loop.logLines)),
    peakRssBytes: Math.max(...done.map((loop) => loop.peakRssBytes)),
    roundRatios: done.map(floorRatio),
  };
}
