import {
  authorizerCacheFigures,
  DEFAULT_MIX,
  simulateAuthorizerCache,
} from '../../../scripts/bench/authorizer-cache';

describe('simulateAuthorizerCache', () => {
  it('invokes the authorizer for every request with the cache off', () => {
    // Act
    const figures = simulateAuthorizerCache(0);

    // Assess
    expect(figures.invocations).toBe(figures.requests);
    expect(figures.perThousand).toBe(1000);
  });

  it('invokes it about once per token, route and TTL once the cache is on', () => {
    // Act
    const figures = simulateAuthorizerCache(300);

    // Assess: 100 users x 10 routes, each key answered at most about once per 300 s window.
    const keys = DEFAULT_MIX.users * DEFAULT_MIX.routes;
    expect(figures.invocations).toBeGreaterThan(keys * 0.8);
    expect(figures.invocations).toBeLessThan(keys * 1.2);
  });

  it('caches per token and route: more routes, more invocations for the same requests', () => {
    // Act
    const one = simulateAuthorizerCache(300, { ...DEFAULT_MIX, routes: 1 });
    const ten = simulateAuthorizerCache(300, { ...DEFAULT_MIX, routes: 10 });

    // Assess
    expect(ten.invocations).toBeGreaterThan(one.invocations * 5);
  });

  it('still invokes it for a new token before the TTL has run out', () => {
    // Act
    const longTokens = simulateAuthorizerCache(3_600, { ...DEFAULT_MIX, tokenSeconds: 86_400 });
    const hourTokens = simulateAuthorizerCache(3_600, DEFAULT_MIX);

    // Assess
    expect(hourTokens.invocations).toBeGreaterThan(longTokens.invocations);
  });

  it('gives the same figures every run, and fewer invocations the longer the TTL', () => {
    // Act
    const first = authorizerCacheFigures();
    const second = authorizerCacheFigures();

    // Assess
    expect(second).toEqual(first);
    const perThousand = first.map((figures) => figures.perThousand);
    expect([...perThousand].sort((a, b) => b - a)).toEqual(perThousand);
  });
});
