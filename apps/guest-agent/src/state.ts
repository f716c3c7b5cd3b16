// qemu-ga's persistent state in the state directory: `qga.state` (a GKeyFile holding the next
// guest-file handle, so handles stay unique across agent restarts) and `qga.state.isfrozen`
// (present while file systems are frozen, so a restarted agent comes up frozen).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKeyFile } from './options.js';

/** QGA_PSTATE_DEFAULT_FD_COUNTER: the first guest-file handle. */
export const DEFAULT_FD_COUNTER = 1000;

export class PersistentState {
  readonly stateFile: string | undefined;
  readonly frozenFile: string | undefined;
  #fdCounter = DEFAULT_FD_COUNTER;

  /** With no state directory the state lives in memory only. */
  constructor(statedir?: string) {
    this.stateFile = statedir === undefined ? undefined : join(statedir, 'qga.state');
    this.frozenFile = statedir === undefined ? undefined : join(statedir, 'qga.state.isfrozen');
    if (!this.stateFile) return;
    if (!existsSync(this.stateFile)) {
      // Written at start-up, as qemu-ga does, so a bad state directory shows at once.
      this.#write();
      return;
    }
    const v = parseKeyFile(readFileSync(this.stateFile, 'utf8'), this.stateFile)
      .get('global')
      ?.get('fd_counter');
    // Missing or unreadable fields start over from the defaults.
    if (v !== undefined && /^-?\d+$/.test(v.trim())) this.#fdCounter = Number(v.trim());
  }

  get fdCounter(): number {
    return this.#fdCounter;
  }

  /** ga_get_fd_handle(): the next handle, committed to disk before it is handed out. */
  nextHandle(): number {
    const handle = this.#fdCounter++;
    this.#write();
    return handle;
  }

  #write(): void {
    if (!this.stateFile) return;
    try {
      writeFileSync(this.stateFile, `[global]\nfd_counter=${this.#fdCounter}\n`);
    } catch (err) {
      throw new Error(`failed to commit persistent state to disk: ${(err as Error).message}`);
    }
  }
}
