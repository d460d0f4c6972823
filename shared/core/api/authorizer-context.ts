/**
 * How the verifying authorizer hands claims to the integration. API Gateway accepts only string,
 * number and boolean values in an authorizer context (and REST APIs turn even those into
 * strings), so every verified claim travels once more as JSON text under one documented key.
 * Pure: shared by the authorizer (encode) and the API helper (decode).
 */

/** The context key holding every verified claim as JSON text, types intact. */
export const CLAIMS_CONTEXT_KEY = 'claimsJson';

export type ContextValue = string | number | boolean;

// Keys API Gateway itself puts next to the context (REST: principalId, integrationLatency).
const TAKEN_KEYS = new Set([CLAIMS_CONTEXT_KEY, 'principalId', 'integrationLatency']);

const isScalar = (value: unknown): value is ContextValue =>
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value));

/**
 * Scalar claims under their own names (handy for mapping templates such as
 * `$context.authorizer.tenant_id`), and all of them as JSON under {@link CLAIMS_CONTEXT_KEY}.
 */
export const encodeAuthorizerContext = (
  claims: Readonly<Record<string, unknown>>,
): Record<string, ContextValue> => {
  const context: Record<string, ContextValue> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (isScalar(value) && !TAKEN_KEYS.has(name)) context[name] = value;
  }
  context[CLAIMS_CONTEXT_KEY] = JSON.stringify(claims);
  return context;
};

/** The claims of a context made by {@link encodeAuthorizerContext}, or undefined. */
export const decodeAuthorizerContext = (context: unknown): Record<string, unknown> | undefined => {
  if (typeof context !== 'object' || context === null) return undefined;
  const text = (context as Record<string, unknown>)[CLAIMS_CONTEXT_KEY];
  if (typeof text !== 'string') return undefined;
  try {
    const claims: unknown = JSON.parse(text);
    if (typeof claims === 'object' && claims !== null && !Array.isArray(claims)) {
      return claims as Record<string, unknown>;
    }
  } catch {
    // Not ours: treated as absent.
  }
  return undefined;
};
