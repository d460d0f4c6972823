/**
 * `npm run lint` runs this: the layout rules of ARCHITECTURE.md over every file git tracks or
 * would track. Prints each violation with its rule and exits 1 when there is one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkLayout, type SourceTree } from './layout/rules';

export function repositoryTree(root: string): SourceTree {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  const files = listed.split('\n').filter((file) => file !== '' && existsSync(join(root, file)));
  return { files, read: (file) => readFileSync(join(root, file), 'utf8') };
}

if (require.main === module) {
  const root = resolve(__dirname, '..');
  const violations = checkLayout(repositoryTree(root));
  for (const { rule, file, detail } of violations) console.error(`${rule} ${file}: ${detail}`);
  if (violations.length > 0) {
    console.error(`${violations.length} layout violation(s); the rules are in ARCHITECTURE.md`);
    process.exitCode = 1;
  } else {
    console.log('layout ok');
  }
}
