#!/usr/bin/env node
// The README's two commands on a machine that has only Node and npm:
//   npm start  -> setup, then the demo
//   npm test   -> setup, test tools, typecheck, lint, every test
// pnpm is taken from PATH when it is the pinned version, otherwise installed into .tools/ with npm.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  TURBO_NO_UPDATE_NOTIFIER: '1',
};

function run(cmd, args, opts = {}) {
  console.log(`\n> ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0 && !opts.allowFailure) {
    console.error(`\n${cmd} ${args.join(' ')} failed with exit status ${r.status ?? r.signal}`);
    process.exit(r.status ?? 1);
  }
  return r.status;
}

function pnpmVersionOnPath() {
  const r = spawnSync('pnpm', ['--version'], { env, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function ensurePnpm() {
  const toolsBin = join(root, '.tools', 'pnpm', 'node_modules', '.bin');
  env.PATH = [toolsBin, join(root, 'node_modules', '.bin'), env.PATH].join(delimiter);
  if (pnpmVersionOnPath() === pinned) return;
  run('npm', [
    'install',
    '--no-save',
    '--no-audit',
    '--no-fund',
    '--prefix',
    join(root, '.tools', 'pnpm'),
    `pnpm@${pinned}`,
  ]);
  if (pnpmVersionOnPath() !== pinned) {
    console.error(`could not get pnpm ${pinned}`);
    process.exit(1);
  }
}

function setup() {
  ensurePnpm();
  const frozen = existsSync(join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : [];
  run('pnpm', ['install', ...frozen]);
  run('pnpm', ['exec', 'turbo', 'run', 'build']);
}

const task = process.argv[2];
switch (task) {
  case 'setup':
    setup();
    break;
  case 'start':
    setup();
    run('node', ['scripts/demo.mjs', ...process.argv.slice(3)]);
    break;
  case 'test':
    setup();
    // Tools the differential tests need (qemu, qemu-ga, nasm, cpio) from Debian; tests skip, saying so, without them.
    run('bash', ['scripts/install-test-tools.sh'], { allowFailure: true });
    run('pnpm', ['exec', 'turbo', 'run', 'typecheck', 'lint']);
    run('pnpm', ['exec', 'tsc', '-p', 'tsconfig.json']);
    run('pnpm', ['exec', 'biome', 'check', '.']);
    run('pnpm', ['exec', 'vitest', 'run', ...process.argv.slice(3)]);
    break;
  default:
    console.error('usage: run.mjs setup|start|test');
    process.exit(2);
}
