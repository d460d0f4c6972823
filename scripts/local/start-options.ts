/** `npm start -- <options>`: what the run does, read from its arguments. */
import { join, resolve } from 'node:path';

export interface StartOptions {
  /** Run once, stop everything, exit 0 only if every step worked. */
  once: boolean;
  /** cognito-local as published: V1 events, ID token only. */
  v1: boolean;
  /** Use the bundles already in dist/. */
  skipBuild: boolean;
  /** The state folder, emptied at the start of each run. */
  stateDir: string;
  /** Where the JSON report goes, if anywhere. */
  report?: string;
}

export function parseStartArgs(argv: readonly string[], root: string): StartOptions {
  const options: StartOptions = {
    once: false,
    v1: false,
    skipBuild: false,
    stateDir: join(root, '.local', 'start'),
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg}: expected a value`);
      i += 1;
      return next;
    };
    if (arg === '--once') options.once = true;
    else if (arg === '--v1') options.v1 = true;
    else if (arg === '--skip-build') options.skipBuild = true;
    else if (arg === '--state-dir') options.stateDir = resolve(value());
    else if (arg === '--report') options.report = resolve(value());
    else
      throw new Error(
        `unknown option ${arg} (known: --once, --v1, --skip-build, --state-dir, --report)`,
      );
  }
  return options;
}
