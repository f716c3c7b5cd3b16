import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { chardevBackendFromOpts } from './backend.js';
import { CharBackend } from './frontend.js';
import { ChardevRegistry } from './registry.js';

const captures = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/reference/qemu-7.2/cli/errors',
);

/** The message QEMU printed after "qemu-system-x86_64: -chardev ...: " in a CLI error capture. */
function capturedMessage(name: string): string | undefined {
  const f = join(captures, `${name}.txt`);
  if (!existsSync(f)) return undefined;
  const line = readFileSync(f, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('qemu-system-x86_64: -chardev'));
  return line?.replace(/^qemu-system-x86_64: -chardev [^:]*: /, '');
}

describe('-chardev options to ChardevBackend', () => {
  test("socket defaults as QEMU's command line: client, or a server that waits", () => {
    expect(chardevBackendFromOpts({ backend: 'socket', id: 'm', path: '/tmp/m.sock', server: true })).toEqual(
      {
        id: 'm',
        backend: {
          type: 'socket',
          data: { addr: { type: 'unix', data: { path: '/tmp/m.sock' } }, server: true, wait: true },
        },
      },
    );
    expect(
      chardevBackendFromOpts({
        backend: 'socket',
        id: 't',
        host: 'localhost',
        port: '4444',
        server: true,
        wait: false,
      }).backend,
    ).toEqual({
      type: 'socket',
      data: { addr: { type: 'inet', data: { host: 'localhost', port: '4444' } }, server: true, wait: false },
    });
    expect(chardevBackendFromOpts({ backend: 'socket', id: 'c', path: '/x', reconnect: 2 }).backend).toEqual({
      type: 'socket',
      data: { addr: { type: 'unix', data: { path: '/x' } }, server: false, wait: false, reconnect: 2 },
    });
  });

  test.each([
    [{ backend: 'null' }, 'chardev: no id specified', 'chardev-no-id'],
    [{ backend: 'file', id: 'c0' }, 'chardev: file: no filename given', 'chardev-missing-path'],
    [
      { backend: 'no-such-backend', id: 'c0' },
      "'no-such-backend' is not a valid char driver name",
      'chardev-unknown-backend',
    ],
    [{ backend: 'pipe', id: 'p' }, 'chardev: pipe: no device path given', undefined],
    [{ backend: 'socket', id: 's', port: '1' }, 'chardev: socket: no host given', undefined],
    [{ backend: 'socket', id: 's', host: 'h' }, 'chardev: socket: no port given', undefined],
    [
      { backend: 'socket', id: 's', path: '/p', wait: false },
      "'wait' option is incompatible with socket in client connect mode",
      undefined,
    ],
    [
      { backend: 'socket', id: 's', path: '/p', server: true, reconnect: 1 },
      "'reconnect' option is incompatible with socket in server listen mode",
      undefined,
    ],
  ])('%j -> %s', (opts, message, capture) => {
    expect(() => chardevBackendFromOpts(opts)).toThrow(message);
    if (capture) {
      const real = capturedMessage(capture);
      if (real === undefined) console.warn(`capture ${capture} absent: compared with the built-in text only`);
      else expect(real).toBe(message);
    }
  });
});

describe('ChardevRegistry', () => {
  test('query-chardev shape, duplicate ids, remove rules, backends list', async () => {
    const reg = new ChardevRegistry();
    await reg.add('dbg', { type: 'null', data: {} });
    const ring = await reg.add('r', { type: 'ringbuf', data: { size: 1024 } });
    const be = new CharBackend(ring);
    be.setHandlers({ canReceive: () => 0, receive: () => {} });
    expect(reg.query()).toEqual([
      { 'frontend-open': false, filename: 'null', label: 'dbg' },
      { 'frontend-open': true, filename: 'ringbuf', label: 'r' },
    ]);
    await expect(reg.add('dbg', { type: 'null', data: {} })).rejects.toThrow(
      "attempt to add duplicate property 'dbg' to object (type 'container')",
    );
    expect(() => reg.remove('no-such-chr')).toThrow("Chardev 'no-such-chr' not found");
    expect(() => reg.remove('r')).toThrow("Chardev 'r' is busy");
    be.deinit();
    reg.remove('r');
    expect(reg.query().map((c) => c.label)).toEqual(['dbg']);
    expect(ChardevRegistry.backends().map((b) => b.name)).toContain('socket');
    reg.closeAll();
  });

  test('mux over another chardev by id; unknown id refused', async () => {
    const reg = new ChardevRegistry();
    await reg.add('under', { type: 'ringbuf', data: {} });
    const mux = await reg.add('m', { type: 'mux', data: { chardev: 'under' } });
    expect(mux.filename).toBe('mux');
    await expect(reg.add('m2', { type: 'mux', data: { chardev: 'nope' } })).rejects.toThrow(
      'mux: base chardev nope not found',
    );
    reg.closeAll();
  });
});
