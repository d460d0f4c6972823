/** The failures summary as readable tables, or JSON. */
import { renderTable } from '../common/table';
import type { FailureSummary, Group } from './summarise';

const section = (title: string, groups: readonly Group[]): string[] => {
  const table = renderTable(
    [
      { header: title },
      { header: 'Count', align: 'right' },
      { header: 'First seen' },
      { header: 'Last seen' },
    ],
    groups.map((group) => [
      group.key,
      String(group.count),
      group.firstSeen ?? '-',
      group.lastSeen ?? '-',
    ]),
  );
  return [...table.split('\n'), ''];
};

export const formatFailuresText = (summary: FailureSummary, sources: readonly string[]): string => {
  const lines = [
    `cognito-claims failures: ${summary.total} failure record(s) from ${sources.join(', ')}`,
    `  ${summary.users} distinct user(s)${summary.firstSeen ? `, ${summary.firstSeen} to ${summary.lastSeen}` : ''}; skipped ${summary.skipped.notJson} non-JSON line(s) and ${summary.skipped.notFailure} record(s) without a failure`,
    '',
  ];
  if (summary.total === 0) {
    lines.push('No failure records found.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    ...section('Code', summary.byCode),
    ...section('Claim or attribute', summary.byClaim),
    ...section('Provider', summary.byProvider),
    ...section('App client', summary.byClient),
    ...(summary.byConfigVersion ? section('Config version', summary.byConfigVersion) : []),
  );
  return `${lines.join('\n').trimEnd()}\n`;
};

export const formatFailuresJson = (summary: FailureSummary, sources: readonly string[]): string =>
  `${JSON.stringify({ sources, ...summary }, null, 2)}\n`;
