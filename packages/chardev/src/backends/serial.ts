import { execFileSync } from 'node:child_process';
import { constants, openSync } from 'node:fs';
import { FdChardev } from './fd.js';
import { errnoText } from './file.js';
import type { ChardevHostdev } from './pipe.js';

function openTty(device: string): number {
  let fd: number;
  try {
    fd = openSync(device, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
  } catch (e) {
    throw new Error(`Could not open '${device}': ${errnoText(e)}`);
  }
  try {
    execFileSync('stty', ['-F', device, 'raw', '-echo'], { stdio: 'ignore' });
  } catch {
    // not a terminal (a plain file or fifo): used as is
  }
  return fd;
}

/**
 * A host serial line or terminal device (QEMU's chardev-serial, `-chardev tty,path=`), switched to raw
 * mode with stty as QEMU's tty_serial_init does with termios.
 */
export class SerialChardev extends FdChardev {
  readonly typeName = 'chardev-serial';

  constructor(label: string, opts: ChardevHostdev) {
    const fd = openTty(opts.device);
    super(label, opts, fd, fd);
  }

  get filename(): string {
    return 'serial';
  }
}
