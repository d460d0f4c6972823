/**
 * What one sign-in brings that the rules read, worked out once per request: the event version,
 * whether a user is signing in at all, the user's groups (after the `groups` rewrite) and IdP.
 */
import { CLIENT_CREDENTIALS } from '../cognito';
import type { Failure } from '../failure-codes';
import { parseIdentities, pickIdentity } from '../idp/identities';
import type { SourcedValues } from '../sources/sourced-value';
import type { CompiledConfig } from './compile';
import type { GroupOverrideDetails, TokenRequest } from './types';

/** The provider a `providers` condition names for a user who has no IdP identities. */
export const COGNITO_PROVIDER = 'Cognito';

const NO_GROUPS: readonly string[] = [];

export interface SignIn {
  readonly request: TokenRequest;
  /** "0" and "1": the V1 answer, ID token only, strings only. */
  readonly v1: boolean;
  /** Client credentials: no user, access token only. */
  readonly m2m: boolean;
  readonly triggerSource: string;
  readonly clientId: string | undefined;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The groups the tokens will carry: the rewrite's when configured, else Cognito's. */
  readonly groups: readonly string[];
  readonly groupOverride: GroupOverrideDetails | undefined;
  /** The user's IdP; undefined when no rule asks, or when `identities` cannot be read. */
  readonly provider: string | undefined;
  /** What each sourced rule gets (by rule index), worked out from the sources' items first. */
  readonly sourced: SourcedValues;
}

/**
 * The IdP of a federated user: the identity whose provider name prefixes the user name, else the
 * primary one (the one `identities` reader every trigger uses); "Cognito" without identities.
 * An `identities` attribute that is not readable names no provider, so no `providers` holds.
 */
export function providerOf(request: TokenRequest): string | undefined {
  const raw: unknown = request.userAttributes.identities;
  if (typeof raw !== 'string' || raw === '') return COGNITO_PROVIDER;
  const parsed = parseIdentities(raw);
  if (!parsed.ok) return undefined;
  const named = parsed.identities.filter((identity) => identity.providerName !== undefined);
  if (named.length === 0) return COGNITO_PROVIDER;
  return pickIdentity(named, request.userName)?.providerName;
}

/** @param groupFailures where the `groups` rewrite reports; the core lists them after the claims' */
export function readSignIn(
  compiled: CompiledConfig,
  request: TokenRequest,
  groupFailures: Failure[],
  sourced: SourcedValues = [],
): SignIn {
  const m2m = request.triggerSource === CLIENT_CREDENTIALS;
  const groupOverride: GroupOverrideDetails | undefined =
    compiled.groups && !m2m ? compiled.groups.groupsFor(request, groupFailures) : undefined;
  return {
    request,
    v1: request.version === '0' || request.version === '1',
    m2m,
    triggerSource: request.triggerSource,
    clientId: request.clientId,
    sourced,
    attributes: request.userAttributes,
    groups:
      groupOverride?.groupsToOverride ?? request.groupConfiguration?.groupsToOverride ?? NO_GROUPS,
    groupOverride,
    provider: compiled.readsProviders && !m2m ? providerOf(request) : undefined,
  };
}
