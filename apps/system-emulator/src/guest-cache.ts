/**
 * The project's Linux guests (guests/make-linux-guest.sh), built once and kept under
 * node_modules/.cache/tsemu-guest/<arch>-<variant>/. Building needs root and Debian's apt-get;
 * without them (and no cached copy) the reason is returned instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface GuestImages {
  kernel: string;
  initrd: string;
}

export function guestCacheDir(
  repoRoot: string,
  arch: 'i386' | 'amd64',
  variant: 'test' | 'interactive',
): string {
  return join(repoRoot, 'node_modules', '.cache', 'tsemu-guest', `${arch}-${variant}`);
}

function images(dir: string): GuestImages | undefined {
  const kernel = join(dir, 'bzImage');
  const initrd = join(dir, 'initramfs.cpio.gz');
  return existsSync(kernel) && existsSync(initrd) ? { kernel, initrd } : undefined;
}

/** The cached guest, building it if possible; a string says why there is none. */
export function ensureGuest(
  repoRoot: string,
  arch: 'i386' | 'amd64',
  variant: 'test' | 'interactive',
  log: (line: string) => void = () => {},
): GuestImages | string {
  const dir = guestCacheDir(repoRoot, arch, variant);
  const have = images(dir);
  if (have) return have;
  const missing = [
    process.getuid?.() !== 0 && 'root',
    spawnSync('apt-get', ['--version']).status !== 0 && 'apt-get',
    spawnSync('cpio', ['--version']).status !== 0 && 'cpio',
  ].filter(Boolean);
  if (missing.length) return `building the ${arch} ${variant} guest needs ${missing.join(', ')}`;
  log(`building the ${arch} ${variant} guest into ${dir} (guests/make-linux-guest.sh) ...`);
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('bash', [join(repoRoot, 'guests', 'make-linux-guest.sh'), dir, arch, variant], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status !== 0)
    return `guests/make-linux-guest.sh failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`;
  return images(dir) ?? 'guests/make-linux-guest.sh produced no images';
}
