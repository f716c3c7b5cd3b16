import { fileURLToPath } from 'node:url';
import { type CommandRegistry, loadSchema, QapiError, type QapiSchema } from '@tsemu/qapi';
import type { ChardevBackend } from './backend.js';
import { RingbufChardev } from './backends/ringbuf.js';
import { ChrEvent } from './event.js';
import { ChardevRegistry } from './registry.js';

/** This package's QAPI schema: the chardev QMP commands and their types. */
export const CHARDEV_SCHEMA_PATH = fileURLToPath(new URL('../schema/chardev.json', import.meta.url));

export function chardevSchema(): QapiSchema {
  return loadSchema(CHARDEV_SCHEMA_PATH);
}

type Format = 'utf8' | 'base64';

/**
 * Install the handlers of schema/chardev.json: query-chardev, query-chardev-backends, chardev-add,
 * chardev-remove, chardev-send-break, ringbuf-read, ringbuf-write.
 */
export function registerChardevCommands(registry: CommandRegistry, chardevs: ChardevRegistry): void {
  registry.register('query-chardev', () => chardevs.query());
  registry.register('query-chardev-backends', () => ChardevRegistry.backends());
  registry.register('chardev-add', async (a: { id: string; backend: ChardevBackend }) => {
    await chardevs.add(a.id, a.backend);
    return {};
  });
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
    chr.inject(a.format === 'base64' ? Buffer.from(a.data, 'base64') : Buffer.from(a.data, 'utf8'));
    return {};
  });
  registry.register('ringbuf-read', (a: { device: string; size: number | bigint; format?: Format }) => {
    const size = Number(a.size);
    if (size < 0) throw new QapiError('size must be greater than zero');
    const bytes = ringbuf(a.device).read(size);
    return a.format === 'base64'
      ? Buffer.from(bytes).toString('base64')
      : Buffer.from(bytes).toString('utf8');
  });
}
