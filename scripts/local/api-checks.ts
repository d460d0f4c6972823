/**
 * The API: GET /me through the verifying authorizer with the signed-in user's token, then with a
 * tampered token and with none; and, from cognito-local's own log, proof that serving them made
 * no GetUser call (the claims come from the token).
 */
import { findRouteRequirements } from '../../shared/core/authorizer/route-requirements';
import { cognitoOperations } from './cognito-local';
import { tamper } from './jwt-view';
import { out } from './output';
import type { Service } from './processes';
import type { RunLog } from './run-log';
import { claimsFor, type RunSetup } from './run-setup';
import type { Tokens } from './sign-in';

interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

async function httpGet(url: string, token?: string): Promise<HttpAnswer> {
  const response = await fetch(url, {
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
  tokens: Tokens,
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
  // The emulator logs an operation just after answering it: let trailing lines arrive.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const during = cognitoOperations(cognito).slice(operationsBefore);
  log.report.cognitoOperationsDuringApiCalls = during;
  log.record(
    'no GetUser on the request path',
    !during.includes('GetUser'),
    `Cognito operations while serving the 3 API calls: ${during.length === 0 ? 'none' : during.join(', ')}`,
  );
}
