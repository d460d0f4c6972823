/**
 * Colour for severities, only where a person reads it: on a terminal, unless NO_COLOR is set
 * (https://no-color.org: any non-empty value) or TERM is "dumb". Piped or captured output gets
 * none, so machine readers and golden files see plain text.
 */
import type { CliStream } from './io';

export interface Colours {
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly bold: (text: string) => string;
}

const plain = (text: string) => text;
const sgr = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;

export const NO_COLOURS: Colours = { red: plain, yellow: plain, cyan: plain, bold: plain };

export function coloursFor(
  stream: CliStream,
  env: Readonly<Record<string, string | undefined>>,
): Colours {
  const enabled = stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
  return enabled ? { red: sgr(31), yellow: sgr(33), cyan: sgr(36), bold: sgr(1) } : NO_COLOURS;
}
