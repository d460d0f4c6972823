/**
 * The API: GET /me through the verifying authorizer with the signed-in user's token, then with a
 * tampered token and with none; POST /items, behind API Gateway's own JWT authorizer with
 * authorizationScopes, as the admin (whose group the config adds the scope for) and the reader;
 * and, from cognito-local's own log, proof that serving them made no GetUser call (the claims
 * come from the token).
 */
import { findRouteRequirements } from '../../shared/core/authorizer/route-requirements';
import { cognitoOperations } from './cognito-local';
import { tamper } from './jwt-view';
import { out } from './output';
import type { Service } from './processes';
import type { RunLog } from './run-log';
import { claimsFor, type RunSetup } from './run-setup';
import type { SignedIn } from './sign-in';

/** The scope-by-group route in serverless.yml: cognitoJwt with authorizationScopes. */
export const SCOPED_ROUTE = { method: 'POST', path: '/items', scope: 'items/write' } as const;

interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

async function httpGet(url: string, token?: string, method = 'GET'): Promise<HttpAnswer> {
  const response = await fetch(url, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: shown as text.
  }
  return { status: response.status, body };
}

/** What the authorizer checks on GET /me beyond the token itself, in words. */
function routeRules(setup: RunSetup): string[] {
  const route = findRouteRequirements(setup.config.authorizer.routes, 'GET /me');
  return route
    ? [
        ...route.claims.map((claim) => `claim ${claim}`),
        ...(route.scopes.length > 0 ? [`one of the scopes ${route.scopes.join(', ')}`] : []),
        ...(route.groups.length > 0 ? [`one of the groups ${route.groups.join(', ')}`] : []),
      ]
    : [];
}

export async function checkApi(
  log: RunLog,
  api: string,
  cognito: Service,
  setup: RunSetup,
  tokens: SignedIn,
): Promise<void> {
  const { tokenUse } = setup;
  const apiToken = tokens[tokenUse];
  const expected = claimsFor(setup.config, tokenUse);
  const rules = routeRules(setup);
  out(
    `The authorizer verifies the ${tokenUse} token (signature, issuer, token_use, client id, expiry)` +
      `${rules.length > 0 ? ` and GET /me's requirements: ${rules.join('; ')}` : ''}.`,
  );
  const operationsBefore = cognitoOperations(cognito).length;
  const me = await httpGet(`${api}/me`, apiToken);
  out(`GET ${api}/me  (Authorization: Bearer <${tokenUse} token>) → ${me.status}`);
  out(JSON.stringify(me.body, null, 2).replace(/^/gm, '   '));
  out();
  const body = me.body as { source?: string; claims?: Record<string, unknown> };
  const meClaims = body.claims ?? {};
  const notReturned = expected.filter((claim) => !(claim in meClaims));
  log.report.me = me;
  log.record(
    'GET /me read the claims from the token',
    me.status === 200 && body.source === 'lambda-authorizer' && notReturned.length === 0,
    me.status === 200
      ? `source ${body.source}; ${expected.map((c) => `${c}=${JSON.stringify(meClaims[c])}`).join(', ')}`
      : `status ${me.status}`,
  );
  const tampered = await httpGet(`${api}/me`, tamper(apiToken, 'tenant_id', 'someone-else'));
  log.report.tampered = { status: tampered.status };
  log.record('a tampered token is refused', tampered.status === 401, `status ${tampered.status}`);
  const anonymous = await httpGet(`${api}/me`);
  log.report.anonymous = { status: anonymous.status };
  log.record('no token is refused', anonymous.status === 401, `status ${anonymous.status}`);
  await checkScopedRoute(log, api, setup, tokens);
  // The emulator logs an operation just after answering it: let trailing lines arrive.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const during = cognitoOperations(cognito).slice(operationsBefore);
  log.report.cognitoOperationsDuringApiCalls = during;
  log.record(
    'no GetUser on the request path',
    !during.includes('GetUser'),
    `Cognito operations while serving the 5 API calls: ${during.length === 0 ? 'none' : during.join(', ')}`,
  );
}

/**
 * POST /items: API Gateway's JWT authorizer admits an access token only with the route's scope.
 * With V2 the admin has it, added by the config for the "admins" group, and the reader does not;
 * V1 adds no scopes, so both are refused.
 */
async function checkScopedRoute(
  log: RunLog,
  api: string,
  { v2 }: RunSetup,
  tokens: SignedIn,
): Promise<void> {
  const { method, path, scope } = SCOPED_ROUTE;
  const url = `${api}${path}`;
  out(
    `${method} ${path} sits behind API Gateway's JWT authorizer with authorizationScopes ${scope}: no Lambda authorizer.`,
  );
  const admin = await httpGet(url, tokens.access, method);
  const reader = await httpGet(url, tokens.reader.access, method);
  out(`${method} ${url}  (the admin's access token) → ${admin.status}`);
  out(`${method} ${url}  (the reader's access token) → ${reader.status}`);
  out();
  log.report.scopedRoute = { admin: admin.status, reader: reader.status };
  const adminExpected = v2 ? 200 : 403;
  log.record(
    v2
      ? `${method} ${path} admits the admin: the config adds ${scope} for the "admins" group`
      : `${method} ${path} refuses the admin too: V1 adds no scopes`,
    admin.status === adminExpected,
    `status ${admin.status}`,
  );
  log.record(
    `${method} ${path} refuses the reader: no ${scope} without the group`,
    reader.status === 403,
    `status ${reader.status}`,
  );
}
