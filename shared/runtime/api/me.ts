/**
 * `GET /me`: answers with the claims the authorizer passed, typed, and which authorizer passed
 * them. The proof that an API reads enriched claims from the token without calling GetUser.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { readApiClaims } from '../../core/api/read-claims';
import type { ClaimsConfig } from '../../core/claims/types';

export interface ApiResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const json = (statusCode: number, body: unknown): ApiResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export interface MeDeps {
  /** Only the claims' declared types are read. */
  readonly config: Pick<ClaimsConfig, 'claims'>;
  readonly logger: Logger;
}

export const createMeHandler =
  ({ config, logger }: MeDeps) =>
  async (event: unknown): Promise<ApiResponse> => {
    const read = readApiClaims(event, config);
    if (!read) {
      logger.warn('no authorizer claims on the request; is the route behind an authorizer?');
      return json(401, { message: 'Unauthorized: no authorizer claims on this request' });
    }
    if (read.unreadable.length > 0) {
      // Names and expected types only: never a claim value.
      logger.warn('claims not readable as their declared type', {
        source: read.source,
        unreadable: read.unreadable,
      });
    }
    return json(200, read);
  };
