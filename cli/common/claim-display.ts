/**
 * How the operator tools print a claim's value: JSON, shortened, and never the value of a
 * sensitive claim or an IdP token (only its length). Shared by `preview` and `explain`.
 */
import type { ClaimsConfig } from '../../shared/core/claims/types';

const DISPLAY_MAX = 60;

const shorten = (text: string) =>
  text.length > DISPLAY_MAX ? `${text.slice(0, DISPLAY_MAX - 1)}…` : text;

/** The claims whose values are never printed: sensitive rules and the IdP token attributes. */
export function hiddenClaims(config: ClaimsConfig): Set<string> {
  const hidden = new Set<string>();
  const tokenAttributes = new Set(config.idpTokens.map((entry) => entry.attribute));
  for (const rule of config.claims) {
    if (rule.sensitive || (rule.from && tokenAttributes.has(rule.from))) hidden.add(rule.claim);
  }
  for (const attribute of tokenAttributes) hidden.add(attribute);
  return hidden;
}

/** The value as printed: `<hidden: N chars>` for a hidden claim. */
export function displayValue(claim: string, value: unknown, hidden: ReadonlySet<string>): string {
  const json = JSON.stringify(value) ?? 'undefined';
  return hidden.has(claim) ? `<hidden: ${json.length} chars>` : shorten(json);
}
