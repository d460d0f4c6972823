/**
 * The verifying Lambda authorizer: verify the bearer token, check the route's requirements,
 * and pass the verified claims on (types intact, see authorizer-context.ts). Fails closed: any
 * token, key, event or setting it cannot verify is denied.
 *
 * Answers: HTTP API simple responses `{ isAuthorized, context }`; otherwise an IAM policy
 * `{ principalId, policyDocument, context }`. In policy mode a token that cannot be verified
 * gets the `Unauthorized` error (API Gateway: 401), a verified token that misses a route
 * requirement gets a Deny policy (403). A simple response can only say no (403).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type ContextValue, encodeAuthorizerContext } from '../../core/api/authorizer-context';
import {
  checkRouteRequirements,
  findRouteRequirements,
} from '../../core/authorizer/route-requirements';
import type { ClaimsConfig } from '../../core/claims/types';
import { describeError } from '../observability';
import {
  type AuthorizerEventKind,
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
    }
  | { readonly ok: false; readonly problem: string };

export interface AuthorizerDeps {
  readonly setup: AuthorizerSetup;
  readonly logger: Logger;
}

/** The error API Gateway turns into 401 Unauthorized (the message must be exactly this). */
export const UNAUTHORIZED = 'Unauthorized';

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
  kind === 'http-api-v2' && (!setup.ok || setup.settings.responseMode === ResponseMode.SIMPLE);

export const createAuthorizerHandler =
  ({ setup, logger }: AuthorizerDeps) =>
  async (event: unknown): Promise<AuthorizerResponse> => {
    let request: AuthorizerRequest;
    try {
      request = readAuthorizerEvent(event);
    } catch (error) {
      logger.warn('request denied', {
        denied: { reason: DenyReason.EVENT_INVALID, ...describeError(error) },
      });
      throw new Error(UNAUTHORIZED);
    }
    const simple = usesSimpleResponses(request.kind, setup);
    const where = { routeKey: request.routeKey, eventKind: request.kind };

    /** Not authenticated: 401 in policy mode, a plain no in simple mode. */
    // The reason code is the whole story: verifier messages may quote the token's claims.
    const unauthenticated = (reason: DenyReason): SimpleResponse => {
      logger.warn('request denied', { denied: { reason, ...where } });
      if (simple) return { isAuthorized: false };
      throw new Error(UNAUTHORIZED);
    };

    if (!setup.ok) return unauthenticated(DenyReason.AUTHORIZER_MISCONFIGURED);
    if (!request.token) return unauthenticated(DenyReason.TOKEN_MISSING);

    let claims: Record<string, unknown>;
    try {
      claims = await setup.verifier.verify(request.token);
    } catch (error) {
      return unauthenticated(denyReasonOf(error));
    }

    const sub = typeof claims.sub === 'string' ? claims.sub : 'unknown';
    const requirements = findRouteRequirements(setup.config.authorizer.routes, request.routeKey);
    const check = checkRouteRequirements(requirements, claims);
    if (!check.ok) {
      logger.warn('request denied', {
        denied: { reason: check.reason, missing: check.missing, sub, ...where },
      });
      return simple ? { isAuthorized: false } : policy(sub, 'Deny', request.resourceArn);
    }

    const context = encodeAuthorizerContext(claims);
    logger.debug('request allowed', { sub, ...where });
    return simple
      ? { isAuthorized: true, context }
      : policy(sub, 'Allow', request.resourceArn, context);
  };
