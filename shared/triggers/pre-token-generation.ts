/**
 * The Pre Token Generation trigger's logic around the pure core: read the event, build the
 * response, record failures, and decide. Only a `required` claim may deny a sign-in; every other
 * fault returns the event as Cognito sent it (the token Cognito would issue) with an ERROR record.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { buildResponse, claimsBytes } from '../claims/build-response';
import type { V1Response, V2Response } from '../claims/types';
import type { ConfigResult } from '../config/load-config';
import { EventError, RequiredClaimError } from '../errors';
import { type CognitoTriggerEvent, eventContext, toTokenRequest } from '../events/cognito-event';
import type { FailureRecorder } from '../observability';
import {
  configInvalidFailure,
  eventInvalidFailure,
  recordInternalError,
} from '../trigger-failures';

export interface PreTokenGenerationDeps {
  readonly config: ConfigResult;
  readonly logger: Logger;
  readonly recorder: FailureRecorder;
}

const claimSummary = (response: V1Response | V2Response) => {
  const describe = (claims: Record<string, unknown> | undefined) =>
    claims ? { names: Object.keys(claims), bytes: claimsBytes(claims) } : undefined;
  if ('claimsOverrideDetails' in response) {
    return { id: describe(response.claimsOverrideDetails.claimsToAddOrOverride) };
  }
  const details = response.claimsAndScopeOverrideDetails;
  return {
    id: describe(details.idTokenGeneration?.claimsToAddOrOverride),
    access: describe(details.accessTokenGeneration.claimsToAddOrOverride),
  };
};

export const createPreTokenGenerationHandler =
  ({ config, logger, recorder }: PreTokenGenerationDeps) =>
  async <E>(event: E): Promise<E> => {
    const context = eventContext(event);
    try {
      if (!config.ok) {
        recorder.record(
          [configInvalidFailure(config, 'tokens issued without customisation')],
          context,
        );
        return event;
      }
      let request: ReturnType<typeof toTokenRequest>;
      try {
        request = toTokenRequest(event);
      } catch (error) {
        if (!(error instanceof EventError)) throw error;
        recorder.record(
          [eventInvalidFailure(error, 'tokens issued without customisation')],
          context,
        );
        return event;
      }
      const result = buildResponse(config.config, request);
      recorder.record(result.failures, context);
      if (result.deniedClaim !== undefined) throw new RequiredClaimError(result.deniedClaim);
      const target = event as CognitoTriggerEvent;
      target.response = { ...(target.response ?? {}), ...result.response };
      // Names and sizes only: values may be sensitive. Skipped unless DEBUG is on (hot path).
      if (logger.getLevelName() === 'DEBUG' || logger.getLevelName() === 'TRACE') {
        logger.debug('token customisation built', {
          version: request.version,
          claims: claimSummary(result.response),
          ...context,
        });
      }
      return event;
    } catch (error) {
      if (error instanceof RequiredClaimError) throw error;
      recordInternalError(recorder, error, context, 'tokens issued without customisation');
      return event;
    }
  };
