/**
 * Defaults and Cognito limits the config falls back on. Kept apart from the validator so a
 * trigger can read them without bundling it.
 */

/** Added claims per token, in bytes of JSON. 2 KB of JSON is ~2.7 KB once base64url-encoded in
 * the JWT: a typical ID token (~1.7 KB) stays under ~4.5 KB, far below the 8 KB header limits. */
export const DEFAULT_TOKEN_BUDGET_BYTES = 2048;
