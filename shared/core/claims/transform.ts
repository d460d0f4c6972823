/**
 * A rule's `transform`: ordered steps on a string value, compiled once per config. Literal text
 * operations only, no regular expressions, so a step takes time in proportion to its input.
 */
import type { TransformStep } from './types';

const Op = {
  TRIM: 0,
  LOWERCASE: 1,
  UPPERCASE: 2,
  PREFIX: 3,
  STRIP_PREFIX: 4,
  AFTER: 5,
  BEFORE: 6,
  REPLACE: 7,
} as const;
type Op = (typeof Op)[keyof typeof Op];

/** One shape for every step, so the per-sign-in loop reads them at one shape's speed. */
export interface CompiledStep {
  readonly op: Op;
  readonly text: string;
  readonly to: string;
}

function compileStep(step: TransformStep): CompiledStep {
  if (step === 'trim') return { op: Op.TRIM, text: '', to: '' };
  if (step === 'lowercase') return { op: Op.LOWERCASE, text: '', to: '' };
  if (step === 'uppercase') return { op: Op.UPPERCASE, text: '', to: '' };
  if ('prefix' in step) return { op: Op.PREFIX, text: step.prefix, to: '' };
  if ('stripPrefix' in step) return { op: Op.STRIP_PREFIX, text: step.stripPrefix, to: '' };
  if ('after' in step) return { op: Op.AFTER, text: step.after, to: '' };
  if ('before' in step) return { op: Op.BEFORE, text: step.before, to: '' };
  return { op: Op.REPLACE, text: step.replace.from, to: step.replace.to };
}

export function compileTransform(steps: readonly TransformStep[]): readonly CompiledStep[] {
  return steps.map(compileStep);
}

/**
 * The text through every step; undefined when `after` or `before` finds no separator, or when
 * the result is empty: either way the rule yields nothing and the next rule for the claim tries.
 */
export function transformText(steps: readonly CompiledStep[], input: string): string | undefined {
  let text = input;
  for (const step of steps) {
    switch (step.op) {
      case Op.TRIM:
        text = text.trim();
        break;
      case Op.LOWERCASE:
        text = text.toLowerCase();
        break;
      case Op.UPPERCASE:
        text = text.toUpperCase();
        break;
      case Op.PREFIX:
        text = step.text + text;
        break;
      case Op.STRIP_PREFIX:
        if (text.startsWith(step.text)) text = text.slice(step.text.length);
        break;
      case Op.AFTER: {
        const at = text.indexOf(step.text);
        if (at < 0) return undefined;
        text = text.slice(at + step.text.length);
        break;
      }
      case Op.BEFORE: {
        const at = text.indexOf(step.text);
        if (at < 0) return undefined;
        text = text.slice(0, at);
        break;
      }
      case Op.REPLACE:
        // split/join, not replaceAll: "$&" and the like in the replacement stay literal.
        text = text.split(step.text).join(step.to);
        break;
    }
  }
  return text === '' ? undefined : text;
}
