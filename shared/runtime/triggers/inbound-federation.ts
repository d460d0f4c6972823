/**
 * The inbound federation trigger's logic around the pure attribute limiter. It answers
 * `response.userAttributesToMap`: `{}` (Cognito keeps every IdP attribute as sent) unless a
 * value is over its limit, then every attribute with that value dropped or truncated. It never
 * throws; on any fault it answers `{}` and leaves an ERROR record.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { ATTRIBUTE_MAX_LENGTH } from '../../core/cognito';
import { EventError } from '../../core/errors';
import type { Failure } from '../../core/failure-codes';
import {
  type FederationConfig,
  limitFederationAttributes,
} from '../../core/idp/limit-federation-attributes';
import { isRecord } from '../../core/is-record';
import type { ConfigResult } from '../config/load-config';
import { eventContext } from '../events/cognito-event';
import { toFederationRequest } from '../events/idp-events';
import { setUpFunction, type TriggerOptions } from '../function-setup';
import type { FailureRecorder } from '../observability';
import {
  configInvalidFailure,
  eventInvalidFailure,
  recordInternalError,
} from '../trigger-failures';
import { withLambdaContext } from '../with-lambda-context';

export interface InboundFederationDeps {
  readonly config: ConfigResult;
  readonly logger: Logger;
  readonly recorder: FailureRecorder;
}

/** Used when the config is invalid: Cognito's own limit still protects the sign-in. */
const FALLBACK: FederationConfig = {
  idpTokens: [],
  federation: { maxLength: ATTRIBUTE_MAX_LENGTH, onOverLimit: 'truncate' },
};

/** Writes the answer into the event Cognito sent, keeping anything else in `response`. */
const answer = <E>(event: E, userAttributesToMap: Record<string, string>): E => {
  if (!isRecord(event)) return event;
  const target = event as Record<string, unknown>;
  const response = isRecord(target.response) ? target.response : {};
  target.response = { ...response, userAttributesToMap };
  return event;
};

export const createInboundFederationHandler =
  ({ config, logger, recorder }: InboundFederationDeps) =>
  async <E>(event: E): Promise<E> => {
    const context = eventContext(event);
    try {
      const failures: Failure[] = [];
      if (!config.ok) {
        failures.push(
          configInvalidFailure(
            config,
            `IdP attributes limited with the defaults (${ATTRIBUTE_MAX_LENGTH} characters, tokens dropped, other values truncated)`,
          ),
        );
      }
      let request: ReturnType<typeof toFederationRequest>;
      try {
        request = toFederationRequest(event);
      } catch (error) {
        if (!(error instanceof EventError)) throw error;
        failures.push(eventInvalidFailure(error, 'every IdP attribute kept as sent'));
        recorder.record(failures, context);
        return answer(event, {});
      }
      const result = limitFederationAttributes(config.ok ? config.config : FALLBACK, request);
      recorder.record([...failures, ...result.failures], context);
      logger.debug('IdP attributes checked', {
        providerName: request.providerName,
        changed: result.changed,
        ...context,
      });
      return answer(event, result.userAttributesToMap);
    } catch (error) {
      recordInternalError(recorder, error, context, 'every IdP attribute kept as sent');
      try {
        return answer(event, {});
      } catch {
        return event;
      }
    }
  };

/**
 * The whole Inbound federation function (Lambda version V1_0): keeps every IdP attribute Cognito
 * is about to map within its length limit.
 */
export function createInboundFederationTrigger(options: TriggerOptions = {}) {
  const setup = setUpFunction(
    'inbound-federation',
    'IdP attributes will be limited with the defaults',
    options,
  );
  return withLambdaContext(setup.logger, createInboundFederationHandler(setup));
}
