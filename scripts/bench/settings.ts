/**
 * Where the benchmark reads and writes, and how many samples it takes. The defaults are the
 * published run; the environment shrinks them (tests/integration/bench.test.ts) or grows them.
 */
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const DIST = join(ROOT, 'dist');
export const FIXTURES = join(ROOT, 'bench', 'fixtures');

export interface BenchSettings {
  /** Where bench/results.json goes. */
  readonly results: string;
  /** Fresh processes per bundle for the module load. */
  readonly coldRuns: number;
  /** Fresh processes per warm loop: a busy spell on a shared machine skews one, not the figure. */
  readonly rounds: number;
  readonly warmSamples: number;
  readonly authorizerSamples: number;
  readonly getUserCalls: number;
}

export function benchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  return {
    results: env.BENCH_RESULTS ?? join(ROOT, 'bench', 'results.json'),
    coldRuns: Number(env.BENCH_COLD_RUNS ?? 21),
    rounds: Number(env.BENCH_ROUNDS ?? 3),
    warmSamples: Number(env.BENCH_WARM_SAMPLES ?? 50_000),
    authorizerSamples: Number(env.BENCH_AUTHORIZER_SAMPLES ?? 20_000),
    getUserCalls: Number(env.BENCH_GET_USER_CALLS ?? 1_000),
  };
}
