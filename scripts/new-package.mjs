#!/usr/bin/env node
// Creates a workspace package with the layout every tsemu package shares.
//   node scripts/new-package.mjs <packages|apps>/<name> "<description>" "<QEMU counterpart>" [dep ...]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const [dir, description, counterpart, ...deps] = process.argv.slice(2);
if (!dir || !description || !counterpart || !/^(packages|apps)\/[a-z0-9-]+$/.test(dir)) {
  console.error(
    'usage: new-package.mjs <packages|apps>/<name> "<description>" "<QEMU counterpart>" [dep ...]',
  );
  process.exit(2);
}
if (existsSync(dir)) {
  console.error(`${dir} exists`);
  process.exit(1);
}
const short = basename(dir);
const isApp = dir.startsWith('apps/');
const name = isApp ? `@tsemu/${short}` : `@tsemu/${short}`;
const pkg = {
  name,
  version: '0.0.0',
  description,
  license: 'MIT',
  type: 'module',
  sideEffects: false,
  exports: {
    '.': {
      '@tsemu/source': './src/index.ts',
      types: './dist/index.d.ts',
      default: './dist/index.js',
    },
    './package.json': './package.json',
  },
  files: ['dist', 'src', '!src/**/*.test.ts', '!src/**/__fixtures__'],
  scripts: {
    build: 'tsc -p tsconfig.build.json',
    typecheck: 'tsc -p tsconfig.json --noEmit',
    lint: 'publint --strict',
  },
  dependencies: Object.fromEntries(deps.map((d) => [`@tsemu/${d}`, 'workspace:*'])),
  publishConfig: { access: 'public' },
  repository: { type: 'git', directory: dir },
  engines: { node: '>=20.19' },
};
mkdirSync(join(dir, 'src'), { recursive: true });
writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync(
  join(dir, 'tsconfig.json'),
  `${JSON.stringify(
    {
      extends: '../../tsconfig.base.json',
      compilerOptions: { noEmit: true, customConditions: ['@tsemu/source'] },
      include: ['src', 'test', 'bench'],
    },
    null,
    2,
  )}\n`,
);
writeFileSync(
  join(dir, 'tsconfig.build.json'),
  `${JSON.stringify(
    {
      extends: '../../tsconfig.base.json',
      compilerOptions: { rootDir: 'src', outDir: 'dist' },
      include: ['src'],
      exclude: ['src/**/*.test.ts', 'src/**/__fixtures__'],
    },
    null,
    2,
  )}\n`,
);
writeFileSync(
  join(dir, 'typedoc.json'),
  `${JSON.stringify({ $schema: 'https://typedoc.org/schema.json', entryPoints: ['src/index.ts'], readme: 'README.md' }, null, 2)}\n`,
);
writeFileSync(
  join(dir, 'README.md'),
  `# ${name}\n\n${description}\n\nQEMU counterpart: ${counterpart}.\n\n## Example\n\n\`\`\`ts\n\`\`\`\n`,
);
console.log(`created ${dir}`);
