/** What the run prints: plain lines, and a tick or a cross for each step. */

export function out(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function ok(text: string): void {
  out(`  ✓ ${text}`);
}

export function fail(text: string): void {
  out(`  ✗ ${text}`);
}
