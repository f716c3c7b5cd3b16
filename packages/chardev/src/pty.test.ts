import { spawn } from 'node:child_process';
import { closeSync, writeSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { CommandRegistry } from '@tsemu/qapi';
import { parseJSON, toJSON } from '@tsemu/qobject';
import { afterAll, describe, expect, test } from 'vitest';
import { chardevBackendFromOpts } from './backend.js';
import { ptyAddon } from './backends/pty.js';
import { SerialChardev } from './backends/serial.js';
import { ChrEvent } from './event.js';
import { CharBackend } from './frontend.js';
import { chardevSchema, registerChardevCommands } from './qmp.js';
import { ChardevRegistry } from './registry.js';

const lib = ptyAddon();
if ('error' in lib) console.warn(`skipping pty tests: the pty addon is not built (${lib.error})`);

/** A real user of the slave: opens it, types `typed`, prints what arrives until `until` is seen. */
function slaveUser(path: string, typed: string, until: string) {
  const script = `
    const fs = require('fs'), tty = require('tty');
    const fd = fs.openSync(${JSON.stringify(path)}, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
    const r = new tty.ReadStream(fd);
    let seen = '';
    r.on('data', (d) => {
      seen += d.toString('latin1');
      if (seen.includes(${JSON.stringify(until)})) { process.stdout.write(seen); process.exit(0); }
    });
    setTimeout(() => fs.writeSync(fd, ${JSON.stringify(typed)}), 50);
  `;
  const p = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  p.stdout.on('data', (d) => {
    out += d;
  });
  return new Promise<string>((resolve, reject) => {
    p.on('error', reject);
    p.on('close', (status) =>
      status === 0 ? resolve(out) : reject(new Error(`slave user exited ${status}`)),
    );
  });
}

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe.skipIf('error' in lib)('chardev-pty', () => {
  const chardevs = new ChardevRegistry({ print: (t) => printed.push(t) });
  const printed: string[] = [];
  const registry = new CommandRegistry(chardevSchema());
  registerChardevCommands(registry, chardevs);
  const run = async (req: string) => toJSON((await registry.dispatch(parseJSON(req))) ?? parseJSON('null'));
  afterAll(() => chardevs.closeAll());

  test('-chardev pty prints the slave path; a process on the slave types to the front end and reads its output', async () => {
    const { id, backend } = chardevBackendFromOpts({ backend: 'pty', id: 'x' });
    const chr = await chardevs.add(id, backend);
    const path = chr.filename.slice(4);
    expect(path).toMatch(/^\/dev\/pts\/\d+$/);
    expect(printed).toEqual([`char device redirected to ${path} (label x)\n`]);
    expect(await run('{"execute":"query-chardev"}')).toBe(
      `{"return": [{"frontend-open": false, "filename": "pty:${path}", "label": "x"}]}`,
    );
    const be = new CharBackend(chr);
    const got: number[] = [];
    const events: ChrEvent[] = [];
    be.setHandlers({ canReceive: () => 64, receive: (d) => got.push(...d), event: (e) => events.push(e) });
    // nobody on the slave yet: dropped
    expect(be.writeAll('lost\n')).toBe(5);
    const user = slaveUser(path, 'typed on the pty\r', 'from the guest');
    await until(() => Buffer.from(got).toString() === 'typed on the pty\r');
    expect(events).toEqual([ChrEvent.OPENED]);
    be.writeAll('from the guest\n');
    // raw mode: no echo of the typed text, no \n -> \r\n translation
    expect(await user).toBe('from the guest\n');
    // the user went away: output is dropped again, a new user gets OPENED again
    await until(() => !(chr as unknown as { connected: boolean }).connected);
    be.writeAll('lost again\n');
    const second = slaveUser(path, 'again', 'second');
    await until(() => events.length === 2);
    be.writeAll('second\n');
    expect(await second).toBe('second\n');
    expect(events).toEqual([ChrEvent.OPENED, ChrEvent.OPENED]);
    be.deinit();
  });

  test('chardev-add {"type":"pty"} replies with the slave path and prints nothing', async () => {
    printed.length = 0;
    const reply = await run(
      '{"execute":"chardev-add","arguments":{"id":"p","backend":{"type":"pty","data":{}}}}',
    );
    const m = /^\{"return": \{"pty": "(\/dev\/pts\/\d+)"\}\}$/.exec(reply);
    expect(m).not.toBeNull();
    expect(chardevs.get('p')?.filename).toBe(`pty:${m?.[1]}`);
    expect(printed).toEqual([]);
    expect(await run('{"execute":"query-chardev-backends"}')).toContain('{"name": "pty"}');
  });

  test('a serial backend on a terminal device (the slave of a pty) reads and writes it', async () => {
    if ('error' in lib) return;
    const { fd, path } = lib.addon.openpty();
    const master = new ReadStream(lib.addon.dup(fd));
    let far = '';
    master.on('data', (d) => {
      far += d.toString('latin1');
    });
    master.on('error', () => {});
    const chr = new SerialChardev('tty0', { device: path });
    await chr.start();
    const be = new CharBackend(chr);
    const got: number[] = [];
    be.setHandlers({ canReceive: () => 64, receive: (d) => got.push(...d) });
    writeSync(fd, 'from the line');
    be.writeAll('to the line');
    await until(() => got.length === 13 && far === 'to the line');
    expect(Buffer.from(got).toString()).toBe('from the line');
    be.deinit();
    chr.close();
    master.destroy();
    closeSync(fd);
  });
});
