/**
 * The Pre Token Generation trigger warm, and the same claims written by hand for scale. Each
 * figure counts only if the loop did the full work: every configured claim in its token, nothing
 * logged, and the hand-written handler writing exactly the claims the config does.
 */
import { join } from 'node:path';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import type { BenchBundles } from './bench-bundles';
import { FIXTURES } from './settings';
import { type WarmLoop, warmLoop } from './warm-loops';

/** The part of a V2 Pre Token Generation response the benchmark compares. */
export interface ClaimsOverride {
  readonly idTokenGeneration?: { readonly claimsToAddOrOverride?: Record<string, unknown> };
  readonly accessTokenGeneration?: { readonly claimsToAddOrOverride?: Record<string, unknown> };
}

export interface PreTokenWarm {
  readonly event: string;
  readonly preToken: WarmLoop;
  readonly handWritten: WarmLoop;
  /** What the trigger's answer added to each token. */
  readonly details: ClaimsOverride | undefined;
  /** How many claims it added to each. */
  readonly added: { readonly id: number; readonly access: number };
}

export const PRE_TOKEN_EVENT = join(FIXTURES, 'pre-token-generation-v2.json');

function overrideOf(answer: unknown): ClaimsOverride | undefined {
  return (answer as { response?: { claimsAndScopeOverrideDetails?: ClaimsOverride } }).response
    ?.claimsAndScopeOverrideDetails;
}

/** The claims in a stable order, so two answers compare by content alone. */
function sortedClaims(claims: object | undefined): string {
  return JSON.stringify(Object.entries(claims ?? {}).sort(([a], [b]) => a.localeCompare(b)));
}

export async function measurePreTokenWarm(
  bundles: BenchBundles,
  config: ClaimsConfig,
  samples: number,
  rounds: number,
): Promise<PreTokenWarm> {
  const event = PRE_TOKEN_EVENT;
  const preToken = await warmLoop(
    { subject: bundles.preToken, floor: bundles.floor, event, samples },
    rounds,
  );
  const details = overrideOf(preToken.answer);
  const added = {
    id: Object.keys(details?.idTokenGeneration?.claimsToAddOrOverride ?? {}).length,
    access: Object.keys(details?.accessTokenGeneration?.claimsToAddOrOverride ?? {}).length,
  };
  const expected = {
    id: config.claims.filter((rule) => rule.tokens.includes('id')).length,
    access: config.claims.filter((rule) => rule.tokens.includes('access')).length,
  };
  if (added.id !== expected.id || added.access !== expected.access || preToken.logLines > 0) {
    throw new Error(
      `the pre token generation loop did not do the full work (claims ${JSON.stringify(added)}, expected ${JSON.stringify(expected)}; ${preToken.logLines} log lines)`,
    );
  }

  const handWritten = await warmLoop(
    { subject: bundles.handWritten, floor: bundles.floor, event, samples },
    rounds,
  );
  // The comparison holds only if both produce the same claims.
  const byHand = overrideOf(handWritten.answer);
  for (const part of ['idTokenGeneration', 'accessTokenGeneration'] as const) {
    if (
      sortedClaims(byHand?.[part]?.claimsToAddOrOverride) !==
      sortedClaims(details?.[part]?.claimsToAddOrOverride)
    ) {
      throw new Error(
        `bench/hand-written-handler.ts no longer writes the claims the config does (${part})`,
      );
    }
  }
  return { event, preToken, handWritten, details, added };
}
