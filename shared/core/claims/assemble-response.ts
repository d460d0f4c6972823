/**
 * The answer in the shape the event's version takes. V1 (and the emulators' "0") answer
 * `claimsOverrideDetails` for the ID token, strings only; V2/V3 answer
 * `claimsAndScopeOverrideDetails` for both tokens (client credentials: the access token only).
 * `groupOverrideDetails` appears only when the config has a `groups` rule: an empty one would
 * wipe the user's groups.
 */
import type { SelectedClaims } from './select-claims';
import type { SignIn } from './sign-in';
import type { ClaimsConfig, V1Response, V2Response } from './types';

export interface Scopes {
  readonly add: readonly string[];
  readonly suppress: readonly string[];
}

export function assembleResponse(
  config: ClaimsConfig,
  signIn: SignIn,
  claims: SelectedClaims,
  scopes: Scopes,
): V1Response | V2Response {
  const { groupOverride } = signIn;
  // Built by assignment, not spreads: this runs on every sign-in and token refresh.
  if (signIn.v1) {
    const details: V1Response['claimsOverrideDetails'] = {
      claimsToAddOrOverride: claims.id as Record<string, string>,
      claimsToSuppress: config.suppress.id,
    };
    if (groupOverride) details.groupOverrideDetails = groupOverride;
    return { claimsOverrideDetails: details };
  }
  const accessTokenGeneration = {
    claimsToAddOrOverride: claims.access,
    claimsToSuppress: config.suppress.access,
    scopesToAdd: scopes.add,
    scopesToSuppress: scopes.suppress,
  };
  const details: V2Response['claimsAndScopeOverrideDetails'] = signIn.m2m
    ? { accessTokenGeneration }
    : {
        idTokenGeneration: {
          claimsToAddOrOverride: claims.id,
          claimsToSuppress: config.suppress.id,
        },
        accessTokenGeneration,
      };
  if (groupOverride) details.groupOverrideDetails = groupOverride;
  return { claimsAndScopeOverrideDetails: details };
}
