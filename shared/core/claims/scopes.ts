/**
 * The scopes step: what the access token gains and loses for this sign-in. Unconditional entries
 * are the config's own frozen lists, shared by every invocation; a `when` adds its scope only
 * when it holds.
 */
import type { CompiledScope } from './compile';
import { conditionsHold } from './conditions';
import type { SignIn } from './sign-in';

export function scopesFor(
  always: readonly string[],
  conditional: readonly CompiledScope[],
  signIn: SignIn,
): readonly string[] {
  if (conditional.length === 0) return always;
  const scopes = [...always];
  for (const { scope, when } of conditional) {
    if (conditionsHold(when, signIn) && !scopes.includes(scope)) scopes.push(scope);
  }
  return scopes;
}
