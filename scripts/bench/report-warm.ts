/**
 * The warm tables: per-call cost of each function beside the floor it ran in turns with, then the
 * downstream saving, the authorizer against a GetUser call per request.
 */
import { bytes, fixed, printTable } from './format';
import type { PreTokenRulesWarm } from './pre-token-rules-warm';
import type { Timing } from './stats';
import { floorRatio, type WarmLoop } from './warm-loops';

export interface WarmFigures {
  readonly claims: number;
  readonly rounds: number;
  readonly preToken: WarmLoop;
  readonly handWritten: WarmLoop;
  /** The same event through a config with conditions, a group map and transforms. */
  readonly preTokenRules?: PreTokenRulesWarm;
  readonly postAuthentication: WarmLoop;
  readonly authorizer: WarmLoop;
  readonly getUser: Timing;
}

function microseconds(t: Timing): string[] {
  return [`${fixed(t.median, 1)} µs`, `${fixed(t.p99, 1)} µs`];
}

function warmRow(label: string, loop: WarmLoop): string[] {
  return [
    label,
    bytes(loop.subject.samples),
    ...microseconds(loop.subject),
    `${fixed(loop.floor.median, 1)} µs`,
    `${fixed(floorRatio(loop), 2)}x`,
    (loop.roundRatios ?? []).map((ratio) => fixed(ratio, 2)).join(' '),
    `${fixed(loop.peakRssBytes / 2 ** 20, 1)} MiB`,
  ];
}

/** How many times the authorizer's median a GetUser call takes. */
export function getUserVsAuthorizer(figures: WarmFigures): number {
  return figures.getUser.median / figures.authorizer.subject.median;
}

export function printWarm(figures: WarmFigures): void {
  console.log(
    `\nWarm invocations (per call, after warm-up; the floor ran in turns in the same process; median round of ${figures.rounds})`,
  );
  printTable(
    ['function', 'calls', 'median', 'p99', 'floor median', 'vs floor', 'each round', 'peak RSS'],
    [
      warmRow(
        `pre-token-generation: V2, 40 attributes, ${figures.claims} claims`,
        figures.preToken,
      ),
      ...(figures.preTokenRules
        ? [
            warmRow(
              `  with claim rules: ${figures.preTokenRules.rules} rules, ${figures.preTokenRules.shaped} with when, map or transform`,
              figures.preTokenRules.loop,
            ),
          ]
        : []),
      warmRow('  for scale: the same claims by hand, no checks', figures.handWritten),
      warmRow('post-authentication: two JWT IdP tokens', figures.postAuthentication),
      warmRow('authorizer: verify (RS256) + typed claims', figures.authorizer),
    ],
  );
  console.log(
    '\nThe downstream saving: claims from the verified token, or a GetUser call per request',
  );
  printTable(
    ['way', 'calls', 'median', 'p99'],
    [
      [
        'authorizer: verify + typed claims',
        bytes(figures.authorizer.subject.samples),
        ...microseconds(figures.authorizer.subject),
      ],
      [
        'GetUser, cognito-local on loopback',
        bytes(figures.getUser.samples),
        ...microseconds(figures.getUser),
      ],
    ],
  );
  console.log(
    `  GetUser takes ${fixed(getUserVsAuthorizer(figures), 1)}x the authorizer's time here, and loopback flatters it: in AWS it is a network round trip\n  (milliseconds, not microseconds) and counts against a quota of 120 requests per second per account.`,
  );
}
