/**
 * The `identities` user attribute of a federated user: a JSON string in trigger events (an array
 * of objects with providerName, providerType, userId, primary, dateCreated; cognito-contract.md
 * §6.1). Read tolerantly: it is someone else's data and a bad value must not break a sign-in.
 */
import { isRecord } from '../is-record';

export interface Identity {
  readonly providerName?: string;
  readonly providerType?: string;
  readonly primary: boolean;
}

export type ParsedIdentities =
  | { readonly ok: true; readonly identities: readonly Identity[] }
  | { readonly ok: false };

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

export const parseIdentities = (raw: string): ParsedIdentities => {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false };
  }
  // The ID token carries an array; a lone object is tolerated as a list of one.
  const list = Array.isArray(json) ? json : isRecord(json) ? [json] : undefined;
  if (!list) return { ok: false };
  const identities = list.filter(isRecord).map((item): Identity => {
    const providerName = text(item.providerName);
    const providerType = text(item.providerType);
    return {
      ...(providerName ? { providerName } : {}),
      ...(providerType ? { providerType } : {}),
      primary: item.primary === true || item.primary === 'true',
    };
  });
  return { ok: true, identities };
};

/**
 * The identity this sign-in most likely used. A federated profile's username is
 * `<providerName>_<id>` (case may differ), so that match wins; then the primary one; then the first.
 */
export const pickIdentity = (
  identities: readonly Identity[],
  userName: string | undefined,
): Identity | undefined => {
  const lower = userName?.toLowerCase();
  const byName =
    lower === undefined
      ? undefined
      : identities.find(
          (identity) =>
            identity.providerName !== undefined &&
            lower.startsWith(`${identity.providerName.toLowerCase()}_`),
        );
  return byName ?? identities.find((identity) => identity.primary) ?? identities[0];
};
