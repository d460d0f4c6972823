/**
 * Invariants of the Pre Token Generation trigger over generated configs and events, through the
 * same factory the deployed handler uses (real logger, metrics and failure recorder).
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { claimsBytes } from '../../shared/core/claims/build-response';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { reservedReason, scopeAddReason, type TokenKind } from '../../shared/core/cognito';
import { parseConfig } from '../../shared/core/config/parse-config';
import { ErrorCode } from '../../shared/core/errors';
import type { ConfigResult } from '../../shared/runtime/config/load-config';
import {
  createFailureRecorder,
  createLogger,
  createMetrics,
} from '../../shared/runtime/observability';
import { createPreTokenGenerationHandler } from '../../shared/runtime/triggers/pre-token-generation';
import { clearLogs } from '../helpers/log-capture';

const RUNS = 10_000;
const ATTRIBUTES = ['custom:a', 'custom:b', 'custom:num', 'custom:list', 'email', 'custom:flag'];
const CLAIM_NAMES = ['tenant_id', 'roles', 'level', 'plan', 'x', 'custom:a', 'email', 'aud', 'sub'];
const CLIENTS = ['web', 'mobile', 'm2m'];
const TYPES = ['string', 'number', 'boolean', 'json', 'string[]'] as const;
const GROUPS = ['admins', 'readers', 'eu-west-1_EXAMPLE_AcmeOIDC', 'staff'];
const PROVIDERS = ['AcmeOIDC', 'Google', 'Cognito'];
const TRIGGER_SOURCES = [
  'TokenGeneration_HostedAuth',
  'TokenGeneration_Authentication',
  'TokenGeneration_RefreshTokens',
  'TokenGeneration_ClientCredentials',
];
/** Scopes the trigger may add; now and then one the app client grants, which the validator refuses. */
const ADDED_SCOPES = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom('orders/read', 'orders/write') },
  { weight: 1, arbitrary: fc.constantFrom('openid', 'aws.cognito.signin.user.admin') },
);
const SUPPRESSED_SCOPES = fc.constantFrom(
  'orders/admin',
  'openid',
  'aws.cognito.signin.user.admin',
);

const when = fc.record(
  {
    groups: fc.subarray(GROUPS, { minLength: 1 }),
    providers: fc.subarray(PROVIDERS, { minLength: 1 }),
    triggerSources: fc.subarray(TRIGGER_SOURCES, { minLength: 1 }),
    attributes: fc.dictionary(
      fc.constantFrom(...ATTRIBUTES),
      fc.array(fc.constantFrom('pro', 'true', '1', 'a', ''), { minLength: 1, maxLength: 2 }),
      { minKeys: 1, maxKeys: 2 },
    ),
  },
  { requiredKeys: [] },
);
const separator = fc.constantFrom('@', '_', ',', 'é', 'Acme');
const transformSteps = fc.array(
  fc.oneof(
    fc.constantFrom('trim', 'lowercase', 'uppercase'),
    fc.record({ prefix: separator }),
    fc.record({ stripPrefix: separator }),
    fc.record({ after: separator }),
    fc.record({ before: separator }),
    fc.record({ replace: fc.record({ from: separator, to: fc.string({ maxLength: 3 }) }) }),
  ),
  { minLength: 1, maxLength: 3 },
);
const mapKey = fc.oneof(fc.constantFrom(...GROUPS), fc.string({ maxLength: 4 }));
/** For a string claim: one string per entry. */
const textMap = fc.dictionary(mapKey, fc.string({ maxLength: 6 }), { minKeys: 1, maxKeys: 3 });
/** For a list claim: a string or a list per entry. */
const listMap = fc.dictionary(
  mapKey,
  fc.oneof(fc.string({ maxLength: 6 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 })),
  { minKeys: 1, maxKeys: 3 },
);
const scopeEntry = (scope: fc.Arbitrary<string>) => fc.oneof(scope, fc.record({ scope, when }));

const primitive = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean());
const staticValue = fc.oneof(
  primitive,
  fc.array(primitive, { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 5 }), primitive, { maxKeys: 3 }),
);

/** Where a rule's value comes from: mostly shapes the validator accepts, some it refuses. */
const source = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record(
      { from: fc.constantFrom(...ATTRIBUTES), type: fc.constantFrom(...TYPES) },
      { requiredKeys: ['from'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        from: fc.constantFrom(...ATTRIBUTES),
        type: fc.constant('string'),
        default: fc.string({ maxLength: 8 }),
      },
      { requiredKeys: ['from', 'default'] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.record(
        {
          from: fc.constantFrom(...ATTRIBUTES),
          type: fc.constant('string'),
          transform: transformSteps,
          map: textMap,
        },
        { requiredKeys: ['from', 'type'] },
      ),
      fc.record(
        {
          from: fc.constantFrom(...ATTRIBUTES),
          type: fc.constant('string[]'),
          transform: transformSteps,
          map: listMap,
        },
        { requiredKeys: ['from', 'type'] },
      ),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      { from: fc.constant('cognito:groups'), transform: transformSteps, map: listMap },
      { requiredKeys: ['from'] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ value: staticValue }) },
);

const claimEntry = fc.record(
  {
    claim: fc.constantFrom(...CLAIM_NAMES),
    source,
    when: fc.option(when, { nil: undefined, freq: 2 }),
    tokens: fc.subarray(['id', 'access'] as const, { minLength: 1 }),
    required: fc.boolean(),
    clients: fc.option(fc.subarray(CLIENTS, { minLength: 1 }), { nil: undefined }),
    sensitive: fc.boolean(),
  },
  { requiredKeys: ['claim', 'source', 'tokens'] },
);

/** Generated raw documents; only those the validator accepts are used (as in production). */
const configArb = fc
  .record({
    claims: fc.array(claimEntry, { maxLength: 6 }),
    budget: fc.record({
      id: fc.integer({ min: 2, max: 400 }),
      access: fc.integer({ min: 2, max: 4000 }),
    }),
    suppress: fc.record({
      id: fc.subarray(['custom:secret', 'cognito:groups']),
      access: fc.constant([]),
    }),
    scopes: fc.record({
      add: fc.array(scopeEntry(ADDED_SCOPES), { maxLength: 3 }),
      suppress: fc.array(scopeEntry(SUPPRESSED_SCOPES), { maxLength: 2 }),
    }),
    groups: fc.option(fc.record({ from: fc.constantFrom(...ATTRIBUTES) }), { nil: undefined }),
  })
  .map((raw) => {
    const claims = raw.claims.map(({ source, ...rest }) => ({ ...rest, ...source }));
    try {
      return parseConfig({ ...raw, claims, ...(raw.groups ? { groups: raw.groups } : {}) });
    } catch {
      return undefined;
    }
  })
  .filter((config): config is ClaimsConfig => config !== undefined);

const attributeValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('true', 'FALSE', 'yes', '[a, b]', '["x","y"]', '{"k":1}', 'null', '[[1]]'),
  fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }).map((items) => JSON.stringify(items)),
  fc
    .subarray([...PROVIDERS, 'Other'])
    .map((names) =>
      JSON.stringify(names.map((providerName, i) => ({ providerName, primary: i === 0 }))),
    ),
  fc.constantFrom('Jane@Acme.example', ' AcmeOIDC_x ', 'a,b@c', 'ÄÖ_ü'),
  fc.string({ minLength: 200, maxLength: 600 }),
);

const userEvent = fc.record({
  version: fc.oneof(fc.constantFrom('0', '1', '2', '3'), fc.string({ maxLength: 2 })),
  triggerSource: fc.oneof(
    fc.constantFrom(
      'TokenGeneration_HostedAuth',
      'TokenGeneration_Authentication',
      'TokenGeneration_RefreshTokens',
      'TokenGeneration_NewPasswordChallenge',
      'TokenGeneration_AuthenticateDevice',
      'TokenGeneration_ClientCredentials',
    ),
    fc.string({ maxLength: 10 }),
  ),
  region: fc.constant('eu-west-1'),
  userPoolId: fc.constant('eu-west-1_EXAMPLE'),
  userName: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('AcmeOIDC_9f8e', 'google_1')),
  callerContext: fc.record({
    awsSdkVersion: fc.constant('x'),
    clientId: fc.constantFrom(...CLIENTS),
  }),
  request: fc.record({
    userAttributes: fc.dictionary(
      fc.constantFrom('sub', 'identities', ...ATTRIBUTES),
      attributeValue,
    ),
    groupConfiguration: fc.option(
      fc.record({
        groupsToOverride: fc.array(
          fc.oneof(fc.constantFrom(...GROUPS), fc.string({ maxLength: 6 })),
          {
            maxLength: 3,
          },
        ),
        iamRolesToOverride: fc.constant([]),
        preferredRole: fc.constant(null),
      }),
      { nil: undefined },
    ),
    scopes: fc.option(fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), { nil: undefined }),
  }),
  response: fc.constantFrom(
    {},
    { claimsAndScopeOverrideDetails: null },
    { claimsOverrideDetails: {} },
    { claimsOverrideDetails: null, claimsAndScopeOverrideDetails: { groupOverrideDetails: {} } },
  ),
});

/** Mostly well-formed events, with arbitrary garbage mixed in and garbage grafted into fields. */
const eventArb = fc.oneof(
  { weight: 6, arbitrary: userEvent },
  { weight: 1, arbitrary: fc.anything() },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        userEvent,
        fc.constantFrom('request', 'callerContext', 'response', 'version'),
        fc.anything(),
      )
      .map(([event, key, junk]) => ({ ...event, [key]: junk })),
  },
);

const isPrimitive = (v: unknown) =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const isV2Value = (v: unknown) =>
  isPrimitive(v) ||
  (Array.isArray(v) && v.every(isPrimitive)) ||
  (typeof v === 'object' && v !== null && !Array.isArray(v));

interface Outcome {
  readonly result?: unknown;
  readonly error?: unknown;
}

const silentDeps = () => {
  const logger = createLogger('pre-token-generation');
  return { logger, recorder: createFailureRecorder(logger, createMetrics('pre-token-generation')) };
};

const run = async (config: ClaimsConfig, event: unknown): Promise<Outcome> => {
  const result: ConfigResult = { ok: true, config, source: 'property test', version: 'test' };
  const handler = createPreTokenGenerationHandler({ config: result, ...silentDeps() });
  try {
    return { result: await handler(event) };
  } catch (error) {
    return { error };
  }
};

const checkTokenClaims = (
  token: TokenKind,
  claims: Record<string, unknown>,
  config: ClaimsConfig,
  clientId: unknown,
  v1: boolean,
) => {
  for (const [name, value] of Object.entries(claims)) {
    if (!(token === 'access' && name === 'aud' && value === clientId)) {
      expect(reservedReason(token, name)).toBeUndefined();
    }
    if (v1) expect(typeof value).toBe('string');
    else expect(isV2Value(value)).toBe(true);
  }
  expect(claimsBytes(claims)).toBeLessThanOrEqual(config.budget[token]);
};

describe('pre-token-generation properties', () => {
  afterEach(() => clearLogs());

  it(`holds every invariant over ${RUNS.toLocaleString('en')} generated events`, async () => {
    const seen = { customised: 0, denied: 0, untouched: 0 };
    await fc.assert(
      fc.asyncProperty(configArb, eventArb, async (config, event) => {
        // Prepare
        clearLogs();
        const input = structuredClone(event);
        // Act
        const first = await run(config, structuredClone(event));
        const second = await run(config, structuredClone(event));
        // Assess: deterministic
        expect(second).toEqual(first);
        // Assess: only a required claim may deny
        if (first.error !== undefined) {
          expect(first.error).toMatchObject({ code: ErrorCode.REQUIRED_CLAIM_MISSING });
          expect(config.claims.some((rule) => rule.required)).toBe(true);
          seen.denied += 1;
          return;
        }
        const out = first.result as Record<string, unknown> | null;
        const response = (out as { response?: Record<string, unknown> } | null)?.response;
        const v2 = response?.claimsAndScopeOverrideDetails as
          | Record<
              string,
              | {
                  claimsToAddOrOverride: Record<string, unknown>;
                  scopesToAdd?: readonly string[];
                  scopesToSuppress?: readonly string[];
                }
              | undefined
            >
          | null
          | undefined;
        const v1 = response?.claimsOverrideDetails as
          | { claimsToAddOrOverride?: Record<string, unknown>; groupOverrideDetails?: unknown }
          | null
          | undefined;
        const clientId = (input as { callerContext?: { clientId?: unknown } })?.callerContext
          ?.clientId;
        const inputResponse = (input as { response?: unknown } | null)?.response;
        // An event the trigger could not answer comes back as it went in, response included.
        const answered = !isDeepStrictEqual(response, inputResponse);
        if (answered && v2) {
          const id = v2.idTokenGeneration?.claimsToAddOrOverride;
          const access = v2.accessTokenGeneration?.claimsToAddOrOverride;
          if (id) checkTokenClaims('id', id, config, clientId, false);
          if (access) checkTokenClaims('access', access, config, clientId, false);
          // Assess: never a scope the app client grants itself, never one with a space
          for (const scope of v2.accessTokenGeneration?.scopesToAdd ?? []) {
            expect(scopeAddReason(scope)).toBeUndefined();
            expect(scope).toMatch(/^\S+$/);
          }
          if (!config.groups) expect(v2).not.toHaveProperty('groupOverrideDetails');
          // Assess: the answer replaces the response the event came with
          expect(response).not.toHaveProperty('claimsOverrideDetails');
          seen.customised += 1;
        } else if (answered && v1?.claimsToAddOrOverride) {
          checkTokenClaims('id', v1.claimsToAddOrOverride, config, clientId, true);
          if (!config.groups) expect(v1).not.toHaveProperty('groupOverrideDetails');
          expect(response).not.toHaveProperty('claimsAndScopeOverrideDetails');
          seen.customised += 1;
        } else {
          // Not customised: the event comes back exactly as it went in.
          expect(out).toEqual(input);
          seen.untouched += 1;
        }
      }),
      { numRuns: RUNS },
    );
    // The generators must exercise every outcome, or the invariants above prove little.
    expect(seen.customised).toBeGreaterThan(RUNS * 0.3);
    expect(seen.denied).toBeGreaterThan(RUNS * 0.01);
    expect(seen.untouched).toBeGreaterThan(RUNS * 0.05);
  });
});
