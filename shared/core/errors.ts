/**
 * One error hierarchy for the suite. Every error carries a stable `code`.
 * Messages may reach an end user (Cognito shows a trigger's error text on the sign-in page),
 * so they never contain attribute values, tokens or other PII: names and codes only.
 */

export const ErrorCode = {
  CONFIG_INVALID: 'CONFIG_INVALID',
  EVENT_INVALID: 'EVENT_INVALID',
  REQUIRED_CLAIM_MISSING: 'REQUIRED_CLAIM_MISSING',
  ATTACH_REFUSED: 'ATTACH_REFUSED',
  USAGE_INVALID: 'USAGE_INVALID',
  AWS_REQUEST_FAILED: 'AWS_REQUEST_FAILED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class CognitoClaimsError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CognitoClaimsError';
    this.code = code;
  }
}

/** One problem in a config document, located by a JSON path such as `$.claims[2].type`. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

export class ConfigError extends CognitoClaimsError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], source: string, options?: ErrorOptions) {
    const lines = issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n');
    super(
      ErrorCode.CONFIG_INVALID,
      `Invalid claims config (${source}), ${issues.length} problem(s):\n${lines}`,
      options,
    );
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export class EventError extends CognitoClaimsError {
  constructor(message: string, options?: ErrorOptions) {
    super(ErrorCode.EVENT_INVALID, message, options);
    this.name = 'EventError';
  }
}

/**
 * Thrown to deny a sign-in when a claim marked `required` cannot be produced.
 * Cognito shows the message to the user as "PreTokenGeneration failed with error <message>."
 */
export class RequiredClaimError extends CognitoClaimsError {
  readonly claim: string;

  constructor(claim: string, options?: ErrorOptions) {
    super(
      ErrorCode.REQUIRED_CLAIM_MISSING,
      `Sign-in refused: your account has no valid value for "${claim}". Contact your administrator.`,
      options,
    );
    this.name = 'RequiredClaimError';
    this.claim = claim;
  }
}

/** `npm run attach` will not touch the user pool: bad flags, a pool it must not change, no consent. */
export class AttachError extends CognitoClaimsError {
  constructor(message: string, options?: ErrorOptions) {
    super(ErrorCode.ATTACH_REFUSED, message, options);
    this.name = 'AttachError';
  }
}
