/** The doctor report: a readable text form and a stable JSON form. */
import { type Colours, NO_COLOURS } from '../common/colour';
import type { SourceTableStatus } from './checks/source-tables';
import type { Finding, Severity } from './types';

/** A configured source's table as doctor found it; its problems are findings. */
export interface SourceTableLine {
  readonly source: string;
  readonly table: string;
  readonly region: string;
  readonly endpoint?: string;
  readonly status: SourceTableStatus;
  /** The table's key, when DescribeTable answered: `pk (HASH, S), sk (RANGE, S)`. */
  readonly key?: string;
}

export interface DoctorReport {
  readonly userPoolId: string;
  readonly poolName?: string;
  readonly region: string;
  /** The emulator serving the pool, when doctor recognised one. */
  readonly emulator?: string;
  readonly configSource: string;
  readonly clients: number;
  /** Null when they could not be listed. */
  readonly providers: number | null;
  /** Present only when the config has `sources`. */
  readonly tables?: readonly SourceTableLine[];
  readonly findings: readonly Finding[];
  readonly exitCode: number;
}

const LABEL: Readonly<Record<Severity, string>> = {
  critical: 'CRITICAL',
  warning: 'WARNING',
  info: 'INFO',
};
const LABEL_WIDTH = 8;

/** The severity word, coloured when colour is on; padded outside the colour so columns line up. */
function label(severity: Severity, colours: Colours): string {
  const word = LABEL[severity];
  const paint = { critical: colours.red, warning: colours.yellow, info: colours.cyan }[severity];
  return `${paint(word)}${' '.repeat(LABEL_WIDTH - word.length)}`;
}

export const countBySeverity = (findings: readonly Finding[]) => ({
  critical: findings.filter((f) => f.severity === 'critical').length,
  warning: findings.filter((f) => f.severity === 'warning').length,
  info: findings.filter((f) => f.severity === 'info').length,
});

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export const formatDoctorText = (report: DoctorReport, colours: Colours = NO_COLOURS): string => {
  const counts = countBySeverity(report.findings);
  const lines = [
    `cognito-claims doctor: user pool ${report.userPoolId}${report.poolName ? ` (${report.poolName})` : ''} in ${report.region}${report.emulator ? ` (${report.emulator})` : ''}`,
    `  ${plural(report.clients, 'app client')}, ${report.providers === null ? 'identity providers not readable' : plural(report.providers, 'identity provider')}; config: ${report.configSource}`,
  ];
  for (const table of report.tables ?? []) {
    if (table.status !== 'ok') continue;
    lines.push(
      `  OK: source "${table.source}": table "${table.table}" in ${table.region}${table.endpoint ? ` (${table.endpoint})` : ''} has the config's key: ${table.key}`,
    );
  }
  lines.push('');
  report.findings.forEach((finding, index) => {
    lines.push(
      `${index + 1}. ${label(finding.severity, colours)} [${finding.code}] ${finding.title}`,
    );
    lines.push(`   Why:     ${finding.why}`);
    lines.push(`   Console: ${finding.fix.console}`);
    lines.push(`   CLI:     ${finding.fix.cli}`);
    if (finding.fix.config) lines.push(`   Config:  ${finding.fix.config}`);
    lines.push('');
  });
  if (report.findings.length === 0) lines.push('No problems found.', '');
  lines.push(
    `${plural(counts.critical, 'critical finding')}, ${plural(counts.warning, 'warning')}, ${counts.info} info; exit code ${report.exitCode}`,
  );
  return `${lines.join('\n')}\n`;
};

export const formatDoctorJson = (report: DoctorReport): string =>
  `${JSON.stringify({ ...report, summary: countBySeverity(report.findings) }, null, 2)}\n`;
