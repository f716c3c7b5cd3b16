import { closeSync, constants, openSync } from 'node:fs';
import type { ChardevCommon } from '../chardev.js';
import { FdChardev } from './fd.js';
import { errnoText } from './file.js';

/** QAPI ChardevHostdev: a device or pipe path */
export interface ChardevHostdev extends ChardevCommon {
  device: string;
}

function openPipes(device: string): [number, number] {
  const flags = constants.O_RDWR | constants.O_NONBLOCK;
  let inFd: number | undefined;
  try {
    inFd = openSync(`${device}.in`, flags);
    return [inFd, openSync(`${device}.out`, flags)];
  } catch {
    if (inFd !== undefined) closeSync(inFd);
    try {
      const fd = openSync(device, flags);
      return [fd, fd];
    } catch (e) {
      throw new Error(`Could not open '${device}': ${errnoText(e)}`);
    }
  }
}

/**
 * A named pipe pair `path.in`/`path.out`, or `path` itself for both directions (QEMU's chardev-pipe).
 * Opened read-write, as QEMU does, so opening never blocks waiting for the other side.
 */
export class PipeChardev extends FdChardev {
  readonly typeName = 'chardev-pipe';

  constructor(label: string, opts: ChardevHostdev) {
    super(label, opts, ...openPipes(opts.device));
  }

  get filename(): string {
    return 'pipe';
  }
}
