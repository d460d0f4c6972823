/**
 * Before anything starts: an empty state folder, the config the build packages with the functions
 * (CLAIMS_CONFIG_FILE, else the sourced demo config, scripts/local/demo-claims.config.json:
 * claims.config.json plus the "account" table and the claims it feeds), and which trigger version
 * the emulator will speak.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadCliConfig } from '../../cli/common/config';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { cognitoLocalPatched } from './cognito-local';
import type { RunLog } from './run-log';
import type { StartOptions } from './start-options';

/** npm start's config unless CLAIMS_CONFIG_FILE names another; `npm run deploy` never reads it. */
export const DEMO_CONFIG = join('scripts', 'local', 'demo-claims.config.json');

export interface RunSetup {
  readonly config: ClaimsConfig;
  /** The config file: given to the build and the plugin as CLAIMS_CONFIG_FILE. */
  readonly configFile: string;
  /** The same, as shown and as the operator commands take it (relative to the repository). */
  readonly configShown: string;
  /** The claims the config puts in a token, to mark them when tokens are shown. */
  readonly configured: ReadonlySet<string>;
  /** V2: the trigger's claims in both tokens, typed; V1: ID token only, strings. */
  readonly v2: boolean;
  /** The token the authorizer reads: V1 puts the claims in the ID token only. */
  readonly tokenUse: 'id' | 'access';
}

export function prepareRun(root: string, options: StartOptions, log: RunLog): RunSetup {
  rmSync(options.stateDir, { recursive: true, force: true });
  mkdirSync(join(options.stateDir, 'cognito', '.cognito'), { recursive: true });
  const configFile = join(root, process.env.CLAIMS_CONFIG_FILE || DEMO_CONFIG);
  const configShown = relative(root, configFile).startsWith('..')
    ? configFile
    : relative(root, configFile);
  // The file only: CLAIMS_CONFIG (JSON text) is what a deployed function may be given instead.
  const config = loadCliConfig(configFile, { env: {}, cwd: root }).config;
  log.report.config = configShown;
  const v2 = !options.v1 && cognitoLocalPatched();
  const tokenUse = v2 ? config.authorizer.tokenUse : 'id';
  log.report.triggerVersion = v2 ? 'V2_0' : 'V1_0';
  log.report.tokenUse = tokenUse;
  return {
    config,
    configFile,
    configShown,
    configured: new Set(config.claims.map((rule) => rule.claim)),
    v2,
    tokenUse,
  };
}

/**
 * The claims the config puts in a token of this kind for any user, each once: a claim only rules
 * with a `when` give (a role for one group) is not expected of every user.
 */
export function claimsFor(config: ClaimsConfig, kind: 'id' | 'access'): string[] {
  const claims = config.claims
    .filter((rule) => rule.tokens.includes(kind) && rule.when === undefined)
    .map((rule) => rule.claim);
  return [...new Set(claims)];
}
