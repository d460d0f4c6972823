/**
 * The inbound federation trigger's logic around the pure attribute limiter. It answers
 * `response.userAttributesToMap`: `{}` (Cognito keeps every IdP attribute as sent) unless a
 * value is over its limit, then every attribute with that value dropped or truncated. It never
 * throws; on any fault it answers `{}` and leaves an ERROR record.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ConfigResult } from '../config/load-config';
import { ATTRIBUTE_MAX_LENGTH } from '../config/parse-config';
import { EventError } from '../errors';
import { eventContext } from '../events/cognito-event';
import { type Failure, FailureCode, FailureLevel } from '../failure-codes';
import {
  type FederationConfig,
  limitFederationAttributes,
} from '../idp/limit-federation-attributes';
import { toFederationRequest } from '../idp/read-events';
import { describeError, type FailureRecorder } from '../observability';

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

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

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
        failures.push({
          code: FailureCode.CONFIG_INVALID,
          level: FailureLevel.ERROR,
          message: `claims config is invalid (${config.source}); IdP attributes limited with the defaults (${ATTRIBUTE_MAX_LENGTH} characters, tokens dropped, other values truncated)`,
          path: config.error.issues[0]?.path ?? '$',
        });
      }
      let request: ReturnType<typeof toFederationRequest>;
      try {
        request = toFederationRequest(event);
      } catch (error) {
        if (!(error instanceof EventError)) throw error;
        failures.push({
          code: FailureCode.EVENT_INVALID,
          level: FailureLevel.ERROR,
          message: `event not understood (${error.message}); every IdP attribute kept as sent`,
        });
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
      try {
        recorder.record(
          [
            {
              code: FailureCode.INTERNAL_ERROR,
              level: FailureLevel.ERROR,
              message: 'internal error; every IdP attribute kept as sent',
              ...describeError(error),
            },
          ],
          context,
        );
      } catch {
        // Recording must never be what breaks a sign-in.
      }
      try {
        return answer(event, {});
      } catch {
        return event;
      }
    }
  };
