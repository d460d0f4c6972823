/** The function bundles serverless-offline runs, built as `npm run build` builds them. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { out } from './output';
import type { RunLog } from './run-log';

/**
 * Returns whether the build worked; its output is shown only when it did not.
 * @param configFile the config the bundles are built with (build.mjs reads CLAIMS_CONFIG_FILE)
 */
export function buildFunctions(root: string, log: RunLog, configFile: string): boolean {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CLAIMS_CONFIG_FILE: configFile },
  });
  if (!log.record('built the functions (npm run build)', build.status === 0)) {
    out(build.stdout + build.stderr);
    return false;
  }
  return true;
}
