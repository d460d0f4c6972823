/**
 * For scale in `npm run bench`: the trigger a team writes by hand for bench/fixtures, the same 15
 * claims with fixed attribute names and no checks (no config, no validation, no size budget, no
 * failure records), on the same logger and middy setup. What the config-driven core costs beyond
 * this is the price of those checks and of reading names from a config.
 */
import { createLogger } from '../shared/runtime/observability';
import { withLambdaContext } from '../shared/runtime/with-lambda-context';

interface Event {
  request: { userAttributes: Record<string, string> };
  response?: unknown;
}

const list = (text: string): string[] =>
  text.startsWith('["')
    ? JSON.parse(text)
    : text
        .slice(1, -1)
        .split(',')
        .map((s) => s.trim());

export const handler = withLambdaContext(createLogger('hand-written'), async (event: Event) => {
  const a = event.request.userAttributes;
  const id: Record<string, unknown> = {};
  const access: Record<string, unknown> = {};
  id.tenant_id = access.tenant_id = a['custom:tenant_id'];
  id.roles = access.roles = list(a['custom:roles'] ?? '[]');
  id.employee_number = access.employee_number = Number(a['custom:employee_no']);
  id.department = access.department = a['custom:department'];
  id.cost_center = access.cost_center = a['custom:cost_center'];
  access.clearance = Number(a['custom:clearance_level']);
  id.mfa_enrolled = access.mfa_enrolled = a['custom:mfa_enrolled'] === 'true';
  id.beta_user = access.beta_user = a['custom:beta'] === 'true';
  access.entitlements = list(a['custom:entitlements'] ?? '[]');
  id.preferences = access.preferences = JSON.parse(a['custom:preferences'] ?? '{}');
  id.region = access.region = a['custom:region'];
  id.locale = access.locale = a.locale;
  access.seat_limit = Number(a['custom:seat_limit']);
  id.plan = access.plan = 'enterprise';
  access.api_version = 3;
  event.response = {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration: {
        claimsToAddOrOverride: id,
        claimsToSuppress: ['custom:idp_access_token'],
      },
      accessTokenGeneration: {
        claimsToAddOrOverride: access,
        claimsToSuppress: [],
        scopesToAdd: ['api/read'],
        scopesToSuppress: [],
      },
    },
  };
  return event;
});
