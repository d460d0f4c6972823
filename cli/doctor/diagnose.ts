/**
 * The doctor's runner: pool, app clients, identity providers and claims config in, findings out,
 * most severe first. Pure: no AWS calls, no I/O. Each check names what is wrong, why it matters
 * and the exact fix (console path and CLI command). Sources: cognito-contract.md §3, §6, §7;
 * anchors-features.md §7, §9.
 */
import { ALL_CHECKS } from './all-checks';
import { triggerVersion } from './pre-token-trigger';
import {
  type Check,
  type CheckContext,
  type DoctorInput,
  type Finding,
  SEVERITY_RANK,
  Severity,
} from './types';

/** The same finding found twice (e.g. two idpTokens entries for one attribute) is reported once. */
function findingKey(f: Finding): string {
  return [f.code, f.clientId, f.attribute, f.claim, f.provider, f.source].join('|');
}

/** Runs every check; findings are sorted critical → warning → info, then in check order. */
export function diagnose(input: DoctorInput, checks: readonly Check[] = ALL_CHECKS): Finding[] {
  const ctx: CheckContext = {
    config: input.config,
    pool: input.pool,
    poolId: input.pool.Id ?? '<user-pool-id>',
    region: input.region ?? '',
    clients: input.clients,
    ...(input.providers ? { providers: input.providers } : {}),
    gaps: input.gaps,
    version: triggerVersion(input.pool),
    ...(input.emulator ? { emulator: input.emulator } : {}),
    ...(input.stage ? { stage: input.stage } : {}),
    ...(input.endpoint ? { endpoint: input.endpoint } : {}),
    ...(input.tables ? { tables: input.tables } : {}),
  };
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const check of checks) {
    for (const finding of check(ctx)) {
      const key = findingKey(finding);
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
  }
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] || a.index - b.index,
    )
    .map(({ finding }) => finding);
}

export function hasCritical(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === Severity.CRITICAL);
}
