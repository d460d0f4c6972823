/**
 * A rule's `when`, compiled once per config into sets, and checked per sign-in: every key
 * present must hold; within a key, any listed value matches. A machine-to-machine token has no
 * user, so its `groups`, `providers` and `attributes` conditions never hold.
 */
import type { SignIn } from './sign-in';
import type { Conditions } from './types';

interface AttributeCondition {
  readonly name: string;
  readonly values: ReadonlySet<string>;
}

/** Every field present, in one order, so the per-sign-in check reads one object shape. */
export interface CompiledConditions {
  readonly groups: ReadonlySet<string> | undefined;
  readonly providers: ReadonlySet<string> | undefined;
  readonly triggerSources: ReadonlySet<string> | undefined;
  readonly attributes: readonly AttributeCondition[] | undefined;
}

export function compileConditions(when: Conditions): CompiledConditions {
  return {
    groups: when.groups ? new Set(when.groups) : undefined,
    providers: when.providers ? new Set(when.providers) : undefined,
    triggerSources: when.triggerSources ? new Set(when.triggerSources) : undefined,
    attributes: when.attributes
      ? Object.entries(when.attributes).map(([name, values]) => ({ name, values: new Set(values) }))
      : undefined,
  };
}

function inAnyGroup(groups: ReadonlySet<string>, signIn: SignIn): boolean {
  for (const group of signIn.groups) if (groups.has(group)) return true;
  return false;
}

function attributesMatch(conditions: readonly AttributeCondition[], signIn: SignIn): boolean {
  for (const { name, values } of conditions) {
    // Only a string counts: "constructor" is not Object's function.
    const value: unknown = signIn.attributes[name];
    if (typeof value !== 'string' || !values.has(value)) return false;
  }
  return true;
}

export function conditionsHold(when: CompiledConditions, signIn: SignIn): boolean {
  if (when.triggerSources && !when.triggerSources.has(signIn.triggerSource)) return false;
  if (when.groups && (signIn.m2m || !inAnyGroup(when.groups, signIn))) return false;
  if (
    when.providers &&
    (signIn.m2m || signIn.provider === undefined || !when.providers.has(signIn.provider))
  ) {
    return false;
  }
  return !(when.attributes && (signIn.m2m || !attributesMatch(when.attributes, signIn)));
}

/**
 * The first condition that does not hold, as its config path under the rule (`when.groups`,
 * `when.attributes["custom:tier"]`), or undefined when they all hold: for explanations, checked
 * in `conditionsHold`'s order.
 */
export function failedCondition(when: CompiledConditions, signIn: SignIn): string | undefined {
  if (when.triggerSources && !when.triggerSources.has(signIn.triggerSource)) {
    return 'when.triggerSources';
  }
  if (when.groups && (signIn.m2m || !inAnyGroup(when.groups, signIn))) return 'when.groups';
  if (
    when.providers &&
    (signIn.m2m || signIn.provider === undefined || !when.providers.has(signIn.provider))
  ) {
    return 'when.providers';
  }
  if (!when.attributes) return undefined;
  for (const condition of when.attributes) {
    if (signIn.m2m || !attributesMatch([condition], signIn)) {
      return `when.attributes[${JSON.stringify(condition.name)}]`;
    }
  }
  return undefined;
}
