/**
 * The targets the benchmark holds the functions to (issue 7, revised by issue 11 for the default
 * deploy path: the bundles `npm run build` writes to dist/ from claims.config.json). A missed
 * target makes `npm run bench` exit 1, so a regression cannot pass unnoticed.
 */
import { bytes, fixed, printTable } from './format';
import type { ModuleLoads } from './module-load';
import type { Sizes } from './sizes';
import { floorRatio, type WarmLoop } from './warm-loops';

const KIB = 1024;

export const TARGETS = {
  preTokenBundleBytes: 48 * KIB,
  /** Against the floor, which pays for the same logger, middy and bundling. */
  triggerLoadRatio: 1.15,
  preTokenMedianUs: 20,
  preTokenP99Us: 100,
  /**
   * A regression guard, not a goal: the floor does no work at all, and even the hand-written
   * handler with no checks stands well above it, so the ratio only catches a step change.
   */
  preTokenFloorRatio: 3,
  authorizerMedianMs: 0.3,
} as const;

/** The triggers Cognito waits on at sign-in: their load is a user's wait. */
export const TRIGGERS = ['pre-token-generation', 'post-authentication', 'inbound-federation'];

export interface Target {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

export interface Measured {
  readonly sizes: Sizes;
  readonly loads: ModuleLoads;
  readonly preToken: WarmLoop;
  readonly authorizer: WarmLoop;
}

export function evaluateTargets({ sizes, loads, preToken, authorizer }: Measured): Target[] {
  const floorLoad = loads.timings.floor?.median ?? Number.NaN;
  const preTokenBytes = sizes.sizes['pre-token-generation']?.bytes ?? Number.POSITIVE_INFINITY;
  const sdkBundles = sizes.functions.filter((name) => sizes.sizes[name]?.awsSdk);
  const warmRatio = floorRatio(preToken);
  return [
    {
      target: `pre-token-generation bundle <= ${TARGETS.preTokenBundleBytes / KIB} KiB (${bytes(TARGETS.preTokenBundleBytes)} B)`,
      measured: `${bytes(preTokenBytes)} B`,
      met: preTokenBytes <= TARGETS.preTokenBundleBytes,
    },
    {
      target: 'no function bundle contains the AWS SDK (tooling may)',
      measured: sdkBundles.length === 0 ? 'none does' : sdkBundles.join(', '),
      met: sdkBundles.length === 0,
    },
    ...TRIGGERS.map((name) => {
      const ratio = (loads.timings[name]?.median ?? Number.NaN) / floorLoad;
      return {
        target: `${name} module load <= ${TARGETS.triggerLoadRatio}x floor`,
        measured: `${fixed(ratio, 2)}x`,
        met: ratio <= TARGETS.triggerLoadRatio,
      };
    }),
    {
      target: `warm pre token generation median <= ${TARGETS.preTokenMedianUs} µs`,
      measured: `${fixed(preToken.subject.median, 1)} µs`,
      met: preToken.subject.median <= TARGETS.preTokenMedianUs,
    },
    {
      target: `warm pre token generation p99 <= ${TARGETS.preTokenP99Us} µs`,
      measured: `${fixed(preToken.subject.p99, 1)} µs`,
      met: preToken.subject.p99 <= TARGETS.preTokenP99Us,
    },
    {
      target: `warm pre token generation median within ${TARGETS.preTokenFloorRatio}x floor (regression guard)`,
      measured: `${fixed(warmRatio, 2)}x`,
      met: warmRatio <= TARGETS.preTokenFloorRatio,
    },
    {
      target: `authorizer verify + claims median <= ${TARGETS.authorizerMedianMs} ms`,
      measured: `${fixed(authorizer.subject.median / 1000, 3)} ms`,
      met: authorizer.subject.median / 1000 <= TARGETS.authorizerMedianMs,
    },
  ];
}

export function printTargets(targets: readonly Target[]): void {
  console.log('\nTargets (issue 7, as revised by issue 11)');
  printTable(
    ['target', 'measured', ''],
    targets.map(({ target, measured, met }) => [target, measured, met ? 'met' : 'MISSED']),
  );
}
