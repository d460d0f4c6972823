/**
 * The Post authentication / Post confirmation trigger's logic around the pure IdP token check.
 * It only observes: it never blocks a sign-in, never calls AWS, and returns the event exactly as
 * Cognito sent it. Faults leave an ERROR record.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { EventError } from '../../core/errors';
import { checkIdpTokens } from '../../core/idp/check-idp-tokens';
import type { ConfigResult } from '../config/load-config';
import { eventContext } from '../events/cognito-event';
import { toGuardInput } from '../events/idp-events';
import { setUpFunction, type TriggerOptions } from '../function-setup';
import type { FailureRecorder } from '../observability';
import {
  configInvalidFailure,
  eventInvalidFailure,
  recordInternalError,
} from '../trigger-failures';
import { withLambdaContext } from '../with-lambda-context';

export interface PostAuthenticationDeps {
  readonly config: ConfigResult;
  readonly logger: Logger;
  readonly recorder: FailureRecorder;
  /** Milliseconds since the epoch (Date.now); injected so tests control "stale". */
  readonly now: () => number;
}

export const createPostAuthenticationHandler =
  ({ config, logger, recorder, now }: PostAuthenticationDeps) =>
  async <E>(event: E): Promise<E> => {
    const context = eventContext(event);
    try {
      if (!config.ok) {
        recorder.record([configInvalidFailure(config, 'IdP tokens not checked')], context);
        return event;
      }
      let input: ReturnType<typeof toGuardInput>;
      try {
        input = toGuardInput(event);
      } catch (error) {
        if (!(error instanceof EventError)) throw error;
        recorder.record([eventInvalidFailure(error, 'IdP tokens not checked')], context);
        return event;
      }
      const result = checkIdpTokens(config.config, input, now() / 1000);
      recorder.record(result.failures, context);
      logger.debug('IdP tokens checked', {
        federated: result.federated,
        providerName: result.providerName,
        failures: result.failures.length,
        ...context,
      });
      return event;
    } catch (error) {
      recordInternalError(recorder, error, context, 'IdP tokens not checked, sign-in continues');
      return event;
    }
  };

/**
 * The whole Post authentication function; wire it to Post confirmation too (Post authentication
 * does not fire on a federated user's first sign-in). Never blocks a sign-in.
 */
export function createPostAuthenticationTrigger(options: TriggerOptions = {}) {
  const setup = setUpFunction('post-authentication', 'IdP tokens will not be checked', options);
  return withLambdaContext(
    setup.logger,
    createPostAuthenticationHandler({ ...setup, now: Date.now }),
  );
}
