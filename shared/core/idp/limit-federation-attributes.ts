/**
 * The inbound federation check: keeps every IdP attribute Cognito is about to map within the
 * attribute length limit, so an oversized value no longer fails the whole sign-in. Pure.
 *
 * The contract, from the AWS page "Inbound federation Lambda trigger"
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-inbound-federation.html,
 * read through its @types/aws-lambda 8.10.161 transcription and cognito-contract.md §6.6):
 * - request.attributes holds the raw IdP data BEFORE attribute mapping: `tokenResponse`
 *   (access_token, id_token, refresh_token, token_type, expires_in, scope), `idToken` (decoded,
 *   validated claims) and `userInfo` for OIDC and social IdPs; only `samlResponse` for SAML.
 * - response.userAttributesToMap (string map) replaces those attributes: "All attributes to be
 *   retained must be included; omitted attributes are dropped. Return an empty object `{}` to
 *   retain all original attributes unchanged."
 * So we answer `{}` unless something must change, and otherwise return EVERY attribute.
 */
import type { ClaimsConfig, IdpTokenRule } from '../claims/types';
import { type Failure, FailureCode, FailureLevel } from '../failure-codes';
import { looksLikeJwt } from './jwt';
import { characterLength, truncateValue } from './length';

/** The documented attribute sources, in the order they are merged (a later one wins a name). */
export const ATTRIBUTE_SOURCES = ['tokenResponse', 'idToken', 'userInfo', 'samlResponse'] as const;

/** tokenResponse entries that are tokens: never truncated, a cut token is useless. */
const TOKEN_RESPONSE_TOKENS = new Set(['access_token', 'id_token', 'refresh_token']);

export interface AttributeSource {
  readonly name: string;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface FederationRequest {
  readonly providerName?: string;
  readonly sources: readonly AttributeSource[];
}

export interface FederationResult {
  /** `{}` when nothing changed (Cognito keeps every attribute), else every attribute to keep. */
  readonly userAttributesToMap: Record<string, string>;
  readonly changed: boolean;
  readonly failures: readonly Failure[];
}

export type FederationConfig = Pick<ClaimsConfig, 'idpTokens' | 'federation'>;

/**
 * The map Cognito would see as strings. Numbers and booleans are written out; arrays and objects
 * as JSON; null is left out (there is no null attribute value to keep).
 */
const asString = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return undefined;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
};

interface Entry {
  readonly key: string;
  readonly source: string;
  readonly value: string;
}

const flatten = (sources: readonly AttributeSource[]): Map<string, Entry> => {
  const entries = new Map<string, Entry>();
  for (const source of sources) {
    for (const [key, raw] of Object.entries(source.values)) {
      const value = asString(raw);
      if (value !== undefined) entries.set(key, { key, source: source.name, value });
    }
  }
  return entries;
};

interface Plan {
  readonly rule?: IdpTokenRule;
  readonly limit: number;
  readonly onOverLimit: 'drop' | 'truncate';
  readonly token: boolean;
}

const planFor = (config: FederationConfig, entry: Entry): Plan => {
  const rule = config.idpTokens.find((candidate) => candidate.idpAttribute === entry.key);
  if (rule) return { rule, limit: rule.maxLength, onOverLimit: rule.onOverLimit, token: true };
  const token =
    (entry.source === 'tokenResponse' && TOKEN_RESPONSE_TOKENS.has(entry.key)) ||
    looksLikeJwt(entry.value);
  return {
    limit: config.federation.maxLength,
    onOverLimit: token ? 'drop' : config.federation.onOverLimit,
    token,
  };
};

export const limitFederationAttributes = (
  config: FederationConfig,
  request: FederationRequest,
): FederationResult => {
  const entries = flatten(request.sources);
  const who = request.providerName === undefined ? {} : { providerName: request.providerName };
  const over: { entry: Entry; plan: Plan; length: number }[] = [];
  for (const entry of entries.values()) {
    const plan = planFor(config, entry);
    const length = characterLength(entry.value);
    if (length > plan.limit) over.push({ entry, plan, length });
  }
  if (over.length === 0) return { userAttributesToMap: {}, changed: false, failures: [] };

  // An empty answer would mean "keep everything", oversized values included: if dropping would
  // leave nothing, truncate instead so the sign-in still goes through.
  const keepsSomething =
    over.length < entries.size || over.some((o) => o.plan.onOverLimit !== 'drop');
  const failures: Failure[] = [];
  const kept: [string, string][] = [];
  const overByKey = new Map(over.map((o) => [o.entry.key, o]));
  for (const entry of entries.values()) {
    const problem = overByKey.get(entry.key);
    if (!problem) {
      kept.push([entry.key, entry.value]);
      continue;
    }
    const { plan, length } = problem;
    const drop = plan.onOverLimit === 'drop' && keepsSomething;
    if (!drop) kept.push([entry.key, truncateValue(entry.value, plan.limit)]);
    const kind = plan.token ? 'IdP token' : 'IdP attribute';
    failures.push({
      ...who,
      code: FailureCode.IDP_TOKEN_OVER_LIMIT,
      level: FailureLevel.WARN,
      message: `${kind} ${entry.key} is ${length} characters, over the limit of ${plan.limit}; ${drop ? 'dropped' : 'truncated'} so the sign-in goes through`,
      idpAttribute: entry.key,
      ...(plan.rule ? { attribute: plan.rule.attribute } : {}),
      length,
      limit: plan.limit,
      action: drop ? 'dropped' : 'truncated',
      hint: drop
        ? 'The stored attribute keeps its previous value (or stays empty on a first sign-in); ask the IdP for a smaller value or stop mapping it'
        : plan.onOverLimit === 'drop'
          ? 'Every attribute was over the limit, and an empty answer would keep them all and fail the sign-in, so this one was truncated instead of dropped'
          : 'The stored value is cut to the limit, keeping whole list entries only; ask the IdP for a smaller value or filter it (e.g. fewer groups)',
    });
  }
  // fromEntries defines own properties, so even an IdP attribute named "__proto__" is kept.
  return { userAttributesToMap: Object.fromEntries(kept), changed: true, failures };
};
