/** `explain`'s answer as text (a block per claim) or JSON. */
import type { ClaimAnswer, ExplainReport, TimelineLine } from './answer';

export interface ExplainHeader {
  readonly userPoolId: string;
  readonly username: string;
  readonly sub?: string;
  readonly groups: readonly string[];
  readonly configSource: string;
  readonly configVersion: string;
  readonly trigger: string;
  readonly triggerArn?: string;
  /** "12 failure record(s) since ... from <groups> (Logs Insights)", or why none were read. */
  readonly records: string;
  readonly recordsRead: boolean;
  /** How the config's sources were read, when it has any. */
  readonly sources?: string;
  readonly notes: readonly string[];
}

const TOKEN = { id: 'ID token', access: 'access token' } as const;

const where = (answer: ClaimAnswer) => {
  const sources =
    answer.triggerSources[0] === 'every' ? 'every sign-in' : answer.triggerSources.join(', ');
  return `${TOKEN[answer.token]}, app client ${answer.clients.join(', ')}, ${sources}`;
};

const status = (answer: ClaimAnswer) =>
  answer.present
    ? `present: ${answer.value ?? ''}`
    : answer.cause === 'not-evaluated'
      ? 'not evaluated'
      : 'absent';

const timelineLines = (lines: readonly TimelineLine[], indent: string) =>
  lines.map((line) => `${indent}${line.text}`);

export function formatExplainText(header: ExplainHeader, report: ExplainReport): string {
  const out: string[] = [
    `User ${header.username}${header.sub ? ` (sub ${header.sub})` : ''} in ${header.userPoolId}; groups: ${header.groups.length > 0 ? header.groups.join(', ') : 'none'}`,
    `Config: ${header.configSource}, configVersion ${header.configVersion}`,
    `Trigger: ${header.trigger === 'none' ? 'no Pre Token Generation trigger wired' : `Pre Token Generation ${header.trigger}`}${header.triggerArn ? ` (${header.triggerArn})` : ''}`,
    `Failure records: ${header.records}`,
  ];
  if (header.sources) out.push(`Sources: ${header.sources}`);
  for (const note of header.notes) out.push(`Note: ${note}`);
  for (const claim of report.claims) {
    out.push('', claim.claim);
    if (claim.answers.length === 0) out.push('  no token gets it in these sign-ins');
    for (const answer of claim.answers) {
      out.push(`  ${where(answer)}: ${status(answer)}`);
      for (const reason of answer.reasons) out.push(`    ${reason}`);
      if (answer.denies) {
        out.push('    required: Cognito refuses this sign-in ("PreTokenGeneration failed")');
      }
      for (const fix of answer.fixes) out.push(`    fix: ${fix}`);
    }
    if (claim.records.length > 0) {
      out.push('  records:');
      out.push(...timelineLines(claim.records, '    '));
    } else if (header.recordsRead) {
      out.push('  records: none for this claim in the window');
    }
  }
  if (report.otherRecords.length > 0) {
    out.push('', 'Other records for this user:');
    out.push(...timelineLines(report.otherRecords, '  '));
  }
  return `${out.join('\n')}\n`;
}

export function formatExplainJson(header: ExplainHeader, report: ExplainReport): string {
  return `${JSON.stringify({ ...header, ...report }, null, 2)}\n`;
}
