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
}

/** Exit codes shared by every command. */
export const ExitCode = {
  OK: 0,
  ERROR: 1,
  /** doctor found something critical (a pipeline gate). */
  CRITICAL: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
