import { type ChardevBackend, ChardevError, chardevBackendNames, createChardev } from './backend.js';
import type { MuxHooks } from './backends/mux.js';
import type { SocketChardev } from './backends/socket.js';
import type { Chardev } from './chardev.js';

/** query-chardev element (QAPI ChardevInfo). */
export interface ChardevInfo {
  label: string;
  filename: string;
  'frontend-open': boolean;
}

/**
 * The emulator's chardevs by id (QEMU keeps them as children of /chardevs): create from a
 * ChardevBackend, remove, look up, and the query-chardev / query-chardev-backends views.
 */
export class ChardevRegistry {
  private readonly chardevs = new Map<string, Chardev>();

  constructor(private readonly hooks: MuxHooks = {}) {}

  get(id: string): Chardev | undefined {
    return this.chardevs.get(id);
  }

  /** Chardevs in creation order. */
  list(): Chardev[] {
    return [...this.chardevs.values()];
  }

  /**
   * Create and start a chardev (chardev-add, -chardev). `onWait` hears about a socket server that
   * waits for its first client.
   */
  async add(id: string, backend: ChardevBackend, onWait?: (filename: string) => void): Promise<Chardev> {
    if (this.chardevs.has(id))
      throw new ChardevError(`attempt to add duplicate property '${id}' to object (type 'container')`);
    const chr = createChardev(id, backend, (l) => this.chardevs.get(l), this.hooks);
    this.chardevs.set(id, chr);
    try {
      if (backend.type === 'socket') await (chr as SocketChardev).start(onWait);
      else await chr.start();
    } catch (e) {
      this.chardevs.delete(id);
      chr.close();
      throw e;
    }
    return chr;
  }

  /** chardev-remove */
  remove(id: string): void {
    const chr = this.chardevs.get(id);
    if (!chr) throw new ChardevError(`Chardev '${id}' not found`);
    if (chr.hasFrontend) throw new ChardevError(`Chardev '${id}' is busy`);
    this.chardevs.delete(id);
    chr.close();
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
