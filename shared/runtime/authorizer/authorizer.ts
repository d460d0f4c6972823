/**
 * The verifying Lambda authorizer: verify the bearer token, place the request on a configured
 * route, check that route's requirements, and pass the verified claims on (types intact, see
 * authorizer-context.ts). Fails closed: any token, key, event, route or setting it cannot verify
 * or place is denied with a reason code, logged once and counted (EMF, per code); an error of
 * its own is denied too (INTERNAL_ERROR), so nothing it is sent makes it throw anything else.
 *
 * Answers: HTTP API simple responses `{ isAuthorized, context }`; otherwise an IAM policy
 * `{ principalId, policyDocument, context }`. In policy mode a token that cannot be verified
 * gets the `Unauthorized` error (API Gateway: 401), a verified token that cannot be placed or
 * misses a route requirement gets a Deny policy (403). A simple response can only say no (403).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type ContextValue, encodeAuthorizerContext } from '../../core/api/authorizer-context';
import { checkRouteRequirements } from '../../core/authorizer/route-requirements';
import { placeRequest, type RouteTable } from '../../core/authorizer/route-table';
import type { ClaimsConfig } from '../../core/claims/types';
import { describeError, type FailureMetrics } from '../observability';
import {
  AuthorizerEventKind,
  type AuthorizerRequest,
  readAuthorizerEvent,
} from './authorizer-event';
import { type AuthorizerSettings, ResponseMode } from './settings';
import { DenyReason, denyReasonOf, type TokenVerifier } from './verifier';

export interface SimpleResponse {
  isAuthorized: boolean;
  context?: Record<string, ContextValue>;
}

export interface PolicyResponse {
  principalId: string;
  policyDocument: {
    Version: '2012-10-17';
    Statement: { Action: 'execute-api:Invoke'; Effect: 'Allow' | 'Deny'; Resource: string }[];
  };
  context?: Record<string, ContextValue>;
}

export type AuthorizerResponse = SimpleResponse | PolicyResponse;

export type AuthorizerSetup =
  | {
      readonly ok: true;
      readonly settings: AuthorizerSettings;
      readonly verifier: TokenVerifier;
      readonly config: ClaimsConfig;
      /** `config.authorizer.routes`, compiled once at cold start. */
      readonly routes: RouteTable;
    }
  | { readonly ok: false; readonly problem: string };

export interface AuthorizerDeps {
  readonly setup: AuthorizerSetup;
  readonly logger: Logger;
  /** Counts every denial per reason code. */
  readonly metrics: FailureMetrics;
}

/** The error API Gateway turns into 401 Unauthorized (the message must be exactly this). */
export const UNAUTHORIZED = 'Unauthorized';

/** What to answer, decided before anything is written. */
type Outcome =
  | { readonly allow: true; readonly sub: string; readonly claims: Record<string, unknown> }
  | {
      readonly allow: false;
      readonly reason: DenyReason;
      /** Verified, so the answer is a Deny policy (403), not the 401 error. */
      readonly sub?: string;
      /** Names, codes and config keys only: never a token or a claim value. */
      readonly detail?: Readonly<Record<string, unknown>>;
    };

const policy = (
  principalId: string,
  effect: 'Allow' | 'Deny',
  resource: string,
  context?: Record<string, ContextValue>,
): PolicyResponse => ({
  principalId,
  policyDocument: {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
  },
  ...(context ? { context } : {}),
});

const usesSimpleResponses = (kind: AuthorizerEventKind, setup: AuthorizerSetup): boolean =>
  kind === AuthorizerEventKind.HTTP_API_V2 &&
  (!setup.ok || setup.settings.responseMode === ResponseMode.SIMPLE);

/**
 * Kept back from the invocation's deadline: the denial must be written before middy (5 ms early)
 * or Lambda itself ends the handler, which API Gateway would answer with a 500, not a denial.
 */
export const DEADLINE_MARGIN_MS = 250;

/** What the Lambda context tells of the time left; absent when a handler is called directly. */
export interface InvocationContext {
  readonly getRemainingTimeInMillis?: () => number;
}

const DEADLINE_PASSED = Symbol('deadline passed');

/**
 * The verification, or DEADLINE_PASSED once the invocation's time is nearly up. Only a JWKS
 * fetch makes a verification wait (aws-jwt-verify may retry it), so that is what ran out.
 */
function verifyInTime(
  verifier: TokenVerifier,
  token: string,
  context: InvocationContext | undefined,
): Promise<Record<string, unknown> | typeof DEADLINE_PASSED> {
  const left = context?.getRemainingTimeInMillis?.();
  const verifying = verifier.verify(token);
  if (left === undefined || !Number.isFinite(left)) return verifying;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<typeof DEADLINE_PASSED>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, left - DEADLINE_MARGIN_MS), DEADLINE_PASSED);
  });
  return Promise.race([verifying, deadline]).finally(() => clearTimeout(timer));
}

async function decide(
  setup: AuthorizerSetup,
  request: AuthorizerRequest,
  context: InvocationContext | undefined,
): Promise<Outcome> {
  if (!setup.ok) return { allow: false, reason: DenyReason.AUTHORIZER_MISCONFIGURED };
  if (!request.token) return { allow: false, reason: DenyReason.TOKEN_MISSING };
  let claims: Record<string, unknown>;
  try {
    const verified = await verifyInTime(setup.verifier, request.token, context);
    if (verified === DEADLINE_PASSED) return { allow: false, reason: DenyReason.JWKS_UNAVAILABLE };
    claims = verified;
  } catch (error) {
    // The reason code is the whole story: verifier messages may quote the token's claims.
    return { allow: false, reason: denyReasonOf(error) };
  }
  const sub =
    Object.hasOwn(claims, 'sub') && typeof claims.sub === 'string' ? claims.sub : 'unknown';
  const placed = placeRequest(setup.routes, request.routeKey, request.concrete);
  if (!placed.ok) {
    return {
      allow: false,
      reason: placed.reason,
      sub,
      ...(placed.forms ? { detail: { forms: placed.forms } } : {}),
    };
  }
  const check = checkRouteRequirements(placed.route?.requirements, claims);
  if (!check.ok) {
    return {
      allow: false,
      reason: check.reason,
      sub,
      detail: {
        route: placed.route?.key,
        missing: check.missing,
        ...(check.accepted ? { accepted: check.accepted } : {}),
      },
    };
  }
  return { allow: true, sub, claims };
}

export const createAuthorizerHandler = ({ setup, logger, metrics }: AuthorizerDeps) => {
  const deny = (
    reason: DenyReason,
    fields: Readonly<Record<string, unknown>>,
    simple: boolean,
    resource?: { sub: string; arn: string },
  ): AuthorizerResponse => {
    logger.warn('request denied', { denied: { reason, ...fields } });
    metrics.count(new Map([[reason, 1]]));
    if (simple) return { isAuthorized: false };
    if (resource) return policy(resource.sub, 'Deny', resource.arn);
    throw new Error(UNAUTHORIZED);
  };

  return async (event: unknown, invocation?: InvocationContext): Promise<AuthorizerResponse> => {
    let request: AuthorizerRequest;
    try {
      request = readAuthorizerEvent(event);
    } catch (error) {
      return deny(DenyReason.EVENT_INVALID, describeError(error), false);
    }
    const simple = usesSimpleResponses(request.kind, setup);
    const where = { routeKey: request.routeKey, eventKind: request.kind };
    let outcome: Outcome;
    let context: Record<string, ContextValue> | undefined;
    try {
      outcome = await decide(setup, request, invocation);
      if (outcome.allow) context = encodeAuthorizerContext(outcome.claims);
    } catch (error) {
      return deny(DenyReason.INTERNAL_ERROR, { ...describeError(error), ...where }, simple);
    }
    if (!outcome.allow) {
      const { reason, sub, detail } = outcome;
      return deny(
        reason,
        { ...detail, ...(sub !== undefined ? { sub } : {}), ...where },
        simple,
        sub !== undefined ? { sub, arn: request.resourceArn } : undefined,
      );
    }
    logger.debug('request allowed', { sub: outcome.sub, ...where });
    return simple
      ? { isAuthorized: true, context }
      : policy(outcome.sub, 'Allow', request.resourceArn, context);
  };
};
