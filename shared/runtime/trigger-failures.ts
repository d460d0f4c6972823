/**
 * The failures every trigger records the same way: a config it cannot use, an event it cannot
 * read, a bug. `consequence` says what the sign-in gets instead, for the operator reading it.
 */

import { type Failure, FailureCode, FailureLevel } from '../core/failure-codes';
import type { ConfigResult } from './config/load-config';
import type { EventContext } from './events/cognito-event';
import { describeError, type FailureRecorder } from './observability';

export const configInvalidFailure = (
  config: Extract<ConfigResult, { ok: false }>,
  consequence: string,
): Failure => ({
  code: FailureCode.CONFIG_INVALID,
  level: FailureLevel.ERROR,
  message: `claims config is invalid (${config.source}); ${consequence}`,
  path: config.issues[0]?.path ?? '$',
});

export const eventInvalidFailure = (error: unknown, consequence: string): Failure => ({
  code: FailureCode.EVENT_INVALID,
  level: FailureLevel.ERROR,
  message: `event not understood (${error instanceof Error ? error.message : 'unknown'}); ${consequence}`,
});

/** Records a bug as INTERNAL_ERROR; never throws, since recording must not break a sign-in. */
export const recordInternalError = (
  recorder: FailureRecorder,
  error: unknown,
  context: EventContext,
  consequence: string,
): void => {
  try {
    recorder.record(
      [
        {
          code: FailureCode.INTERNAL_ERROR,
          level: FailureLevel.ERROR,
          message: `internal error; ${consequence}`,
          ...describeError(error),
        },
      ],
      context,
    );
  } catch {
    // Nothing left to do: the trigger still returns.
  }
};
