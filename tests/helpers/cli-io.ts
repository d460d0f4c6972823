/**
 * A CliIo whose stdout and stderr are strings, for running the operator tools' real commands
 * in tests (runCli) without touching the process streams.
 */
import type { CliIo } from '../../cli/common/io';

export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

export const captureIo = (
  options: {
    env?: Record<string, string | undefined>;
    cwd?: string;
    stdin?: string;
    tty?: boolean;
    /** Standard input is a terminal (nothing piped in). */
    stdinIsTTY?: boolean;
    confirm?: (question: string) => Promise<boolean>;
  } = {},
): CapturedIo => {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => (err += text), isTTY: options.tty ?? false },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    readStdin: async () => options.stdin ?? '',
    ...(options.stdinIsTTY !== undefined ? { stdinIsTTY: options.stdinIsTTY } : {}),
    ...(options.confirm ? { confirm: options.confirm } : {}),
    out: () => out,
    err: () => err,
  };
};
