/**
 * The middy wrapper every function uses. It puts the Lambda context in every log line and never
 * logs the event, whatever POWERTOOLS_LOGGER_LOG_EVENT says: events carry IdP tokens, bearer
 * tokens and personal data. Apart from the config loader, so the benchmark's floor can use
 * exactly this setup.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';

/**
 * A Lambda handler as the runtime calls it. Named here rather than taken from middy, whose
 * ESM-only types a CommonJS consumer's TypeScript (moduleResolution node16) cannot import.
 */
export type LambdaHandler<E = unknown, R = unknown> = (event: E, context: Context) => Promise<R>;

export function withLambdaContext<E, R>(
  logger: Logger,
  handler: (event: E, context: Context) => Promise<R>,
): LambdaHandler<E, R> {
  return middy<E, R>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .handler(handler);
}
