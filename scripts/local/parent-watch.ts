/**
 * Noticing that the process which started the run has gone. `npm start` runs the script through
 * `sh -c`; npm forwards SIGINT and SIGTERM only to that shell, and dash (/bin/sh here) does not
 * exec the command, so a SIGTERM to npm ends the shell, then npm, and never reaches the script:
 * it is handed to init (or a subreaper) with its services still up. Its parent pid changing is
 * the only sign it gets, so it polls for that.
 */

export interface ParentWatch {
  stop(): void;
}

export interface ParentWatchOptions {
  readonly intervalMs?: number;
  /** The current parent pid (a seam for tests); process.ppid is read afresh on each call. */
  readonly ppid?: () => number;
}

export function watchParent(
  onGone: (formerParent: number) => void,
  { intervalMs = 250, ppid = () => process.ppid }: ParentWatchOptions = {},
): ParentWatch {
  const parent = ppid();
  const timer = setInterval(() => {
    if (ppid() === parent) return;
    clearInterval(timer);
    onGone(parent);
  }, intervalMs);
  // The watch never keeps the run alive by itself.
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
