/**
 * Every finding code the tools can print is documented: doctor's in docs/cli.md, validate's in
 * docs/validate.md, each as a table row. The codes are read from the source, so a new one cannot
 * be added without its line in the docs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Files under a folder, recursively. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );

/** The codes a finding is given: `code: 'X'`, or `code: a ? 'X' : 'Y'`. */
const codesIn = (files: readonly string[]): string[] => {
  const codes = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bcode: ([^,\n]+)/g)) {
      for (const code of (match[1] ?? '').matchAll(/'([A-Z][A-Z0-9_]+)'/g)) {
        if (code[1]) codes.add(code[1]);
      }
    }
  }
  return [...codes].sort();
};

const documented = (doc: string): Set<string> =>
  new Set(
    [...readFileSync(join(ROOT, 'docs', doc), 'utf8').matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map(
      (match) => match[1] ?? '',
    ),
  );

describe('documented finding codes', () => {
  it('lists every doctor finding code in docs/cli.md', () => {
    // Prepare
    const codes = codesIn(filesUnder(join(ROOT, 'cli', 'doctor')));

    // Act
    const rows = documented('cli.md');

    // Assess
    expect(codes.length).toBeGreaterThan(25);
    expect(codes.filter((code) => !rows.has(code))).toEqual([]);
  });

  it('lists every validate finding code in docs/validate.md', () => {
    // Prepare
    const sources = ['pool-validation.ts', 'stack-parameters.ts'].map((file) =>
      join(ROOT, 'cli', 'common', file),
    );
    const codes = codesIn([...sources, join(ROOT, 'cli', 'validate', 'run-validate.ts')]);

    // Act
    const rows = documented('validate.md');

    // Assess
    expect(codes).toEqual(
      expect.arrayContaining(['REQUIRED_CLAIM_ATTRIBUTE_MISSING', 'STACK_PARAMETER_INVALID']),
    );
    expect(codes.filter((code) => !rows.has(code))).toEqual([]);
  });
});
