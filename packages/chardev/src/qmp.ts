import { fileURLToPath } from 'node:url';
import { type CommandRegistry, loadSchema, QapiError, type QapiSchema } from '@tsemu/qapi';
import type { ChardevBackend } from './backend.js';
import { PtyChardev } from './backends/pty.js';
import { RingbufChardev } from './backends/ringbuf.js';
import type { Chardev } from './chardev.js';
import { ChrEvent } from './event.js';
import { ChardevRegistry } from './registry.js';

/** This package's QAPI schema: the chardev QMP commands and their types. */
export const CHARDEV_SCHEMA_PATH = fileURLToPath(new URL('../schema/chardev.json', import.meta.url));

export function chardevSchema(): QapiSchema {
  return loadSchema(CHARDEV_SCHEMA_PATH);
}

type Format = 'utf8' | 'base64';

/** ChardevReturn: the slave's path for a pty. */
function chardevReturn(chr: Chardev): { pty?: string } {
  return chr instanceof PtyChardev ? { pty: chr.ptyPath } : {};
}

/** QEMU's qbase64_decode check (it accepts missing or extra padding). */
function decodeBase64(data: string): Buffer {
  if (!/^[A-Za-z0-9+/]*=*$/.test(data)) throw new QapiError('Base64 data contains invalid characters');
  return Buffer.from(data, 'base64');
}

/** A QMP monitor prints nothing for the user (QEMU's qemu_printf goes nowhere from QMP). */
const quiet = () => {};

/**
 * Install the handlers of schema/chardev.json: query-chardev, query-chardev-backends, chardev-add,
 * chardev-change, chardev-remove, chardev-send-break, ringbuf-read, ringbuf-write.
 */
export function registerChardevCommands(registry: CommandRegistry, chardevs: ChardevRegistry): void {
  registry.register('query-chardev', () => chardevs.query());
  registry.register('query-chardev-backends', () => ChardevRegistry.backends());
  registry.register('chardev-add', async (a: { id: string; backend: ChardevBackend }) => {
    if (chardevs.get(a.id)) return chardevReturn(await chardevs.add(a.id, a.backend));
    try {
      return chardevReturn(await chardevs.add(a.id, a.backend, undefined, quiet));
    } catch (e) {
      throw new QapiError(`Failed to add chardev '${a.id}': ${(e as Error).message}`);
    }
  });
  registry.register('chardev-change', async (a: { id: string; backend: ChardevBackend }) =>
    chardevReturn(await chardevs.change(a.id, a.backend, quiet)),
  );
  registry.register('chardev-remove', (a: { id: string }) => {
    chardevs.remove(a.id);
    return {};
  });
  registry.register('chardev-send-break', (a: { id: string }) => {
    const chr = chardevs.get(a.id);
    if (!chr) throw new QapiError(`Chardev '${a.id}' not found`);
    chr.sendEvent(ChrEvent.BREAK);
    return {};
  });
  const ringbuf = (device: string): RingbufChardev => {
    const chr = chardevs.get(device);
    if (!chr) throw new QapiError(`Device '${device}' not found`);
    if (!(chr instanceof RingbufChardev)) throw new QapiError(`${device} is not a ringbuf device`);
    return chr;
  };
  registry.register('ringbuf-write', (a: { device: string; data: string; format?: Format }) => {
    const chr = ringbuf(a.device);
    chr.store(a.format === 'base64' ? decodeBase64(a.data) : Buffer.from(a.data, 'utf8'));
    return {};
  });
  registry.register('ringbuf-read', (a: { device: string; size: number | bigint; format?: Format }) => {
    const chr = ringbuf(a.device);
    const size = Number(a.size);
    if (size <= 0) throw new QapiError('size must be greater than zero');
    const bytes = chr.read(size);
    return a.format === 'base64'
      ? Buffer.from(bytes).toString('base64')
      : Buffer.from(bytes).toString('utf8');
  });
}
