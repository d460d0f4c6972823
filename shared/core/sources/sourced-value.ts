/**
 * What each sourced rule gets for one sign-in, from what its source gave: the value at the
 * rule's path converted to its type and shaped by its `transform` and `map`, or why there is
 * none. Worked out before the core's selection step, by the table reader's bundle, so the
 * function bundle of a config without sources carries none of it.
 */

import type { CompiledConfig, RulePlan } from '../claims/compile';
import { convertValue, Unconvertible } from '../claims/convert';
import { isEmpty, Miss, shape } from '../claims/resolve-value';
import type { ClaimValue, TokenRequest } from '../claims/types';
import { CLIENT_CREDENTIALS } from '../cognito';
import { FailureCode } from '../failure-codes';
import { InvalidItemValue, itemValue } from './item-value';
import { SourceOutcome, type SourceResults } from './types';

/** By rule index: the value, why there is none, or null when the rule does not apply. */
export type SourcedValues = readonly (ClaimValue | Miss | null | undefined)[];

/** An item's value as the rule's type: as the item has it ("json"), or converted. */
function asType(plan: RulePlan, value: ClaimValue): ClaimValue | Miss {
  const { type } = plan;
  if (type === 'json') return value;
  if (typeof value === 'string') {
    if (type === 'string') return value;
    const converted = convertValue(value, type);
    if (!(converted instanceof Unconvertible)) return converted;
    return new Miss(
      FailureCode.TYPE_MISMATCH,
      `${plan.source} does not convert to ${type} (${converted.reason})`,
      value.length,
    );
  }
  if (type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return String(value);
  }
  if (type === 'number' && typeof value === 'number') return value;
  if (type === 'boolean' && typeof value === 'boolean') return value;
  if (type === 'string[]' && Array.isArray(value)) return value.map(String);
  const held = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a map' : typeof value;
  return new Miss(
    FailureCode.TYPE_MISMATCH,
    `${plan.source} holds ${held}, not ${type}`,
    undefined,
  );
}

function sourcedValue(
  plan: RulePlan,
  m2m: boolean,
  results: SourceResults,
): ClaimValue | Miss | null | undefined {
  const result = results[plan.sourceIndex];
  const name = `source "${plan.sourceName}"`;
  if (result === undefined) return undefined;
  if (result === SourceOutcome.UNKEYED) {
    // A machine-to-machine token has no user: a key made of the user's values does not apply.
    if (m2m) return null;
    return new Miss(
      FailureCode.ATTRIBUTE_MISSING,
      `${name} has no key for this sign-in (a key placeholder has no value)`,
      undefined,
    );
  }
  if (result === SourceOutcome.MISSING) {
    return new Miss(
      FailureCode.SOURCE_ITEM_MISSING,
      `${name} has no item for this sign-in`,
      undefined,
    );
  }
  if ('failed' in result) {
    return new Miss(
      FailureCode.ATTRIBUTE_MISSING,
      `${name} could not be read (${result.failed})`,
      undefined,
    );
  }
  const found = itemValue(result.item, plan.path);
  if (found === undefined) {
    return new Miss(FailureCode.ATTRIBUTE_MISSING, `${plan.source} is absent`, undefined);
  }
  if (found instanceof InvalidItemValue) {
    return new Miss(
      FailureCode.SOURCE_VALUE_INVALID,
      `${plan.source} holds ${found.reason}`,
      undefined,
    );
  }
  let value = asType(plan, found);
  if (value instanceof Miss) return value;
  if (plan.shaped) value = shape(plan, value, undefined);
  if (value instanceof Miss) return value;
  if (plan.required && isEmpty(value)) {
    return new Miss(FailureCode.ATTRIBUTE_MISSING, `${plan.source} is empty`, undefined);
  }
  return value;
}

/** Each sourced rule's value from the sources' results (by source index); others undefined. */
export function sourcedValues(
  compiled: CompiledConfig,
  request: TokenRequest,
  results: SourceResults,
): SourcedValues {
  const m2m = request.triggerSource === CLIENT_CREDENTIALS;
  return compiled.rules.map((plan) =>
    plan.sourceIndex >= 0 ? sourcedValue(plan, m2m, results) : undefined,
  );
}
