/**
 * Cold start: what a fresh process pays to require() each bundle. The modules take turns, run
 * after run, so a busy moment on a shared machine falls on all of them, the floor included.
 */
import { spawnSync } from 'node:child_process';
import { LOAD_ENV } from './load-env';
import { type Timing, timing } from './stats';

export interface ModuleLoads {
  /** Milliseconds per fresh process, by module name, in the order run. */
  readonly samples: Record<string, number[]>;
  readonly timings: Record<string, Timing>;
}

/** Milliseconds to require() the module in a fresh process. */
export function loadOnce(modulePath: string): number {
  const code = `const t=process.hrtime.bigint();require(${JSON.stringify(modulePath)});process.stdout.write('\\n'+String(Number(process.hrtime.bigint()-t)/1e6));`;
  const child = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env: LOAD_ENV });
  if (child.status !== 0) throw new Error(`could not load ${modulePath}: ${child.stderr}`);
  return Number(child.stdout.trim().split('\n').pop());
}

export function measureModuleLoads(
  modules: Readonly<Record<string, string>>,
  runs: number,
): ModuleLoads {
  const samples: Record<string, number[]> = Object.fromEntries(
    Object.keys(modules).map((name) => [name, []]),
  );
  for (let run = 0; run < runs; run += 1) {
    for (const [name, path] of Object.entries(modules)) samples[name]?.push(loadOnce(path));
  }
  const timings = Object.fromEntries(
    Object.entries(samples).map(([name, values]) => [name, timing(values)]),
  );
  return { samples, timings };
}
