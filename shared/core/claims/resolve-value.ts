/**
 * What one rule gives for one sign-in: its static value, or its source (a user attribute, or the
 * user's groups) converted to its type, through its `transform`, then its `map`. A rule that
 * gives nothing says why, so the caller can record it, try the next rule, or use its default.
 */
import { FailureCode } from '../failure-codes';
import type { RulePlan } from './compile';
import { convertValue, Unconvertible } from './convert';
import { mapList, mapText } from './map-values';
import type { SignIn } from './sign-in';
import type { ClaimValue } from './types';

/** Why a rule gave nothing. A class, so `instanceof` tells it from any claim value. */
export class Miss {
  constructor(
    readonly code:
      | typeof FailureCode.ATTRIBUTE_MISSING
      | typeof FailureCode.TYPE_MISMATCH
      | typeof FailureCode.SOURCE_ITEM_MISSING
      | typeof FailureCode.SOURCE_VALUE_INVALID,
    /** What happened to the source, for the record: names and reasons, never the value. */
    readonly text: string,
    /** Length of the source text, when there was one. */
    readonly length: number | undefined,
  ) {}
}

export const isEmpty = (value: ClaimValue): boolean =>
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

/** An attribute the user has. Only a string counts: "constructor" is not Object's function. */
const attributeOf = (signIn: SignIn, name: string): string | undefined => {
  const value: unknown = signIn.attributes[name];
  return typeof value === 'string' ? value : undefined;
};

/** A string or string-list value through `transform` and `map`. */
export function shape(
  plan: RulePlan,
  value: ClaimValue,
  length: number | undefined,
): ClaimValue | Miss {
  const { transform, map } = plan;
  if (typeof value === 'string') {
    let text: string | undefined = value;
    if (transform) {
      text = transform(text);
      if (text === undefined) {
        return new Miss(
          FailureCode.ATTRIBUTE_MISSING,
          `${plan.source} gives nothing after its "transform"`,
          length,
        );
      }
    }
    if (map) {
      text = mapText(map, text);
      if (text === undefined) {
        return new Miss(
          FailureCode.ATTRIBUTE_MISSING,
          `${plan.source} has no entry in "map"`,
          length,
        );
      }
    }
    return text;
  }
  if (!Array.isArray(value)) return value;
  let list = value as readonly string[];
  if (transform) {
    const transformed: string[] = [];
    for (const item of list) {
      const text = transform(String(item));
      if (text !== undefined) transformed.push(text);
    }
    if (transformed.length === 0) {
      return new Miss(
        FailureCode.ATTRIBUTE_MISSING,
        `${plan.source} gives nothing after its "transform"`,
        length,
      );
    }
    list = transformed;
  }
  if (map) {
    const mapped = mapList(map, list);
    if (mapped === undefined) {
      return new Miss(
        FailureCode.ATTRIBUTE_MISSING,
        `${plan.source} has no entry in "map"`,
        length,
      );
    }
    list = mapped;
  }
  return list as string[];
}

/** A sourced rule whose source was not read (a caller that read none). */
const notRead = (plan: RulePlan): Miss =>
  new Miss(FailureCode.ATTRIBUTE_MISSING, `source "${plan.sourceName}" was not read`, undefined);

/**
 * The rule's value, why it has none, or undefined when it cannot apply: a client-credentials
 * token has no user, so a rule that reads the user simply does not apply (nothing to record).
 */
export function resolveValue(plan: RulePlan, signIn: SignIn): ClaimValue | Miss | undefined {
  if (plan.value !== undefined) return plan.value;
  // What a source gave is worked out before the core runs (shared/core/sources/sourced-value.ts).
  if (plan.sourceIndex >= 0) {
    const given = signIn.sourced[plan.index];
    return given === null ? undefined : (given ?? notRead(plan));
  }
  if (signIn.m2m) return undefined;
  if (plan.readsGroups) {
    if (signIn.groups.length === 0) {
      return new Miss(FailureCode.ATTRIBUTE_MISSING, 'the user is in no group', undefined);
    }
    return plan.shaped ? shape(plan, signIn.groups as string[], undefined) : [...signIn.groups];
  }
  const raw = attributeOf(signIn, plan.attribute);
  if (raw === undefined)
    return new Miss(FailureCode.ATTRIBUTE_MISSING, `${plan.source} is absent`, undefined);
  // Most claims are strings, which need no conversion.
  let value: ClaimValue | Miss = raw;
  if (plan.type !== 'string') {
    const converted = convertValue(raw, plan.type);
    if (converted instanceof Unconvertible) {
      return new Miss(
        FailureCode.TYPE_MISMATCH,
        `${plan.source} does not convert to ${plan.type} (${converted.reason})`,
        raw.length,
      );
    }
    value = converted;
  }
  if (plan.shaped) value = shape(plan, value, raw.length);
  if (value instanceof Miss) return value;
  // A required claim that is present but empty would satisfy nothing downstream.
  if (plan.required && isEmpty(value)) {
    return new Miss(FailureCode.ATTRIBUTE_MISSING, `${plan.source} is empty`, raw.length);
  }
  return value;
}
