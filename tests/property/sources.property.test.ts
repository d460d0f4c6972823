/**
 * No source failure ever throws or blocks a sign-in unless a `required` claim is involved:
 * whatever the table answers (any item of any DynamoDB types, no item, an error body, garbage,
 * a broken connection, no answer before the deadline), the handler returns the event, or
 * denies with RequiredClaimError only when a required rule reads a source.
 */
import fc from 'fast-check';
import { parseConfig } from '../../shared/core/config/parse-config';
import { ErrorCode } from '../../shared/core/errors';
import {
  createFailureRecorder,
  createLogger,
  createMetrics,
} from '../../shared/runtime/observability';
import { createPreTokenGenerationHandler } from '../../shared/runtime/triggers/pre-token-generation';
import { getTestEvent } from '../helpers/events';
import { clearLogs } from '../helpers/log-capture';

const RUNS = Number(process.env.RUNS ?? 300);
const TYPES = ['string', 'number', 'boolean', 'json', 'string[]'] as const;
const PATHS = ['plan', 'seats', 'limits.seats', 'entitlements', 'flag', 'blob', 'nothing'];

const leaf = fc.oneof(
  fc.record({ S: fc.string({ maxLength: 6 }) }),
  fc.record({ N: fc.oneof(fc.integer().map(String), fc.constantFrom('1.5', 'x', '1e400')) }),
  fc.record({ BOOL: fc.boolean() }),
  fc.constant({ NULL: true }),
  fc.record({ SS: fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }) }),
  fc.record({ NS: fc.array(fc.integer().map(String), { maxLength: 3 }) }),
  fc.constant({ B: 'AAEC' }),
  fc.constant({ BS: ['AAEC'] }),
  fc.constant({ WHAT: 1 }),
  fc.constant('not an attribute value'),
);
const attributeValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ L: fc.array(tie('value'), { maxLength: 3 }) }),
    fc.record({ M: fc.dictionary(fc.constantFrom('seats', 'x'), tie('value'), { maxKeys: 2 }) }),
  ),
})).value;

const answer = fc.oneof(
  fc.record({
    kind: fc.constant('item' as const),
    item: fc.dictionary(
      fc.constantFrom('plan', 'seats', 'limits', 'entitlements', 'flag', 'blob'),
      attributeValue,
      {
        maxKeys: 6,
      },
    ),
  }),
  fc.constant({ kind: 'missing' as const }),
  fc.record({
    kind: fc.constant('error' as const),
    status: fc.constantFrom(400, 403, 500, 503),
    type: fc.constantFrom(
      'com.amazonaws.dynamodb.v20120810#ThrottlingException',
      'com.amazon.coral.service#AccessDeniedException',
      'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
      '',
    ),
  }),
  fc.constantFrom(
    { kind: 'garbage' as const },
    { kind: 'throw' as const },
    { kind: 'hang' as const },
    { kind: 'bad-item' as const },
  ),
);
type Answer = typeof answer extends fc.Arbitrary<infer A> ? A : never;

const respond = (given: Answer, signal: AbortSignal | undefined): Promise<Response> => {
  switch (given.kind) {
    case 'item':
      return Promise.resolve(Response.json({ Item: given.item }));
    case 'missing':
      return Promise.resolve(Response.json({}));
    case 'error':
      return Promise.resolve(
        Response.json({ __type: given.type, message: 'no' }, { status: given.status }),
      );
    case 'garbage':
      return Promise.resolve(new Response('<html>', { status: 200 }));
    case 'bad-item':
      return Promise.resolve(Response.json({ Item: [1, 2] }));
    case 'throw':
      return Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }));
    case 'hang':
      // As fetch does: an already aborted signal rejects at once.
      return new Promise((_resolve, reject) => {
        const abort = () => reject(new DOMException('aborted', 'AbortError'));
        if (signal?.aborted) abort();
        else signal?.addEventListener('abort', abort);
      });
  }
};

const rule = fc.record({
  claim: fc.constantFrom('plan', 'seats', 'entitlements', 'flag', 'x'),
  source: fc.constantFrom('a', 'b'),
  from: fc.constantFrom(...PATHS),
  type: fc.option(fc.constantFrom(...TYPES), { nil: undefined }),
  tokens: fc.constantFrom(['access'], ['id'], ['id', 'access']),
  required: fc.boolean(),
});

const EVENTS = [
  'pre-token-generation/v2-hosted-auth-federated',
  'pre-token-generation/v1-authentication',
  'pre-token-generation/v3-client-credentials',
  'pre-token-generation/v0-cognito-local',
];

describe('sources under any table behaviour (property)', () => {
  const logger = createLogger('pre-token-generation');
  const recorder = createFailureRecorder(logger, createMetrics('pre-token-generation'));

  it('never throws or denies unless a required sourced claim is involved', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(rule, { maxLength: 4, selector: (r) => `${r.claim}/${r.tokens.join()}` }),
        answer,
        answer,
        fc.constantFrom(...EVENTS),
        async (rules, answerA, answerB, eventName) => {
          // Prepare
          let config: ReturnType<typeof parseConfig>;
          try {
            config = parseConfig({
              sources: {
                a: {
                  dynamodb: { table: 'Accounts', key: { pk: 'T#{custom:tenant_id}', sk: '{sub}' } },
                  timeoutMs: 5,
                },
                b: { dynamodb: { table: 'Clients', key: { pk: 'C#{clientId}' } }, timeoutMs: 5 },
              },
              claims: rules,
            });
          } catch {
            return; // a combination the validator refuses (e.g. a complex type for an ID-token-only claim)
          }
          const handler = createPreTokenGenerationHandler({
            config: { ok: true, config, source: 'test', version: 'test' },
            logger,
            recorder,
            sources: {
              env: {
                AWS_ACCESS_KEY_ID: 'k',
                AWS_SECRET_ACCESS_KEY: 's',
                AWS_ENDPOINT_URL: 'http://127.0.0.1:9/',
              },
              fetch: (_url, init) =>
                respond(
                  String(init?.body).includes('"Clients"') ? answerB : answerA,
                  init?.signal ?? undefined,
                ),
            },
          });
          const event = getTestEvent(eventName);
          // Act
          let outcome: unknown;
          try {
            outcome = await handler(event);
          } catch (error) {
            outcome = error;
          } finally {
            clearLogs();
          }
          // Assess
          if (outcome === event) return;
          expect(outcome).toMatchObject({ code: ErrorCode.REQUIRED_CLAIM_MISSING });
          expect(config.claims.some((r) => r.required && r.source !== undefined)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
