/**
 * A source key's template, `"TENANT#{custom:tenant_id}"`: literal text and placeholders naming
 * `sub`, `username`, `clientId` or a user attribute. Parsed once (at config time and at cold
 * start), rendered per sign-in by concatenation: no regular expression on the sign-in path.
 */
import type { TokenRequest } from '../claims/types';

export type KeyPart = { readonly text: string } | { readonly placeholder: string };

/** What a placeholder may name besides a user attribute. */
export const KEY_PLACEHOLDERS = ['sub', 'username', 'clientId'] as const;

/** Whether a placeholder can ever have a value: ours, or an attribute name Cognito can send. */
function placeholderProblem(name: string): string | undefined {
  if (name === '') return 'an empty placeholder "{}" names nothing';
  if ((KEY_PLACEHOLDERS as readonly string[]).includes(name)) return undefined;
  if (name.startsWith('custom:') || name.startsWith('dev:')) {
    return name.length > name.indexOf(':') + 1 ? undefined : `"{${name}}" names no attribute`;
  }
  for (let i = 0; i < name.length; i += 1) {
    const code = name.charCodeAt(i);
    if (!(code === 95 || (code >= 97 && code <= 122))) {
      return `"{${name}}" can never have a value: name sub, username, clientId, a standard attribute (email, ...) or a custom one as "custom:${name}"`;
    }
  }
  return undefined;
}

/** The template's parts, or why it is not one. */
export function parseKeyTemplate(
  template: string,
): readonly KeyPart[] | { readonly problem: string } {
  const parts: KeyPart[] = [];
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('{', at);
    const close = template.indexOf('}', at);
    if (close >= 0 && (open < 0 || close < open)) {
      return { problem: `"}" at character ${close + 1} closes no placeholder` };
    }
    if (open < 0) {
      parts.push({ text: template.slice(at) });
      break;
    }
    if (open > at) parts.push({ text: template.slice(at, open) });
    if (close < 0) return { problem: `"{" at character ${open + 1} is never closed` };
    const name = template.slice(open + 1, close);
    if (name.includes('{')) return { problem: `"{" at character ${open + 1} is never closed` };
    const problem = placeholderProblem(name);
    if (problem) return { problem };
    parts.push({ placeholder: name });
    at = close + 1;
  }
  if (parts.length === 0) return { problem: 'an empty key value matches no item' };
  return parts;
}

/** Whether the parts read the signing-in user (a client-credentials token has none). */
export const readsUser = (parts: readonly KeyPart[]): boolean =>
  parts.some((part) => 'placeholder' in part && part.placeholder !== 'clientId');

const placeholderValue = (request: TokenRequest, name: string): string | undefined => {
  if (name === 'clientId') return request.clientId;
  if (name === 'username') return request.userName;
  const value: unknown = request.userAttributes[name];
  return typeof value === 'string' ? value : undefined;
};

/** The key value for this sign-in; undefined when a placeholder has no (or an empty) value. */
export function renderKey(parts: readonly KeyPart[], request: TokenRequest): string | undefined {
  let key = '';
  for (const part of parts) {
    if ('text' in part) key += part.text;
    else {
      const value = placeholderValue(request, part.placeholder);
      if (value === undefined || value === '') return undefined;
      key += value;
    }
  }
  return key;
}
