/** How the benchmark prints: fixed decimals, grouped byte counts, right-aligned tables. */

export function fixed(n: number, digits = 1): string {
  return n.toFixed(digits);
}

export function bytes(n: number): string {
  return n.toLocaleString('en');
}

/** The first column left-aligned (labels), the others right-aligned (figures). */
export function printTable(head: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = head.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')}`;
  console.log(line(head));
  for (const row of rows) console.log(line(row));
}
