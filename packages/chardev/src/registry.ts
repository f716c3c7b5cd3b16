import { type ChardevBackend, ChardevError, chardevBackendNames, createChardev } from './backend.js';
import { MuxChardev, type MuxHooks } from './backends/mux.js';
import { PtyChardev } from './backends/pty.js';
import type { SocketChardev } from './backends/socket.js';
import type { Chardev } from './chardev.js';
import { ChrEvent } from './event.js';

/** query-chardev element (QAPI ChardevInfo). */
export interface ChardevInfo {
  label: string;
  filename: string;
  'frontend-open': boolean;
}

/** What the registry tells its owner about, besides the mux escapes. */
export interface ChardevRegistryHooks extends MuxHooks {
  /**
   * Where backends print for the user ("char device redirected to /dev/pts/N (label x)"); QEMU
   * prints on stdout, which is the default.
   */
  print?: (text: string) => void;
  /** chardev-change replaced `old` by `chr` under the same id (QOM, devices holding the old one). */
  replaced?: (old: Chardev, chr: Chardev) => void;
  /** a chardev was created (-chardev, chardev-add): QEMU makes it /chardevs/<id> */
  added?: (chr: Chardev) => void;
  /** a chardev was removed (chardev-remove, or chardev-change of one without a front end) */
  removed?: (chr: Chardev) => void;
}

/**
 * The emulator's chardevs by id (QEMU keeps them as children of /chardevs): create from a
 * ChardevBackend, replace, remove, look up, and the query-chardev / query-chardev-backends views.
 */
export class ChardevRegistry {
  private readonly chardevs = new Map<string, Chardev>();

  constructor(private readonly hooks: ChardevRegistryHooks = {}) {}

  get(id: string): Chardev | undefined {
    return this.chardevs.get(id);
  }

  /** Chardevs in creation order. */
  list(): Chardev[] {
    return [...this.chardevs.values()];
  }

  /**
   * Create and start a chardev (chardev-add, -chardev). `onWait` hears about a socket server that
   * waits for its first client; `print` overrides where the backend's message to the user goes.
   */
  async add(
    id: string,
    backend: ChardevBackend,
    onWait?: (filename: string) => void,
    print?: (text: string) => void,
  ): Promise<Chardev> {
    if (this.chardevs.has(id))
      throw new ChardevError(`attempt to add duplicate property '${id}' to object (type 'container')`);
    const chr = await this.open(id, backend, onWait, print);
    this.chardevs.set(id, chr);
    this.hooks.added?.(chr);
    return chr;
  }

  private async open(
    id: string,
    backend: ChardevBackend,
    onWait?: (filename: string) => void,
    print?: (text: string) => void,
  ): Promise<Chardev> {
    const chr = createChardev(id, backend, (l) => this.chardevs.get(l), this.hooks);
    try {
      if (backend.type === 'socket') await (chr as SocketChardev).start(onWait);
      else await chr.start();
    } catch (e) {
      chr.close();
      throw e;
    }
    if (chr instanceof PtyChardev) {
      const out = print ?? this.hooks.print ?? ((t: string) => void process.stdout.write(t));
      out(`char device redirected to ${chr.ptyPath} (label ${id})\n`);
    }
    return chr;
  }

  /**
   * chardev-change: a new backend under the same id. A chardev without a front end is simply
   * removed and added again (a failure then leaves it removed, as in QEMU); a front end must support
   * the change and moves to the new chardev, which hears CLOSED first when only the old was open.
   */
  async change(id: string, backend: ChardevBackend, print?: (text: string) => void): Promise<Chardev> {
    const chr = this.chardevs.get(id);
    if (!chr) throw new ChardevError(`Chardev '${id}' does not exist`);
    if (chr instanceof MuxChardev) throw new ChardevError('Mux device hotswap not supported yet');
    const be = chr.frontendBackend;
    if (!be) {
      this.chardevs.delete(id);
      chr.close();
      this.hooks.removed?.(chr);
      try {
        return await this.add(id, backend, undefined, print);
      } catch (e) {
        throw new ChardevError(`Failed to add chardev '${id}': ${(e as Error).message}`);
      }
    }
    if (!be.supportsChange) throw new ChardevError('Chardev user does not support chardev hotswap');
    const fresh = await this.open(id, backend, undefined, print);
    const closedSent = chr.isOpen && !fresh.isOpen;
    if (closedSent) be.event(ChrEvent.CLOSED);
    if (!be.change(fresh)) {
      if (closedSent) be.event(ChrEvent.OPENED);
      fresh.close();
      throw new ChardevError(`Chardev '${id}' change failed`);
    }
    // Map.set keeps the id's place in the creation order.
    this.chardevs.set(id, fresh);
    chr.close();
    this.hooks.replaced?.(chr, fresh);
    return fresh;
  }

  /** chardev-remove */
  remove(id: string): void {
    const chr = this.chardevs.get(id);
    if (!chr) throw new ChardevError(`Chardev '${id}' not found`);
    if (chr.hasFrontend) throw new ChardevError(`Chardev '${id}' is busy`);
    this.chardevs.delete(id);
    chr.close();
    this.hooks.removed?.(chr);
  }

  /** query-chardev */
  query(): ChardevInfo[] {
    return this.list().map((c) => ({
      'frontend-open': c.frontendOpen,
      filename: c.filename,
      label: c.label,
    }));
  }

  /** query-chardev-backends */
  static backends(): { name: string }[] {
    return chardevBackendNames.map((name) => ({ name }));
  }

  /** Close everything (emulator exit). */
  closeAll(): void {
    for (const c of [...this.chardevs.values()].reverse()) c.close();
    this.chardevs.clear();
  }
}
