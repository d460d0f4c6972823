import { compileRoutes } from '../../../../shared/core/authorizer/route-table';
import { parseConfig } from '../../../../shared/core/config/parse-config';
import {
  createAuthorizerHandler,
  DEADLINE_MARGIN_MS,
} from '../../../../shared/runtime/authorizer/authorizer';
import { readAuthorizerSettings } from '../../../../shared/runtime/authorizer/settings';
import type { TokenVerifier } from '../../../../shared/runtime/authorizer/verifier';
import {
  createLogger,
  createMetrics,
  DENIAL_METRIC,
} from '../../../../shared/runtime/observability';
import { getTestEvent } from '../../../helpers/events';
import { capturedRecords, clearLogs } from '../../../helpers/log-capture';

const config = parseConfig({ claims: [], authorizer: { routes: { 'GET /me': {} } } });

/** The handler core with a verifier that returns `claims`, and the EMF lines it writes. */
const handlerWith = (verifier: TokenVerifier, mode: 'simple' | 'policy') => {
  const lines: string[] = [];
  const settings = readAuthorizerSettings(
    {
      JWT_ISSUER_URL: 'https://issuer.example.com/pool',
      JWT_AUDIENCE: 'web',
      AUTHORIZER_RESPONSE_MODE: mode,
    },
    config,
  );
  const handler = createAuthorizerHandler({
    setup: {
      ok: true,
      settings,
      verifier,
      config,
      routes: compileRoutes(config.authorizer.routes),
    },
    logger: createLogger('authorizer', {}),
    metrics: createMetrics('authorizer', {}, (line) => lines.push(line), DENIAL_METRIC),
  });
  return {
    handler,
    metrics: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
};

// Claims whose `sub` cannot even be read: what a bug in the verifier could hand over.
const poisoned: TokenVerifier = {
  verify: async () =>
    Object.defineProperty({}, 'sub', {
      enumerable: true,
      get: () => {
        throw new TypeError('boom');
      },
    }),
};

beforeEach(() => clearLogs());

describe('createAuthorizerHandler', () => {
  it('denies with INTERNAL_ERROR when its own code fails, naming the error, not its message', async () => {
    // Prepare
    const { handler, metrics } = handlerWith(poisoned, 'simple');

    // Act
    const result = await handler(getTestEvent('authorizer/http-api-v2'));

    // Assess
    expect(result).toEqual({ isAuthorized: false });
    const denied = capturedRecords().map((record) => record.denied as Record<string, unknown>);
    expect(denied).toEqual([
      expect.objectContaining({
        reason: 'INTERNAL_ERROR',
        errorName: 'TypeError',
        routeKey: 'GET /me',
      }),
    ]);
    expect(JSON.stringify(denied)).not.toContain('boom');
    expect(metrics().map((doc) => doc.code)).toEqual(['INTERNAL_ERROR', undefined]);
  });

  it.each([
    ['simple', 'authorizer/http-api-v2'],
    ['policy', 'authorizer/rest-token'],
  ] as const)(
    'denies as JWKS_UNAVAILABLE before the invocation runs out while the keys do not come (%s)',
    async (mode, eventName) => {
      // Prepare: a verification that never ends, as a JWKS that never answers; 300 ms left.
      const { handler, metrics } = handlerWith({ verify: () => new Promise(() => {}) }, mode);
      const context = { getRemainingTimeInMillis: () => DEADLINE_MARGIN_MS + 50 };

      // Act
      const run = handler(getTestEvent(eventName), context);

      // Assess: the documented denial, not middy's AbortError or Lambda's timeout.
      if (mode === 'simple') await expect(run).resolves.toEqual({ isAuthorized: false });
      else await expect(run).rejects.toThrow(/^Unauthorized$/);
      const denied = capturedRecords().map((record) => record.denied as Record<string, unknown>);
      expect(denied).toEqual([expect.objectContaining({ reason: 'JWKS_UNAVAILABLE' })]);
      expect(metrics().map((doc) => doc.code)).toEqual(['JWKS_UNAVAILABLE', undefined]);
    },
  );

  it('answers its own failure in policy mode with the Unauthorized error only', async () => {
    // Prepare
    const { handler } = handlerWith(poisoned, 'policy');

    // Act
    const run = handler(getTestEvent('authorizer/rest-token'));

    // Assess
    await expect(run).rejects.toThrow(/^Unauthorized$/);
  });

  it('counts a denial in the EMF shape of the triggers failure counts, per code and in total', async () => {
    // Prepare
    const { handler, metrics } = handlerWith({ verify: async () => ({ sub: 'u' }) }, 'simple');
    const event = getTestEvent<Record<string, unknown>>('authorizer/http-api-v2');
    event.routeKey = 'GET /other';

    // Act
    await handler(event);

    // Assess
    const [perCode, total] = metrics();
    expect(perCode).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          {
            Namespace: 'CognitoClaims',
            Dimensions: [['service', 'code']],
            Metrics: [{ Name: 'AuthorizerDenials', Unit: 'Count' }],
          },
        ],
      },
      service: 'authorizer',
      code: 'ROUTE_NOT_CONFIGURED',
      AuthorizerDenials: 1,
    });
    expect(total).toMatchObject({ service: 'authorizer', AuthorizerDenials: 1 });
    expect(total?.code).toBeUndefined();
  });

  it('counts nothing for an allowed request', async () => {
    // Prepare
    const { handler, metrics } = handlerWith({ verify: async () => ({ sub: 'u' }) }, 'simple');

    // Act
    const result = await handler(getTestEvent('authorizer/http-api-v2'));

    // Assess
    expect(result).toMatchObject({ isAuthorized: true });
    expect(metrics()).toEqual([]);
  });
});
