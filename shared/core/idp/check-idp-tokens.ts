/**
 * The post-sign-in check of IdP tokens that attribute mapping stored in custom attributes
 * (Post authentication and Post confirmation triggers). Pure: attributes and a clock in,
 * failures out. Failures carry names, codes and lengths only, never a value.
 */
import type { ClaimsConfig, IdpTokenRule } from '../claims/types';
import { ATTRIBUTE_MAX_LENGTH } from '../cognito';
import { type Failure, FailureCode, FailureLevel } from '../failure-codes';
import { parseIdentities, pickIdentity } from './identities';
import { decodeJwt, JWT_PROBLEM_TEXT, numericDate } from './jwt';
import { characterLength, LengthStatus, lengthStatus } from './length';

export interface IdpGuardInput {
  readonly userAttributes: Readonly<Record<string, string>>;
  readonly userName?: string;
}

export interface IdpGuardResult {
  /** Whether the user signs in through an external IdP (the checks ran). */
  readonly federated: boolean;
  readonly providerName?: string;
  readonly failures: readonly Failure[];
}

export type IdpGuardConfig = Pick<ClaimsConfig, 'idpTokens' | 'providers'>;

const HINT = {
  NEAR_LIMIT: `Cognito rejects the whole sign-in once the value passes ${ATTRIBUTE_MAX_LENGTH} characters: ask the IdP for a smaller token (fewer groups, scopes or claims) or stop mapping it; the inbound federation trigger drops it when it gets there`,
  OVER_LIMIT:
    'The stored value is longer than the configured maxLength: set "maxLength" to the custom attribute\'s real maximum, or ask the IdP for a smaller token',
  MALFORMED:
    'If this IdP issues opaque tokens (e.g. Google access tokens), set "format": "opaque" for this entry',
  NO_IAT: 'The token has no numeric "iat" claim, so its freshness cannot be checked',
  STALE:
    'Cognito did not update the attribute at this sign-in: make the custom attribute mutable and give the app client write permission on it (and check the provider maps the IdP attribute to it)',
  STALE_LINKED:
    'This profile has linked IdP identities; a password sign-in does not refresh mapped attributes, so an old token can be normal here',
  MISSING:
    "Map the IdP attribute in the identity provider's attribute mapping, check the IdP sends it (requested scopes / claims), and give the app client write permission on the attribute",
} as const;

const present = (value: string | undefined): value is string => value !== undefined && value !== '';

const findProvider = (config: IdpGuardConfig, providerName: string | undefined) => {
  if (providerName === undefined) return undefined;
  const exact = config.providers[providerName];
  if (exact) return exact;
  const lower = providerName.toLowerCase();
  const key = Object.keys(config.providers).find((name) => name.toLowerCase() === lower);
  return key === undefined ? undefined : config.providers[key];
};

const checkToken = (
  rule: IdpTokenRule,
  value: string,
  nowSeconds: number,
  linked: boolean,
  base: Pick<Failure, 'attribute' | 'providerName' | 'idpAttribute'>,
): Failure[] => {
  const failures: Failure[] = [];
  // Characters never outnumber UTF-16 units, so a value short in units is not counted: this runs
  // on every sign-in, and a record (rare) counts when it needs the figure.
  let counted: number | undefined;
  const lengthOf = (): number => {
    counted ??= characterLength(value);
    return counted;
  };
  const status =
    value.length < Math.ceil(rule.maxLength * rule.warnRatio)
      ? LengthStatus.OK
      : lengthStatus(lengthOf(), rule.maxLength, rule.warnRatio);
  if (status === LengthStatus.OVER_LIMIT) {
    failures.push({
      ...base,
      code: FailureCode.IDP_TOKEN_OVER_LIMIT,
      level: FailureLevel.WARN,
      message: `IdP token in ${rule.attribute} is ${lengthOf()} characters, over the limit of ${rule.maxLength}`,
      length: lengthOf(),
      limit: rule.maxLength,
      hint: HINT.OVER_LIMIT,
    });
  } else if (status === LengthStatus.NEAR_LIMIT) {
    failures.push({
      ...base,
      code: FailureCode.IDP_TOKEN_NEAR_LIMIT,
      level: FailureLevel.WARN,
      message: `IdP token in ${rule.attribute} is ${lengthOf()} of ${rule.maxLength} characters`,
      length: lengthOf(),
      limit: rule.maxLength,
      hint: HINT.NEAR_LIMIT,
    });
  }
  if (rule.format !== 'jwt') return failures;

  const decoded = decodeJwt(value);
  if (!decoded.ok) {
    failures.push({
      ...base,
      code: FailureCode.IDP_TOKEN_MALFORMED,
      level: FailureLevel.WARN,
      message: `IdP token in ${rule.attribute} ${JWT_PROBLEM_TEXT[decoded.problem]}`,
      length: lengthOf(),
      hint: HINT.MALFORMED,
    });
    return failures;
  }
  const iat = numericDate(decoded.payload, 'iat');
  if (iat === undefined) {
    failures.push({
      ...base,
      code: FailureCode.IDP_TOKEN_MALFORMED,
      level: FailureLevel.WARN,
      message: `IdP token in ${rule.attribute} has no numeric "iat" claim`,
      length: lengthOf(),
      hint: HINT.NO_IAT,
    });
    return failures;
  }
  const ageSeconds = Math.floor(nowSeconds - iat);
  if (ageSeconds > rule.maxAgeSeconds) {
    failures.push({
      ...base,
      code: FailureCode.IDP_TOKEN_STALE,
      level: linked ? FailureLevel.INFO : FailureLevel.WARN,
      message: `IdP token in ${rule.attribute} was issued ${ageSeconds} s before this sign-in (tolerance ${rule.maxAgeSeconds} s)`,
      ageSeconds,
      hint: linked ? `${HINT.STALE} ${HINT.STALE_LINKED}` : HINT.STALE,
    });
  }
  return failures;
};

/**
 * Checks a signed-in user's stored IdP tokens and expected attributes.
 * @param nowSeconds the sign-in time, in seconds since the epoch.
 */
export const checkIdpTokens = (
  config: IdpGuardConfig,
  input: IdpGuardInput,
  nowSeconds: number,
): IdpGuardResult => {
  const attributes = input.userAttributes;
  const status = attributes['cognito:user_status'];
  const external = status === 'EXTERNAL_PROVIDER';
  const rawIdentities = attributes.identities;
  const failures: Failure[] = [];
  if (config.idpTokens.length === 0 && Object.keys(config.providers).length === 0) {
    // Nothing to guard: not even a garbled `identities` value is worth a record.
    return { federated: external || present(rawIdentities), failures };
  }

  let providerName: string | undefined;
  let hasIdentities = false;
  if (present(rawIdentities)) {
    const parsed = parseIdentities(rawIdentities);
    if (parsed.ok) {
      hasIdentities = parsed.identities.length > 0;
      providerName = pickIdentity(parsed.identities, input.userName)?.providerName;
    } else {
      hasIdentities = true;
      failures.push({
        code: FailureCode.EVENT_INVALID,
        level: FailureLevel.WARN,
        message:
          'request.userAttributes.identities is not a JSON array of identities; the IdP checks ran without a provider name',
        path: 'request.userAttributes.identities',
      });
    }
  }
  if (!external && !hasIdentities) return { federated: false, failures: [] };

  // A native profile with linked identities may have signed in with a password, which
  // does not refresh mapped attributes.
  const linked = !external;
  const provider = findProvider(config, providerName);
  const expected = new Set(provider?.expectedAttributes ?? []);
  const who = providerName === undefined ? {} : { providerName };

  for (const rule of config.idpTokens) {
    const base = {
      ...who,
      attribute: rule.attribute,
      ...(rule.idpAttribute === undefined ? {} : { idpAttribute: rule.idpAttribute }),
    };
    const value = attributes[rule.attribute];
    if (!present(value)) {
      // Expected ones are reported below; otherwise this IdP simply does not send this token.
      if (!expected.has(rule.attribute)) {
        failures.push({
          ...base,
          code: FailureCode.IDP_ATTRIBUTE_MISSING,
          level: FailureLevel.INFO,
          message: `IdP token attribute ${rule.attribute} is not set for this user; nothing to check`,
        });
      }
      continue;
    }
    failures.push(...checkToken(rule, value, nowSeconds, linked, base));
  }

  for (const attribute of expected) {
    if (present(attributes[attribute])) continue;
    failures.push({
      ...who,
      code: FailureCode.IDP_ATTRIBUTE_MISSING,
      level: FailureLevel.WARN,
      message: `expected attribute ${attribute} is missing after sign-in through ${providerName ?? 'the IdP'}`,
      attribute,
      hint: HINT.MISSING,
    });
  }
  return { federated: true, ...who, failures };
};
