/** The validate report: a readable text form and a stable JSON form. */
import { type Colours, NO_COLOURS } from '../common/colour';
import type { ValidationFinding, ValidationSeverity } from '../common/pool-validation';

export interface CheckedPool {
  /** The pool's logical ID in the template, or its ID. */
  readonly name: string;
  readonly clients: number;
}

export interface ValidateReport {
  /** The template file, or `user pool <id> in <region>`. */
  readonly source: string;
  readonly configSource: string;
  readonly pools: readonly CheckedPool[];
  readonly findings: readonly ValidationFinding[];
  readonly exitCode: number;
}

const LABEL: Readonly<Record<ValidationSeverity, string>> = {
  error: 'ERROR',
  warning: 'WARNING',
  info: 'INFO',
};
const LABEL_WIDTH = 8;

export const countBySeverity = (findings: readonly ValidationFinding[]) => ({
  error: findings.filter((f) => f.severity === 'error').length,
  warning: findings.filter((f) => f.severity === 'warning').length,
  info: findings.filter((f) => f.severity === 'info').length,
});

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function formatValidateText(report: ValidateReport, colours: Colours = NO_COLOURS): string {
  const counts = countBySeverity(report.findings);
  const pools =
    report.pools.length === 0
      ? 'no user pool checked'
      : report.pools
          .map((pool) => `user pool ${pool.name} (${plural(pool.clients, 'app client')})`)
          .join(', ');
  const lines = [
    `cognito-claims validate: ${report.configSource} against ${report.source}`,
    `  ${pools}`,
    '',
  ];
  const paint = { error: colours.red, warning: colours.yellow, info: colours.cyan };
  report.findings.forEach((finding, index) => {
    const word = LABEL[finding.severity];
    const label = `${paint[finding.severity](word)}${' '.repeat(LABEL_WIDTH - word.length)}`;
    lines.push(`${index + 1}. ${label} [${finding.code}] ${finding.message}`);
    lines.push(`   Fix: ${finding.fix}`);
    lines.push('');
  });
  if (report.findings.length === 0) lines.push('No problems found.', '');
  lines.push(
    `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info; exit code ${report.exitCode}`,
  );
  return `${lines.join('\n')}\n`;
}

export function formatValidateJson(report: ValidateReport): string {
  return `${JSON.stringify({ ...report, summary: countBySeverity(report.findings) }, null, 2)}\n`;
}
