#!/usr/bin/env node
// Install step of @tsemu/chardev: builds the pty addon with node-gyp. A failure is reported and
// does not fail the install: only the pty backend needs the addon, and it says so when missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
if (process.platform === 'win32') process.exit(0);
const args = ['rebuild'];
// A Node installed with its headers (distro packages, official tarballs) needs no header download.
const prefix = dirname(dirname(process.execPath));
if (!process.env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node_api.h'))) {
  args.push(`--nodedir=${prefix}`);
}
const r = spawnSync('node-gyp', args, { cwd: here, stdio: 'inherit', shell: false });
if (r.status !== 0) {
  console.warn(
    `@tsemu/chardev: the pty addon was not built (node-gyp ${r.error ? r.error.message : `exited with ${r.status}`}); -chardev pty will not be available`,
  );
}
