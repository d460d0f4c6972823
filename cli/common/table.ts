/** Plain-text tables for terminal output: left-aligned text, right-aligned numbers. */

export type Align = 'left' | 'right';

export interface Column {
  readonly header: string;
  readonly align?: Align;
}

const pad = (text: string, width: number, align: Align) =>
  align === 'right' ? text.padStart(width) : text.padEnd(width);

export const renderTable = (columns: readonly Column[], rows: readonly (readonly string[])[]) => {
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    columns
      .map((column, i) => pad(cells[i] ?? '', widths[i] ?? 0, column.align ?? 'left'))
      .join('  ')
      .trimEnd();
  const header = line(columns.map((column) => column.header));
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [header, rule, ...rows.map(line)].join('\n');
};

/** 12345 → "12,345" */
export const formatBytes = (bytes: number): string => bytes.toLocaleString('en-US');
