/**
 * Every TypeScript sample in README.md and docs/**\/*.md compiles as a user would write it: each
 * ```ts / ```typescript block becomes its own module in a fresh project, type-checked with the
 * repository's TypeScript under strict settings, with the package's entries (`cognito-claims`,
 * `/triggers`, `/authorizer`, `/config`) mapped to their source files (shared/*.ts, so no build
 * is needed) and `./claims.config.json` a copy of this repository's. A sample that is meant not
 * to compile (a fragment, a "before" listing) uses another fence language, such as ```text.
 */
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');

const ENTRIES = {
  'cognito-claims': 'shared/index.ts',
  'cognito-claims/triggers': 'shared/triggers.ts',
  'cognito-claims/authorizer': 'shared/authorizer.ts',
  'cognito-claims/config': 'shared/config.ts',
} as const;

const TYPESCRIPT_FENCES = new Set(['ts', 'typescript']);

interface Sample {
  /** Repository-relative, e.g. `docs/api.md`. */
  readonly file: string;
  /** The line of the opening fence, 1-based. */
  readonly line: number;
  readonly code: string;
}

/** The fenced blocks of a Markdown text in the given languages, list-item indentation removed. */
function fencedBlocks(file: string, markdown: string, languages: ReadonlySet<string>): Sample[] {
  const samples: Sample[] = [];
  const lines = markdown.split('\n');
  let open: { fence: string; indent: number; line: number; keep: boolean } | undefined;
  let body: string[] = [];
  lines.forEach((text, index) => {
    if (open === undefined) {
      const start = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(text);
      if (!start) return;
      const [, indent = '', fence = '', info = ''] = start;
      open = {
        fence,
        indent: indent.length,
        line: index + 1,
        keep: languages.has(info.toLowerCase()),
      };
      body = [];
      return;
    }
    const closing = text.trim();
    if (closing.startsWith(open.fence) && /^(`+|~+)$/.test(closing)) {
      if (open.keep) samples.push({ file, line: open.line, code: body.join('\n') });
      open = undefined;
      return;
    }
    const indent = open.indent;
    body.push(text.slice(Math.min(indent, text.length - text.trimStart().length)));
  });
  return samples;
}

const firstLineOf = (sample: Sample): string =>
  sample.code.split('\n').find((line) => line.trim() !== '') ?? '(empty)';

const markdownFiles = (): string[] => [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.md'))
    .map((path) => join('docs', path).split('\\').join('/'))
    .sort(),
];

const SAMPLES = markdownFiles().flatMap((file) =>
  fencedBlocks(file, readFileSync(join(ROOT, file), 'utf8'), TYPESCRIPT_FENCES),
);

/** A sample that must fail, in the same program: proof that errors are read, not skipped. */
const CANARY: Sample = {
  file: '(canary)',
  line: 1,
  code: [
    "import { readApiClaims } from 'cognito-claims';",
    // readApiClaims returns ApiClaims | undefined, never a string.
    'export const wrong: string = readApiClaims({}, { claims: [] });',
  ].join('\n'),
};

const project = mkdtempSync(join(tmpdir(), 'cognito-claims-docs-samples-'));
const moduleFiles = new Map<string, Sample>();
let problems = new Map<Sample | undefined, string[]>();

function typeCheck(samples: readonly Sample[]): Map<Sample | undefined, string[]> {
  samples.forEach((sample, index) => {
    const path = join(project, `sample-${index + 1}.ts`);
    writeFileSync(path, `${sample.code}\n`);
    moduleFiles.set(path, sample);
  });
  const { options, errors } = ts.convertCompilerOptionsFromJson(
    {
      strict: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      noFallthroughCasesInSwitch: true,
      forceConsistentCasingInFileNames: true,
      target: 'ES2023',
      lib: ['ES2023'],
      module: 'commonjs',
      moduleResolution: 'node10',
      // Each sample is a module of its own, even one with no import or export.
      moduleDetection: 'force',
      esModuleInterop: true,
      resolveJsonModule: true,
      isolatedModules: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
      paths: Object.fromEntries(
        Object.entries(ENTRIES).map(([entry, source]) => [entry, [join(ROOT, source)]]),
      ),
    },
    project,
  );
  const found = new Map<Sample | undefined, string[]>();
  const add = (sample: Sample | undefined, text: string) =>
    found.set(sample, [...(found.get(sample) ?? []), text]);
  for (const error of errors)
    add(undefined, ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const program = ts.createProgram({ rootNames: [...moduleFiles.keys()], options });
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    const sample = diagnostic.file ? moduleFiles.get(diagnostic.file.fileName) : undefined;
    if (diagnostic.file === undefined || diagnostic.start === undefined) {
      add(sample, message);
      continue;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    add(
      sample,
      sample
        ? `${sample.file}:${sample.line + 1 + line} (sample starting "${firstLineOf(sample)}"): ${message}`
        : `${diagnostic.file.fileName}:${line + 1}: ${message}`,
    );
  }
  return found;
}

beforeAll(() => {
  // Prepare: a project with the user's config beside the samples and the repository's packages.
  copyFileSync(join(ROOT, 'claims.config.json'), join(project, 'claims.config.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
  // Act
  problems = typeCheck([...SAMPLES, CANARY]);
}, 120_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('the TypeScript samples in README.md and docs/', () => {
  it('are found in the README and in the docs', () => {
    // Assess
    const files = new Set(SAMPLES.map((sample) => sample.file));
    expect(files).toContain('README.md');
    expect([...files].some((file) => file.startsWith('docs/'))).toBe(true);
  });

  it.each(SAMPLES.map((sample) => [`${sample.file}:${sample.line}`, firstLineOf(sample), sample]))(
    'compile: %s, "%s"',
    (_where, _first, sample) => {
      // Assess
      expect(problems.get(sample) ?? []).toEqual([]);
    },
  );

  it('compile with nothing reported outside the samples (options, the mapped sources)', () => {
    // Assess
    expect(problems.get(undefined) ?? []).toEqual([]);
  });

  it('fail when a sample does not type-check, naming its file and first line', () => {
    // Assess: the type error, not a missing module: the package entry resolved.
    expect(problems.get(CANARY)).toEqual([
      expect.stringMatching(
        /^\(canary\):3 \(sample starting "import \{ readApiClaims \} from 'cognito-claims';"\): TS2322: /,
      ),
    ]);
  });
});

describe('the sample extraction', () => {
  it('takes ts and typescript fences, indented ones too, and leaves every other fence out', () => {
    // Prepare
    const markdown = [
      '# Title',
      '```ts',
      'const a = 1;',
      '```',
      '```text',
      'not code',
      '```',
      '1. A step:',
      '',
      '   ```typescript',
      '   const b = 2;',
      '     const c = 3;',
      '   ```',
      '````md',
      '```ts',
      'inside another fence',
      '```',
      '````',
      '~~~TS',
      'const d = 4;',
      '~~~',
    ].join('\n');
    // Act
    const found = fencedBlocks('x.md', markdown, TYPESCRIPT_FENCES);
    // Assess
    expect(found).toEqual([
      { file: 'x.md', line: 2, code: 'const a = 1;' },
      { file: 'x.md', line: 10, code: 'const b = 2;\n  const c = 3;' },
      { file: 'x.md', line: 19, code: 'const d = 4;' },
    ]);
  });
});
