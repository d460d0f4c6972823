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
    out: () => out,
    err: () => err,
  };
};
