/**
 * How many requests still invoke the Lambda authorizer once API Gateway caches its answers,
 * computed (not measured) from API Gateway's documented caching: the cache key is the identity
 * sources, here the Authorization header and `$context.routeKey`, and a request whose key was
 * answered less than the TTL ago gets that answer without an invocation ("Working with AWS Lambda
 * authorizers for HTTP APIs", "Caching authorizer responses"). An entry is not renewed by a hit.
 *
 * The mix: users each sending requests at random moments (a Poisson process) to routes picked at
 * random, each user's token an hour long, issued at a random moment before the window and
 * replaced when it expires. The cache runs for an hour before the window, so the figures are a
 * steady state, not a cold cache. Seeded: the same inputs give the same figures.
 */

export interface CacheMix {
  readonly users: number;
  readonly routes: number;
  readonly windowSeconds: number;
  /** Requests in the window, all users together. */
  readonly requests: number;
  readonly tokenSeconds: number;
  readonly seed: number;
}

export const DEFAULT_MIX: CacheMix = {
  users: 100,
  routes: 10,
  windowSeconds: 300,
  requests: 10_000,
  tokenSeconds: 3_600,
  seed: 13,
};

export interface CacheFigures {
  readonly ttlSeconds: number;
  readonly requests: number;
  readonly invocations: number;
  readonly perThousand: number;
}

/** mulberry32: a small seeded generator, so the computed figures never change between runs. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Request {
  readonly at: number;
  readonly user: number;
  readonly route: number;
}

export function simulateAuthorizerCache(
  ttlSeconds: number,
  mix: CacheMix = DEFAULT_MIX,
): CacheFigures {
  const next = random(mix.seed);
  const warmUp = mix.tokenSeconds;
  const start = -warmUp;
  const perUserRate = mix.requests / mix.windowSeconds / mix.users;
  const requests: Request[] = [];
  for (let user = 0; user < mix.users; user += 1) {
    for (let at = start - Math.log(1 - next()) / perUserRate; at < mix.windowSeconds; ) {
      requests.push({ at, user, route: Math.floor(next() * mix.routes) });
      at -= Math.log(1 - next()) / perUserRate;
    }
  }
  requests.sort((a, b) => a.at - b.at);
  // Each user's first token was issued up to one token lifetime before the warm-up began.
  const firstIssued = Array.from({ length: mix.users }, () => start - next() * mix.tokenSeconds);
  const tokenOf = (user: number, at: number) => {
    const issued = firstIssued[user] as number;
    const generation = Math.floor((at - issued) / mix.tokenSeconds);
    return `${user}.${generation}`;
  };
  // Cache key (token, route) → when its answer was stored.
  const cache = new Map<string, number>();
  let counted = 0;
  let invocations = 0;
  for (const request of requests) {
    const key = `${tokenOf(request.user, request.at)} ${request.route}`;
    const stored = cache.get(key);
    const hit = stored !== undefined && request.at - stored < ttlSeconds;
    if (!hit) cache.set(key, request.at);
    if (request.at < 0) continue;
    counted += 1;
    if (!hit) invocations += 1;
  }
  return {
    ttlSeconds,
    requests: counted,
    invocations,
    perThousand: (invocations / counted) * 1000,
  };
}

/** The TTLs the benchmark shows: the cache off (as before issue 13), the default, the maximum. */
export const CACHE_TTLS = [0, 300, 3_600] as const;

export function authorizerCacheFigures(mix: CacheMix = DEFAULT_MIX): CacheFigures[] {
  return CACHE_TTLS.map((ttl) => simulateAuthorizerCache(ttl, mix));
}
