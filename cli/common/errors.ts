/**
 * Errors the operator tools print as one line and exit 1 on: bad flags or input, and AWS calls
 * that failed in a way worth explaining (credentials, region, unknown pool, throttling).
 */
import { CognitoClaimsError, ErrorCode } from '../../shared/core/errors';

export class UsageError extends CognitoClaimsError {
  constructor(message: string, options?: ErrorOptions) {
    super(ErrorCode.USAGE_INVALID, message, options);
    this.name = 'UsageError';
  }
}

export class AwsCallError extends CognitoClaimsError {
  constructor(message: string, options?: ErrorOptions) {
    super(ErrorCode.AWS_REQUEST_FAILED, message, options);
    this.name = 'AwsCallError';
  }
}
