/**
 * The claims core: a compiled config + token request in, Cognito response + failures out.
 * Pure and deterministic: no logging, no environment, no clock, no AWS. Its steps, in order:
 * read the sign-in (`sign-in.ts`), select each claim's value (`select-claims.ts`, the budget in
 * `token-budget.ts`), the scopes (`scopes.ts`), and the answer's shape (`assemble-response.ts`).
 * What a config always gives is worked out once, by `compileConfig` (`compile.ts`).
 */
import { type Failure, FailureCode, FailureLevel } from '../failure-codes';
import type { SourcedValues } from '../sources/sourced-value';
import { assembleResponse } from './assemble-response';
import type { CompiledConfig } from './compile';
import { scopesFor } from './scopes';
import { selectClaims } from './select-claims';
import { readSignIn } from './sign-in';
import type { TokenRequest, V1Response, V2Response } from './types';

export { claimsBytes } from './claim-size';
export { type CompiledConfig, compileConfig } from './compile';

export interface BuildResult {
  readonly response: V1Response | V2Response;
  readonly failures: readonly Failure[];
  /** The first `required` claim that could not be produced: the sign-in must be denied. */
  readonly deniedClaim?: string;
}

/**
 * Builds the Pre Token Generation response for one request.
 * @param sourced what each sourced rule gets (`sourcedValues`: the runtime reads the sources first)
 */
export function buildResponse(
  compiled: CompiledConfig,
  request: TokenRequest,
  sourced?: SourcedValues,
): BuildResult {
  const failures: Failure[] = [];
  const groupFailures: Failure[] = [];
  const signIn = readSignIn(compiled, request, groupFailures, sourced);
  const claims = selectClaims(compiled, signIn, failures);
  const { scopes } = compiled;
  if (signIn.v1 && compiled.changesAccessOnly) {
    failures.push({
      code: FailureCode.ACCESS_TOKEN_NOT_CUSTOMISED,
      level: FailureLevel.WARN,
      message: `event version ${request.version} customises the ID token only: scopes and access-token suppressions not applied; set the trigger's LambdaVersion to V2_0`,
      token: 'access',
    });
  }
  for (const failure of groupFailures) failures.push(failure);
  if (!signIn.v1) {
    for (const scope of scopes.dropped) {
      failures.push({
        code: FailureCode.RESERVED_CLAIM_DROPPED,
        level: FailureLevel.WARN,
        message: `scope "${scope}" not added to the access token: the app client's settings grant it, not the trigger`,
        token: 'access',
      });
    }
  }
  const response = assembleResponse(compiled.config, signIn, claims, {
    add: scopesFor(scopes.add, scopes.addWhen, signIn),
    suppress: scopesFor(scopes.suppress, scopes.suppressWhen, signIn),
  });
  return claims.deniedClaim === undefined
    ? { response, failures }
    : { response, failures, deniedClaim: claims.deniedClaim };
}
