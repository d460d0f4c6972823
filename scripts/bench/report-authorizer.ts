/**
 * The authorizer's rows beside the warm tables (issue 13): its cost on first sight of a token
 * against a floor measured in the same run, and how many requests invoke it at all once API
 * Gateway caches its answers per token and route (computed, not measured).
 */
import type { CacheFigures, CacheMix } from './authorizer-cache';
import {
  FIRST_SIGHT_FLOOR_RATIO,
  type FirstSight,
  firstSightRatio,
} from './authorizer-first-sight';
import { bytes, fixed, printTable } from './format';
import type { Target } from './targets';

const TTL_LABELS: Readonly<Record<number, string>> = {
  0: 'cache off (TTL 0, as before issue 13)',
  300: 'TTL 300 s (serverless.yml default)',
  3600: 'TTL 3,600 s (the most API Gateway allows)',
};

export function printAuthorizerRows(
  firstSight: FirstSight,
  cache: readonly CacheFigures[],
  mix: CacheMix,
): void {
  const { loop } = firstSight;
  console.log(
    `\nThe authorizer on first sight of a token (a new token every call, ${bytes(firstSight.tokens)} in turn; the floor is the empty handler plus Node's crypto.verify of the same RS256 token and JSON.parse of its parts, in turns in the same process)`,
  );
  printTable(
    ['function', 'calls', 'median', 'p99', 'floor median', 'vs floor', 'each round'],
    [
      [
        'authorizer: verify + route + typed claims',
        bytes(loop.subject.samples),
        `${fixed(loop.subject.median, 1)} µs`,
        `${fixed(loop.subject.p99, 1)} µs`,
        `${fixed(loop.floor.median, 1)} µs`,
        `${fixed(firstSightRatio(firstSight), 2)}x`,
        (loop.roundRatios ?? []).map((ratio) => fixed(ratio, 2)).join(' '),
      ],
    ],
  );
  console.log(
    `\nLambda authorizer invocations per 1,000 requests (computed from API Gateway's documented caching, not measured): ${mix.users} users x ${mix.routes} routes, ${bytes(mix.requests)} requests in ${mix.windowSeconds / 60} minutes, tokens ${mix.tokenSeconds / 3600} h long, cache keyed by token and route`,
  );
  printTable(
    ['API Gateway cache', 'requests', 'invocations', 'per 1,000 requests'],
    cache.map((figures) => [
      TTL_LABELS[figures.ttlSeconds] ?? `TTL ${figures.ttlSeconds} s`,
      bytes(figures.requests),
      bytes(figures.invocations),
      fixed(figures.perThousand, 0),
    ]),
  );
}

export function authorizerTargets(firstSight: FirstSight): Target[] {
  const ratio = firstSightRatio(firstSight);
  return [
    {
      target: `authorizer on first sight of a token within ${FIRST_SIGHT_FLOOR_RATIO}x its floor (empty handler + crypto.verify + JSON.parse)`,
      measured: `${fixed(ratio, 2)}x`,
      met: ratio <= FIRST_SIGHT_FLOOR_RATIO,
    },
  ];
}
