import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  checkWorkspace,
  importsOf,
  readWorkspace,
  type WorkspacePackage,
} from '../tools/dependency-rules.js';

const root = join(import.meta.dirname, '..');

function pkg(
  short: string,
  declared: string[],
  files: Record<string, string> = {},
  isApp = false,
): WorkspacePackage {
  return {
    dir: `${isApp ? 'apps' : 'packages'}/${short}`,
    short,
    name: `@tsemu/${short}`,
    isApp,
    declared: declared.map((d) => `@tsemu/${d}`),
    exportPaths: ['.', './package.json'],
    files: Object.entries(files).map(([path, text]) => ({ path, text })),
  };
}

describe('the workspace', () => {
  test('follows the dependency graph of DEVELOPERS.md', () => {
    const pkgs = readWorkspace(root);
    expect(pkgs.length).toBeGreaterThan(0);
    expect(checkWorkspace(pkgs)).toEqual([]);
  });
});

describe('the checker', () => {
  test('finds import specifiers in every form', () => {
    const text = `import a from '@tsemu/a';\nimport type { B } from "@tsemu/b";\nexport * from './c.js';\nconst d = await import('@tsemu/d');\nimport '@tsemu/e';`;
    expect(importsOf(text)).toEqual(['@tsemu/a', '@tsemu/b', './c.js', '@tsemu/d', '@tsemu/e']);
  });

  test('accepts a declared, allowed import through the entry point', () => {
    const ws = [
      pkg('qobject', []),
      pkg('qapi', ['qobject'], { 'src/a.ts': "import { QDict } from '@tsemu/qobject';" }),
    ];
    expect(checkWorkspace(ws)).toEqual([]);
  });

  test('rejects an import not declared in package.json', () => {
    const ws = [
      pkg('qobject', []),
      pkg('qapi', [], { 'src/a.ts': "import { QDict } from '@tsemu/qobject';" }),
    ];
    expect(checkWorkspace(ws).map((v) => v.message)).toEqual([
      "packages/qapi/src/a.ts imports '@tsemu/qobject' but @tsemu/qobject is not declared in package.json",
    ]);
  });

  test("rejects an import of another package's internals", () => {
    const ws = [
      pkg('qobject', []),
      pkg('qapi', ['qobject'], {
        'src/a.ts':
          "import { lex } from '@tsemu/qobject/src/lexer.js';\nimport x from '../../qobject/src/x.js';",
      }),
    ];
    expect(checkWorkspace(ws).map((v) => v.message)).toEqual([
      "packages/qapi/src/a.ts imports '@tsemu/qobject/src/lexer.js', which is not an export of @tsemu/qobject",
      "packages/qapi/src/a.ts imports '../../qobject/src/x.js', outside its package",
    ]);
  });

  test('rejects a dependency the table does not allow', () => {
    const ws = [pkg('qobject', ['qapi']), pkg('qapi', [])];
    expect(checkWorkspace(ws).map((v) => v.message)).toEqual([
      'may not depend on @tsemu/qapi (allowed: none)',
    ]);
  });

  test('rejects cycles', () => {
    const ws = [pkg('qom', ['qapi']), pkg('qapi', ['qom'])];
    const messages = checkWorkspace(ws).map((v) => v.message);
    expect(messages).toContain('dependency cycle: @tsemu/qom -> @tsemu/qapi -> @tsemu/qom');
  });

  test('lets apps use packages but not other apps', () => {
    const ws = [
      pkg('qobject', []),
      pkg('guest-agent', ['qobject', 'system-emulator'], {}, true),
      pkg('system-emulator', [], {}, true),
    ];
    expect(checkWorkspace(ws).map((v) => v.message)).toEqual([
      'an app may not depend on app @tsemu/system-emulator',
    ]);
  });
});
