/**
 * bench/results.json: every figure the tables show, with the machine and the budget they were
 * measured with, so a later run can be compared to this one field by field.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { CacheFigures } from './authorizer-cache';
import type { FirstSight } from './authorizer-first-sight';
import type { ModuleLoads } from './module-load';
import type { PreTokenWarm } from './pre-token-warm';
import { getUserVsAuthorizer, type WarmFigures } from './report-warm';
import type { BenchSettings } from './settings';
import type { Sizes } from './sizes';
import type { Target } from './targets';

export interface RunFigures {
  readonly seconds: number;
  readonly settings: BenchSettings;
  readonly sizes: Sizes;
  readonly loads: ModuleLoads;
  readonly preTokenWarm: PreTokenWarm;
  readonly warm: WarmFigures;
  readonly targets: readonly Target[];
  readonly authorizerFirstSight?: FirstSight;
  /** Computed, not measured: invocations per 1,000 requests behind API Gateway's cache. */
  readonly authorizerCache?: readonly CacheFigures[];
}

/** The answers are dropped: they are the same event every call, checked already. */
export function writeResults(path: string, run: RunFigures): void {
  const { settings, warm } = run;
  const results = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim(),
    seconds: run.seconds,
    settings: {
      coldRuns: settings.coldRuns,
      rounds: settings.rounds,
      warmSamples: settings.warmSamples,
      authorizerSamples: settings.authorizerSamples,
      getUserCalls: settings.getUserCalls,
    },
    sizes: run.sizes.sizes,
    tooling: run.sizes.tooling,
    loadMs: run.loads.timings,
    warmUs: {
      preTokenGeneration: {
        ...warm.preToken,
        answer: undefined,
        claimsAdded: run.preTokenWarm.added,
      },
      handWrittenPreTokenGeneration: { ...warm.handWritten, answer: undefined },
      ...(warm.preTokenRules
        ? {
            preTokenGenerationRules: {
              ...warm.preTokenRules.loop,
              answer: undefined,
              rules: warm.preTokenRules.rules,
              rulesWithWhenMapOrTransform: warm.preTokenRules.shaped,
              claimsAdded: warm.preTokenRules.added,
            },
          }
        : {}),
      postAuthentication: { ...warm.postAuthentication, answer: undefined },
      authorizer: { ...warm.authorizer, answer: undefined },
      ...(run.authorizerFirstSight
        ? { authorizerFirstSight: { ...run.authorizerFirstSight.loop, answer: undefined } }
        : {}),
    },
    ...(run.authorizerFirstSight
      ? { authorizerFirstSightTokens: run.authorizerFirstSight.tokens }
      : {}),
    ...(run.authorizerCache ? { authorizerCacheComputed: run.authorizerCache } : {}),
    getUserUs: warm.getUser,
    getUserVsAuthorizer: getUserVsAuthorizer(warm),
    targets: run.targets,
  };
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
