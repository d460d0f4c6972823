/**
 * The layout rules of ARCHITECTURE.md: the real tree keeps them, and each rule is live — a
 * deliberate violation, added to the real tree, is reported with its rule.
 */
import { join } from 'node:path';
import { repositoryTree } from '../../../scripts/check-layout';
import { checkLayout, importsOf, RuleId, type SourceTree } from '../../../scripts/layout/rules';

const REAL = repositoryTree(join(__dirname, '..', '..', '..'));

/** The real tree with one more file in it. */
const withFile = (file: string, text: string): SourceTree => ({
  files: [...new Set([...REAL.files, file])],
  read: (path) => (path === file ? text : REAL.read(path)),
});

describe('checkLayout', () => {
  it('finds the repository in order', () => {
    // Act
    const violations = checkLayout(REAL);
    // Assess
    expect(violations).toEqual([]);
  });

  it.each([
    [
      'shared/ importing cli/',
      'shared/runtime/triggers/x.ts',
      "import { runCli } from '../../../cli/main';",
      RuleId.SHARED_IMPORTS,
    ],
    [
      'shared/ importing scripts/',
      'shared/runtime/x.ts',
      "const bundle = require('../../scripts/function-bundle.cjs');",
      RuleId.SHARED_IMPORTS,
    ],
    [
      'shared/ importing the AWS SDK',
      'shared/runtime/sources/dynamodb.ts',
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      RuleId.SHARED_IMPORTS,
    ],
    [
      'the pure core importing the runtime layer',
      'shared/core/claims/x.ts',
      "import { createLogger } from '../../runtime/observability';",
      RuleId.CORE_PURE,
    ],
    [
      'the pure core importing a logger',
      'shared/core/claims/x.ts',
      "import { Logger } from '@aws-lambda-powertools/logger';",
      RuleId.CORE_PURE,
    ],
    [
      'the pure core importing the file system',
      'shared/core/config/x.ts',
      "import { readFileSync } from 'node:fs';",
      RuleId.CORE_PURE,
    ],
    [
      'the pure core reading the environment',
      'shared/core/config/x.ts',
      'export const level = () => process.env.LOG_LEVEL;',
      RuleId.CORE_PURE,
    ],
    [
      'a function importing cli/',
      'functions/pre-token-generation/handler.ts',
      "export { runCli } from '../../cli/main';",
      RuleId.FUNCTIONS_IMPORT_SHARED,
    ],
    [
      'a function importing a package',
      'functions/me/handler.ts',
      "import middy from '@middy/core';",
      RuleId.FUNCTIONS_IMPORT_SHARED,
    ],
    [
      'one tool importing another',
      'cli/preview/x.ts',
      "import type { Finding } from '../doctor/types';",
      RuleId.TOOLS_APART,
    ],
    [
      'a CLI helper importing a tool',
      'cli/common/x.ts',
      "import { runDoctor } from '../doctor/run-doctor';",
      RuleId.TOOLS_APART,
    ],
    [
      'a tool importing scripts/',
      'cli/doctor/x.ts',
      "import { freePort } from '../../scripts/local/processes';",
      RuleId.TOOLS_APART,
    ],
    ['a file loose in shared/ folders', 'shared/claims/x.ts', 'export {};', RuleId.PLACE],
    ['a second file in a function folder', 'functions/me/helpers.ts', 'export {};', RuleId.PLACE],
    ['an unknown top-level folder', 'lib/x.ts', 'export {};', RuleId.PLACE],
    ['a test outside the mirror', 'tests/unit/x.test.ts', 'export {};', RuleId.TESTS_MIRROR],
    [
      'a test mirroring a folder that does not exist',
      'tests/shared/core/nothing/x.test.ts',
      'export {};',
      RuleId.TESTS_MIRROR,
    ],
  ])('reports %s', (_what, file, text, rule) => {
    // Act
    const violations = checkLayout(withFile(file, text));
    // Assess
    expect(violations).toEqual([expect.objectContaining({ rule, file })]);
  });

  it('lets a tool import the shared CLI helpers and the library', () => {
    // Prepare
    const text = [
      "import { loadCliConfig } from '../common/config';",
      "import { parseConfig } from '../../shared/core/config/parse-config';",
      "import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';",
    ].join('\n');
    // Act
    const violations = checkLayout(withFile('cli/validate/run-validate.ts', text));
    // Assess
    expect(violations).toEqual([]);
  });
});

describe('importsOf', () => {
  it('reads static, re-exported, side-effect, dynamic and required imports', () => {
    // Prepare
    const text = [
      "import type { A } from './a';",
      "import {\n  b,\n  c,\n} from '../b';",
      "export { d } from './d';",
      "import './e';",
      "const f = await import('./f');",
      "const g = require('./g.cjs');",
      "jest.mock('./h');",
      "import middy from '@middy/core';",
    ].join('\n');
    // Act
    const imports = importsOf('shared/runtime/x.ts', text);
    // Assess
    expect(imports.map((i) => i.target ?? i.specifier)).toEqual([
      'shared/runtime/a',
      'shared/b',
      'shared/runtime/d',
      'shared/runtime/e',
      'shared/runtime/f',
      'shared/runtime/g',
      'shared/runtime/h',
      '@middy/core',
    ]);
  });
});
