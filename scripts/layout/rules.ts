/**
 * The layout rules of ARCHITECTURE.md as code: which folder a file may stand in and what it may
 * import. Read as text (imports, `require`, `process.env`), so it runs without building anything;
 * `npm run lint` runs it over the tree and tests/scripts/layout/rules.test.ts proves each rule live.
 */
import { dirname, join, normalize } from 'node:path/posix';

export interface SourceTree {
  /** Repository-relative paths with forward slashes. */
  readonly files: readonly string[];
  readonly read: (file: string) => string;
}

export interface Violation {
  readonly rule: RuleId;
  readonly file: string;
  readonly detail: string;
}

export const RuleId = {
  PLACE: 'PLACE',
  SHARED_IMPORTS: 'SHARED_IMPORTS',
  CORE_PURE: 'CORE_PURE',
  FUNCTIONS_IMPORT_SHARED: 'FUNCTIONS_IMPORT_SHARED',
  TOOLS_APART: 'TOOLS_APART',
  TESTS_MIRROR: 'TESTS_MIRROR',
} as const;
export type RuleId = (typeof RuleId)[keyof typeof RuleId];

const SOURCE = /\.(ts|cts|mts|js|cjs|mjs)$/;
/** Static imports and re-exports, `import()`, `require()` and `jest.mock()` of a literal. */
const IMPORT =
  /(?:^|[^\w.])(?:import|export)\s[^;'"`]*?\sfrom\s*['"]([^'"]+)['"]|(?:^|[^\w.])import\s*['"]([^'"]+)['"]|(?:import|require|jest\.mock)\(\s*['"]([^'"]+)['"]/gm;
/** What the pure core may not load: logging, middleware, AWS, the file system, the environment. */
const IMPURE_PACKAGES = [
  /^@aws-lambda-powertools\//,
  /^@middy\//,
  /^@aws-sdk\//,
  /^aws-jwt-verify/,
  /^(node:)?(fs|fs\/promises|process|child_process|net|http|https|os)$/,
];
/** Folders under tests/ that do not mirror a code folder. */
const TEST_SUPPORT = ['integration', 'property', 'e2e', 'golden', 'events', 'fixtures', 'helpers'];
/** Test folders that mirror code folders of the same name. */
const MIRRORED = ['shared', 'cli', 'scripts', 'functions'];

interface Import {
  readonly specifier: string;
  /** The repository-relative target of a relative import, without its extension. */
  readonly target?: string;
}

export function importsOf(file: string, text: string): Import[] {
  const found: Import[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier === undefined) continue;
    const target = specifier.startsWith('.')
      ? normalize(join(dirname(file), specifier)).replace(SOURCE, '')
      : undefined;
    found.push(target === undefined ? { specifier } : { specifier, target });
  }
  return found;
}

const under = (path: string | undefined, folder: string): boolean =>
  path !== undefined && (path === folder || path.startsWith(`${folder}/`));

/** `cli/doctor/x` → `doctor`; files at the top of cli/ (the entry points) and cli/common → none. */
const toolOf = (path: string): string | undefined => {
  const [top, tool, ...rest] = path.split('/');
  return top === 'cli' && rest.length > 0 && tool !== 'common' ? tool : undefined;
};

function placeOf(file: string, files: ReadonlySet<string>): string | undefined {
  const parts = file.split('/');
  const [top] = parts;
  if (top === 'functions') {
    return parts.length === 3 && parts[2] === 'handler.ts'
      ? undefined
      : 'functions/ holds one folder per Lambda function with its handler.ts and nothing else';
  }
  if (top === 'shared') {
    if (under(file, 'shared/core') || under(file, 'shared/runtime')) return undefined;
    return parts.length === 2
      ? undefined
      : 'code under shared/ is in shared/core/ (pure) or shared/runtime/ (the Lambda layer); only the package entries sit at the top';
  }
  if (top === 'tests') {
    const [, folder] = parts;
    if (folder !== undefined && TEST_SUPPORT.includes(folder)) return undefined;
    if (folder !== undefined && MIRRORED.includes(folder) && parts.length >= 3) {
      const mirrored = parts.slice(1, -1).join('/');
      const exists = [...files].some((f) => under(f, mirrored) && !f.startsWith('tests/'));
      return exists ? undefined : `mirrors ${mirrored}/, which does not exist`;
    }
    return `tests/ mirrors the code (tests/${MIRRORED.join('|')}/…) or holds ${TEST_SUPPORT.join(', ')}`;
  }
  return ['cli', 'scripts', 'bench', 'patches', '.ci'].includes(top ?? '') || parts.length === 1
    ? undefined
    : `${top}/ is not a folder of this layout (see ARCHITECTURE.md)`;
}

export function checkLayout(tree: SourceTree): Violation[] {
  const sources = tree.files.filter((file) => SOURCE.test(file));
  const all = new Set(tree.files);
  const violations: Violation[] = [];
  const report = (rule: RuleId, file: string, detail: string) =>
    violations.push({ rule, file, detail });

  for (const file of sources) {
    const place = placeOf(file, all);
    if (place !== undefined) {
      report(file.startsWith('tests/') ? RuleId.TESTS_MIRROR : RuleId.PLACE, file, place);
    }
    const text = tree.read(file);
    const imports = importsOf(file, text);
    const tool = toolOf(file);
    for (const { specifier, target } of imports) {
      if (under(file, 'shared')) {
        if (['cli', 'scripts', 'functions', 'tests', 'bench'].some((f) => under(target, f))) {
          report(
            RuleId.SHARED_IMPORTS,
            file,
            `imports ${specifier}: shared/ never loads ${target}`,
          );
        }
        if (specifier.startsWith('@aws-sdk/')) {
          report(RuleId.SHARED_IMPORTS, file, `imports ${specifier}: no AWS SDK under shared/`);
        }
      }
      if (under(file, 'shared/core')) {
        if (
          under(target, 'shared/runtime') ||
          (target !== undefined && !under(target, 'shared/core'))
        ) {
          report(RuleId.CORE_PURE, file, `imports ${specifier}: the pure core imports only itself`);
        }
        if (IMPURE_PACKAGES.some((pattern) => pattern.test(specifier))) {
          report(RuleId.CORE_PURE, file, `imports ${specifier}: the pure core has no I/O`);
        }
      }
      if (under(file, 'functions') && !under(target, 'shared')) {
        report(
          RuleId.FUNCTIONS_IMPORT_SHARED,
          file,
          `imports ${specifier}: functions import only shared/`,
        );
      }
      if (under(file, 'cli') && target !== undefined) {
        const other = toolOf(target);
        const fromCommon = under(file, 'cli/common');
        if (other !== undefined && (fromCommon || (tool !== undefined && other !== tool))) {
          report(RuleId.TOOLS_APART, file, `imports ${specifier}: tools meet only in cli/common/`);
        }
        if (under(target, 'scripts') || under(target, 'tests')) {
          report(RuleId.TOOLS_APART, file, `imports ${specifier}: cli/ never loads ${target}`);
        }
      }
    }
    if (under(file, 'shared/core') && /\bprocess\s*\.\s*env\b/.test(text)) {
      report(
        RuleId.CORE_PURE,
        file,
        'reads process.env: the pure core takes its inputs as arguments',
      );
    }
  }
  return violations;
}
