/**
 * Token size through the real Pre Token Generation handler: a shared pool's web client gets only
 * its groups, both tokens stay within the total, and a claim left out for size is named in the
 * token itself.
 */
import { getTestEvent } from '../helpers/events';
import { lambdaContext } from '../helpers/lambda-context';
import { loadHandler } from '../helpers/load-handler';
import { clearLogs, failureRecords } from '../helpers/log-capture';

type Handler = (event: unknown, context: unknown) => Promise<Record<string, unknown>>;
const HANDLER = '../../functions/pre-token-generation/handler';
const WEB_CLIENT = '1example23456789';

// biome-ignore lint/suspicious/noExplicitAny: fixture events are edited freely per case
type Json = any;

const config = {
  claims: [
    { claim: 'tenant_id', from: 'custom:tenant_id', tokens: ['id', 'access'], required: true },
    { claim: 'app_groups', from: 'cognito:groups', type: 'string[]', tokens: ['access'] },
    { claim: 'profile', from: 'custom:profile', tokens: ['id', 'access'] },
  ],
  groups: {
    keep: [
      { clients: [WEB_CLIENT], prefixes: ['web-'], names: ['admins'] },
      { prefixes: ['app-'], names: ['admins', 'readers'] },
    ],
  },
  budget: { id: 2048, access: 2048, total: 1200, overageClaim: 'claims_overage' },
};

const sharedPoolEvent = (name: string): Json => {
  const event: Json = getTestEvent(`pre-token-generation/${name}`);
  event.request.groupConfiguration = {
    groupsToOverride: ['web-orders', 'app-billing', 'admins', 'ops'],
    iamRolesToOverride: ['arn:aws:iam::123456789012:role/admins'],
    preferredRole: 'arn:aws:iam::123456789012:role/admins',
  };
  event.request.userAttributes['custom:profile'] = 'p'.repeat(700);
  return event;
};

const claimsBytes = (claims: unknown) => Buffer.byteLength(JSON.stringify(claims), 'utf8');

describe('pre-token-generation handler: token size', () => {
  let handler: Handler;

  beforeAll(() => {
    handler = loadHandler<Handler>(HANDLER, config);
  });

  beforeEach(() => clearLogs());

  it('gives the web client only its web- groups, keeps the total and names what was left out', async () => {
    // Prepare
    const event = sharedPoolEvent('v2-hosted-auth-federated');
    // Act
    const result = await handler(event, lambdaContext());
    // Assess
    const details = (result.response as Json).claimsAndScopeOverrideDetails;
    expect(details.groupOverrideDetails).toEqual({
      groupsToOverride: ['web-orders', 'admins'],
      iamRolesToOverride: [],
      preferredRole: null,
    });
    const id = details.idTokenGeneration.claimsToAddOrOverride;
    const access = details.accessTokenGeneration.claimsToAddOrOverride;
    expect(access.app_groups).toEqual(['web-orders', 'admins']);
    expect(id.profile).toBe('p'.repeat(700));
    expect(access.profile).toBeUndefined();
    expect(access.claims_overage).toEqual(['profile']);
    expect(id.claims_overage).toBeUndefined();
    expect(claimsBytes(id) + claimsBytes(access)).toBeLessThanOrEqual(1200);
    expect(failureRecords().map((record) => record.failure)).toEqual([
      expect.objectContaining({
        code: 'TOKEN_BUDGET_EXCEEDED',
        claim: 'profile',
        token: 'access',
        budget: 1200,
      }),
    ]);
  });

  it('keeps another client to its app- groups, in a V1 answer too', async () => {
    // Prepare
    const event = sharedPoolEvent('v1-authentication');
    event.callerContext.clientId = 'mobile-client';
    // Act
    const result = await handler(event, lambdaContext());
    // Assess
    const details = (result.response as Json).claimsOverrideDetails;
    expect(details.groupOverrideDetails).toEqual({
      groupsToOverride: ['app-billing', 'admins'],
      iamRolesToOverride: [],
      preferredRole: null,
    });
    expect(details.claimsToAddOrOverride.profile).toBe('p'.repeat(700));
  });
});
