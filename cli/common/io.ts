/**
 * What a command may touch, passed in so tests run the real commands against captured streams.
 */
export interface CliStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Reads standard input to the end (used when `failures` gets no file). */
  readonly readStdin: () => Promise<string>;
  /** Whether standard input is a terminal: then nobody is piping anything in. */
  readonly stdinIsTTY?: boolean;
  /** Asks a yes/no question on the terminal; absent when there is no terminal to ask on. */
  readonly confirm?: (question: string) => Promise<boolean>;
}

/** Exit codes shared by every command. */
export const ExitCode = {
  OK: 0,
  /** Bad flags or input, or a call that failed: one line on stderr says which. */
  ERROR: 1,
  /** Findings that should stop a pipeline (doctor critical, validate error, preview over a limit). */
  CRITICAL: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
