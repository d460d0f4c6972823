import fc from 'fast-check';
import { parseConfig } from '../../shared/core/config/parse-config';
import { characterLength } from '../../shared/core/idp/length';
import { loadConfig } from '../../shared/runtime/config/load-config';
import {
  createFailureRecorder,
  createLogger,
  createMetrics,
} from '../../shared/runtime/observability';
import { createInboundFederationHandler } from '../../shared/runtime/triggers/inbound-federation';
import { createPostAuthenticationHandler } from '../../shared/runtime/triggers/post-authentication';
import { clearLogs } from '../helpers/log-capture';

// Small limits so that over-limit values are common without megabytes of input.
const CONFIG = {
  claims: [],
  idpTokens: [
    { attribute: 'custom:id_token', idpAttribute: 'id_token', format: 'jwt', maxLength: 40 },
    {
      attribute: 'custom:access_token',
      idpAttribute: 'access_token',
      format: 'opaque',
      maxLength: 30,
      onOverLimit: 'truncate',
    },
  ],
  providers: { AcmeAzure: { expectedAttributes: ['email'] } },
  federation: { maxLength: 50 },
};
const parsed = parseConfig(CONFIG);
const config = loadConfig({ CLAIMS_CONFIG: JSON.stringify(CONFIG) });

const deps = (service: string) => {
  const logger = createLogger(service);
  return { config, logger, recorder: createFailureRecorder(logger, createMetrics(service)) };
};
const postAuthentication = createPostAuthenticationHandler({
  ...deps('post-authentication'),
  now: () => 1_763_800_000_000,
});
const inboundFederation = createInboundFederationHandler(deps('inbound-federation'));

const value = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.nat(200).map((n) => 'v'.repeat(n)),
);
const key = fc.oneof(
  fc.constantFrom(
    'id_token',
    'access_token',
    'refresh_token',
    'email',
    'sub',
    'groups',
    '__proto__',
  ),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const source = fc.dictionary(key, value, { maxKeys: 8 });

afterEach(() => clearLogs());

describe('IdP token guard invariants', () => {
  it('post authentication never throws and returns any input unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (event) => {
        const before = structuredClone(event);
        const result = await postAuthentication(event);
        expect(result).toBe(event);
        expect(result).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('post authentication never throws on arbitrary federated attributes', async () => {
    const attributes = fc.record({
      sub: fc.uuid(),
      'cognito:user_status': fc.constantFrom('EXTERNAL_PROVIDER', 'CONFIRMED', 'x'),
      identities: fc.oneof(
        fc.string(),
        fc.json(),
        fc.constant('[{"providerName":"AcmeAzure","primary":true}]'),
      ),
      'custom:id_token': value,
      'custom:access_token': value,
    });
    await fc.assert(
      fc.asyncProperty(attributes, fc.option(fc.string()), async (userAttributes, userName) => {
        const event = {
          triggerSource: 'PostAuthentication_Authentication',
          userName,
          request: { userAttributes },
          response: {},
        };
        const before = structuredClone(event);
        expect(await postAuthentication(event)).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('inbound federation never throws and always answers with a string map', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (event) => {
        const result = await inboundFederation(event);
        expect(result).toBe(event);
        if (typeof event === 'object' && event !== null && !Array.isArray(event)) {
          const map = (result as { response: { userAttributesToMap: unknown } }).response
            .userAttributesToMap;
          expect(Object.values(map as object).every((v) => typeof v === 'string')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('inbound federation never drops an attribute it should keep', async () => {
    const attributes = fc.record(
      { tokenResponse: source, idToken: source, userInfo: source, samlResponse: source },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(attributes, async (attrs) => {
        const event = {
          triggerSource: 'InboundFederation_ExternalProvider',
          request: { providerName: 'AcmeAzure', providerType: 'OIDC', attributes: attrs },
          response: { userAttributesToMap: {} },
        };
        const input = new Map<string, { value: string; source: string }>();
        for (const name of ['tokenResponse', 'idToken', 'userInfo', 'samlResponse'] as const) {
          for (const [k, v] of Object.entries(attrs[name] ?? {}))
            input.set(k, { value: v, source: name });
        }
        const result = await inboundFederation(event);
        const map = result.response.userAttributesToMap as Record<string, string>;
        const limitOf = (k: string) =>
          parsed.idpTokens.find((rule) => rule.idpAttribute === k)?.maxLength ??
          parsed.federation.maxLength;
        const anyOver = [...input].some(([k, { value: v }]) => characterLength(v) > limitOf(k));
        if (!anyOver) {
          // `{}`: Cognito keeps every attribute exactly as sent.
          expect(map).toEqual({});
          return;
        }
        // A non-empty answer: `{}` would keep the oversized values and fail the sign-in.
        expect(Object.keys(map).length).toBeGreaterThan(0);
        for (const [k, { value: v }] of input) {
          const limit = limitOf(k);
          if (characterLength(v) <= limit) {
            expect(Object.hasOwn(map, k)).toBe(true);
            expect(map[k]).toBe(v);
          } else if (Object.hasOwn(map, k)) {
            expect(v.startsWith(map[k] as string)).toBe(true);
            expect(characterLength(map[k] as string)).toBe(limit);
          }
        }
        expect(Object.keys(map).every((k) => input.has(k))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
