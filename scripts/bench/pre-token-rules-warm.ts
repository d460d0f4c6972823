/**
 * The Pre Token Generation trigger warm with claim rules, beside the plain 15-claim row: the same
 * event, a config whose rules use conditions (groups, providers, trigger sources, attributes), a
 * group map, fallback chains and transforms (bench/fixtures/claims-rules.config.json), in a bundle
 * of its own. The figure counts only if the rules did their work and nothing was logged.
 */
import { join } from 'node:path';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { parseConfig } from '../../shared/core/config/parse-config';
import { bundle } from './bench-bundles';
import { PRE_TOKEN_EVENT } from './pre-token-warm';
import { readJson } from './read-json';
import { FIXTURES, ROOT } from './settings';
import { type WarmLoop, warmLoop } from './warm-loops';

export const RULES_CONFIG = join(FIXTURES, 'claims-rules.config.json');

export interface PreTokenRulesWarm {
  readonly loop: WarmLoop;
  /** How many claim rules, and how many of them have a `when`, a `map` or a `transform`. */
  readonly rules: number;
  readonly shaped: number;
  /** How many claims the answer added to each token. */
  readonly added: { readonly id: number; readonly access: number };
}

interface Answer {
  readonly response?: {
    readonly claimsAndScopeOverrideDetails?: {
      readonly idTokenGeneration?: { readonly claimsToAddOrOverride?: Record<string, unknown> };
      readonly accessTokenGeneration?: {
        readonly claimsToAddOrOverride?: Record<string, unknown>;
        readonly scopesToAdd?: readonly string[];
      };
    };
  };
}

/** What the fixture event (groups finance and reporting) must get from the rules config. */
const EXPECTED = {
  role: 'finance',
  permissions: ['invoices:read', 'invoices:approve', 'reports:read'],
  scopes: ['api/read', 'reports/read', 'invoices/approve'],
  emailDomain: 'acme.example',
};

export async function measurePreTokenRulesWarm(
  work: string,
  floor: string,
  samples: number,
  rounds: number,
): Promise<PreTokenRulesWarm> {
  const config: ClaimsConfig = parseConfig(
    readJson(RULES_CONFIG),
    'bench/fixtures/claims-rules.config.json',
  );
  const subject = await bundle(
    join(ROOT, 'functions', 'pre-token-generation', 'handler.ts'),
    join(work, 'pre-token-generation-rules'),
    config,
  );
  const loop = await warmLoop({ subject, floor, event: PRE_TOKEN_EVENT, samples }, rounds);
  const details = (loop.answer as Answer).response?.claimsAndScopeOverrideDetails;
  const id = details?.idTokenGeneration?.claimsToAddOrOverride ?? {};
  const access = details?.accessTokenGeneration?.claimsToAddOrOverride ?? {};
  const did =
    access.role === EXPECTED.role &&
    JSON.stringify(access.permissions) === JSON.stringify(EXPECTED.permissions) &&
    JSON.stringify(details?.accessTokenGeneration?.scopesToAdd) ===
      JSON.stringify(EXPECTED.scopes) &&
    id.email_domain === EXPECTED.emailDomain;
  if (!did || loop.logLines > 0) {
    throw new Error(
      `the pre token generation rules loop did not do the full work (role ${JSON.stringify(access.role)}, permissions ${JSON.stringify(access.permissions)}; ${loop.logLines} log lines)`,
    );
  }
  return {
    loop,
    rules: config.claims.length,
    shaped: config.claims.filter((rule) => rule.when || rule.map || rule.transform).length,
    added: { id: Object.keys(id).length, access: Object.keys(access).length },
  };
}
