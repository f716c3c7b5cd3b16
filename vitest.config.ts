import { existsSync, readdirSync } from 'node:fs';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// One vitest run over the whole workspace: a project per package, plus the repo-level tests.
// Workspace packages resolve to their sources (the @tsemu/source export condition), so a test
// never runs against a stale dist/.
const packageDirs = ['packages', 'apps'].flatMap((top) =>
  existsSync(top)
    ? readdirSync(top)
        .map((name) => `${top}/${name}`)
        .filter((dir) => existsSync(`${dir}/package.json`))
    : [],
);

export default defineConfig({
  resolve: { conditions: ['@tsemu/source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['@tsemu/source', ...defaultServerConditions] } },
  test: {
    projects: [
      ...packageDirs.map((dir) => ({
        extends: true as const,
        test: {
          name: dir.split('/')[1],
          root: dir,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        },
      })),
      { extends: true as const, test: { name: 'workspace', root: '.', include: ['test/**/*.test.ts'] } },
    ],
    testTimeout: 30_000,
  },
});
