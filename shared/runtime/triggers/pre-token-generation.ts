/**
 * The Pre Token Generation trigger's logic around the pure core: read the event, build the
 * response, record failures, and decide. Only a `required` claim may deny a sign-in; every other
 * fault returns the event as Cognito sent it (the token Cognito would issue) with an ERROR record.
 */
import { type Logger, LogLevelThreshold } from '@aws-lambda-powertools/logger';
import {
  buildResponse,
  type CompiledConfig,
  claimsBytes,
  compileConfig,
} from '../../core/claims/build-response';
import type { V1Response, V2Response } from '../../core/claims/types';
import { EventError, RequiredClaimError } from '../../core/errors';
import type { Failure } from '../../core/failure-codes';
import { loadRuleFeatures } from '../claims/load-rule-features';
import type { ConfigResult } from '../config/load-config';
import { type CognitoTriggerEvent, eventContext, toTokenRequest } from '../events/cognito-event';
import { setUpFunction, type TriggerOptions } from '../function-setup';
import type { FailureRecorder } from '../observability';
import type { SourceReader, SourceReaderOptions } from '../sources/dynamodb-reader';
import { loadSourceReader } from '../sources/load-reader';
import {
  configInvalidFailure,
  eventInvalidFailure,
  recordInternalError,
} from '../trigger-failures';
import { withLambdaContext } from '../with-lambda-context';

/** What the sign-in gets when the trigger cannot do its work. */
const UNCUSTOMISED = 'tokens issued without customisation';

export interface PreTokenGenerationDeps {
  readonly config: ConfigResult;
  readonly logger: Logger;
  readonly recorder: FailureRecorder;
  /** For the table reader (config `sources`): the environment, a clock, a fetch. */
  readonly sources?: Partial<SourceReaderOptions>;
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

export const createPreTokenGenerationHandler = ({
  config,
  logger,
  recorder,
  sources,
}: PreTokenGenerationDeps) => {
  // Read once: Powertools reads the environment each time its level is asked for (~0.5 µs).
  const debug = logger.level <= LogLevelThreshold.DEBUG;
  // What the config always gives, worked out once here, at cold start, not per sign-in.
  let compiled: CompiledConfig | undefined;
  let compileError: unknown;
  if (config.ok) {
    try {
      compiled = compileConfig(config.config, loadRuleFeatures(config.config));
    } catch (error) {
      compileError = error;
    }
  }
  // Only a config with sources loads the table reader (a sibling file in a function bundle).
  const reader: SourceReader | undefined =
    compiled && compiled.sources.length > 0
      ? loadSourceReader(compiled, { ...sources, env: sources?.env ?? process.env })
      : undefined;
  return async <E>(event: E): Promise<E> => {
    try {
      if (!config.ok) {
        recorder.record([configInvalidFailure(config, UNCUSTOMISED)], eventContext(event));
        return event;
      }
      if (compiled === undefined) throw compileError;
      let request: ReturnType<typeof toTokenRequest>;
      try {
        request = toTokenRequest(event);
      } catch (error) {
        if (!(error instanceof EventError)) throw error;
        recorder.record([eventInvalidFailure(error, UNCUSTOMISED)], eventContext(event));
        return event;
      }
      let result: ReturnType<typeof buildResponse>;
      let failures: readonly Failure[];
      if (reader) {
        // Each source within its own timeoutMs, in parallel; a fault leaves its claims absent.
        const read = await reader.read(request);
        result = buildResponse(compiled, request, read.sourced);
        failures =
          read.failures.length > 0 ? [...read.failures, ...result.failures] : result.failures;
      } else {
        result = buildResponse(compiled, request);
        failures = result.failures;
      }
      // Who and where is read from the event only when there is something to record.
      if (failures.length > 0) recorder.record(failures, eventContext(event));
      if (result.deniedClaim !== undefined) throw new RequiredClaimError(result.deniedClaim);
      // The answer replaces whatever response the event arrived with: a V1 answer kept beside a
      // filled-in V2 block would let a reader of that block apply stale claims and groups.
      (event as CognitoTriggerEvent).response = result.response as unknown as Record<
        string,
        unknown
      >;
      // Names and sizes only: values may be sensitive. Skipped unless DEBUG is on (hot path).
      if (debug) {
        logger.debug('token customisation built', {
          version: request.version,
          claims: claimSummary(result.response),
          ...eventContext(event),
        });
      }
      return event;
    } catch (error) {
      if (error instanceof RequiredClaimError) throw error;
      recordInternalError(recorder, error, eventContext(event), UNCUSTOMISED);
      return event;
    }
  };
};

/**
 * The whole Pre Token Generation function (event versions 1, 2 and 3): logger, config and
 * failure recorder built once at cold start, wrapped in middy. `export const handler =
 * createPreTokenGenerationTrigger();` is a complete Lambda handler.
 */
export function createPreTokenGenerationTrigger(options: TriggerOptions = {}) {
  const setup = setUpFunction(
    'pre-token-generation',
    'tokens will be issued without customisation',
    options,
  );
  return withLambdaContext(setup.logger, createPreTokenGenerationHandler(setup));
}
