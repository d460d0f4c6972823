/** The preview as a readable report, or JSON. */

import type { SignInExplanation } from '../common/claim-explanations';
import { formatBytes, renderTable } from '../common/table';
import type { PreviewResult, TokenPreview } from './preview';
import { HEADER_LIMITS, type LimitCheck } from './token-size';

export interface PreviewReport extends PreviewResult {
  readonly configSource: string;
  readonly userSource: string;
}

const TOKEN_NAME = { id: 'ID token', access: 'Access token' } as const;

const limitCell = (check: LimitCheck | undefined) =>
  check
    ? `${formatBytes(check.bytes)} (${check.percent.toFixed(1)}%) ${check.fits ? 'ok' : 'OVER'}`
    : '';

const tokenSection = (token: TokenPreview): string[] => {
  const state = token.customised ? 'changed by the trigger' : 'not changed by the trigger';
  const lines = [`${TOKEN_NAME[token.token]} (${state})`];
  if (token.added.length > 0) {
    // The rule column appears when preview names rules: with conditions or fallbacks.
    const rules = token.added.some((claim) => claim.rule !== undefined);
    const table = renderTable(
      [
        { header: 'Claim added' },
        { header: 'Value' },
        { header: 'Bytes', align: 'right' },
        ...(rules ? [{ header: 'From rule' }] : []),
      ],
      token.added.map((claim) => [
        claim.claim,
        claim.display,
        formatBytes(claim.bytes),
        ...(rules ? [claim.rule ?? ''] : []),
      ]),
    );
    lines.push(...table.split('\n').map((line) => `  ${line}`));
  } else {
    lines.push('  No claims added.');
  }
  if (token.attributes) {
    lines.push(`  User attributes Cognito adds itself: ${token.attributes.join(', ') || '(none)'}`);
  }
  if (token.suppressed.length > 0) lines.push(`  Suppressed: ${token.suppressed.join(', ')}`);
  if (token.groups) lines.push(`  cognito:groups: ${token.groups.join(', ')}`);
  if (token.scopes) {
    const changes = [
      ...token.scopes.added.map((scope) => `+${scope}`),
      ...token.scopes.suppressed.map((scope) => `-${scope}`),
    ];
    lines.push(
      `  Scopes: ${token.scopes.final.join(' ') || '(none)'}${changes.length ? ` (${changes.join(', ')})` : ''}`,
    );
  }
  return lines;
};

const TOKEN_SHORT = { id: 'ID', access: 'access' } as const;

/** Each claim's rules in order with what each did, then the scopes and groups. */
const explanationSection = (explanation: SignInExplanation): string[] => {
  const lines: string[] = [];
  if (explanation.claims.length > 0) {
    lines.push('Why each claim came out as it did');
    for (const claim of explanation.claims) {
      const verdict = claim.added ? `added by ${claim.rule}` : 'not added';
      lines.push(`  ${claim.claim} (${TOKEN_SHORT[claim.token]} token): ${verdict}`);
      for (const step of claim.steps) {
        const detail = step.detail !== undefined ? `: ${step.detail}` : '';
        lines.push(`    ${step.rule} (${step.description}): ${step.outcome}${detail}`);
      }
    }
    lines.push('');
  }
  if (explanation.scopes.length > 0) {
    lines.push('Scopes');
    for (const scope of explanation.scopes) {
      const verdict = scope.applied
        ? scope.action === 'add'
          ? 'added'
          : 'suppressed'
        : `not ${scope.action === 'add' ? 'added' : 'suppressed'}`;
      lines.push(`  ${scope.rule}: ${verdict} (${scope.reason})`);
    }
    lines.push('');
  }
  const { groups } = explanation;
  if (groups) {
    lines.push(`Groups${groups.keepRule ? ` (${groups.keepRule} applies)` : ''}`);
    lines.push(`  kept: ${groups.kept.join(', ') || '(none)'}`);
    lines.push(`  removed: ${groups.removed.join(', ') || '(none)'}`);
    lines.push('');
  }
  return lines;
};

export const formatPreviewText = (report: PreviewReport): string => {
  const lines = [
    `cognito-claims preview: ${report.triggerSource}, event version ${report.version}, app client ${report.clientId}, user ${report.username}`,
    `  config: ${report.configSource}; user: ${report.userSource}`,
    '',
  ];
  for (const token of report.tokens) lines.push(...tokenSection(token), '');
  if (report.explanation) lines.push(...explanationSection(report.explanation));
  if (report.failures.length > 0) {
    lines.push('Dropped or missing (the failure records the trigger would log)');
    const table = renderTable(
      [{ header: 'Code' }, { header: 'Claim' }, { header: 'Token' }, { header: 'Why' }],
      report.failures.map((failure) => [
        failure.code,
        failure.claim ?? '',
        failure.token ?? '',
        failure.message,
      ]),
    );
    lines.push(...table.split('\n').map((line) => `  ${line}`), '');
  }
  if (report.tokens.length > 0) {
    lines.push('Estimated size (RS256 JWT, base64url: Cognito baseline + the trigger changes)');
    const columns = [
      { header: 'Token' },
      { header: 'Cognito alone', align: 'right' as const },
      { header: 'With changes', align: 'right' as const },
      ...HEADER_LIMITS.map((limit) => ({
        header: `${limit.name} ${formatBytes(limit.limit)} B`,
        align: 'right' as const,
      })),
    ];
    const rows = report.tokens.map((token) => [
      token.token,
      formatBytes(token.jwtBytes - token.growth),
      `${formatBytes(token.jwtBytes)} (${token.growth >= 0 ? '+' : ''}${formatBytes(token.growth)})`,
      ...HEADER_LIMITS.map((limit) =>
        limitCell(token.limits.find((check) => check.id === limit.id)),
      ),
    ]);
    lines.push(
      ...renderTable(columns, rows)
        .split('\n')
        .map((line) => `  ${line}`),
    );
    for (const limit of HEADER_LIMITS) lines.push(`  ${limit.name}: ${limit.scope}`);
    const { combined } = report;
    if (combined) {
      lines.push(
        `  All three tokens (ID + access + refresh, about ${formatBytes(combined.refreshBytes)}): ${formatBytes(combined.bytes)} B against about ${formatBytes(combined.limit)} B of cookies per domain: ${combined.fits ? 'ok' : 'OVER'}`,
      );
    }
    lines.push('');
  }
  for (const note of report.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
};

export const formatPreviewJson = (report: PreviewReport): string =>
  `${JSON.stringify(report, null, 2)}\n`;

/** 2 when the sign-in would be refused or a token breaks a limit: a deploy gate. */
export const previewExitCode = (result: PreviewResult): number =>
  result.deniedClaim !== undefined ||
  result.tokens.some((token) => token.limits.some((check) => !check.fits))
    ? 2
    : 0;
