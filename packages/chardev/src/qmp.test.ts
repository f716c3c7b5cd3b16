import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandRegistry } from '@tsemu/qapi';
import { parseJSON, toJSON } from '@tsemu/qobject';
import { afterAll, describe, expect, test } from 'vitest';
import { ChrEvent } from './event.js';
import { CharBackend } from './frontend.js';
import { chardevSchema, registerChardevCommands } from './qmp.js';
import { ChardevRegistry } from './registry.js';

const chardevs = new ChardevRegistry();
const registry = new CommandRegistry(chardevSchema());
registerChardevCommands(registry, chardevs);
const dir = mkdtempSync(join(tmpdir(), 'tsemu-chr-qmp-'));
afterAll(() => {
  chardevs.closeAll();
  rmSync(dir, { recursive: true, force: true });
});
const run = async (req: string) => toJSON((await registry.dispatch(parseJSON(req))) ?? parseJSON('null'));

describe('chardev QMP commands', () => {
  test('chardev-add of a unix server socket, query-chardev, chardev-remove', async () => {
    const path = join(dir, 's.sock');
    expect(
      await run(
        `{"execute":"chardev-add","arguments":{"id":"s0","backend":{"type":"socket","data":{"addr":{"type":"unix","data":{"path":"${path}"}},"server":true,"wait":false}}}}`,
      ),
    ).toBe('{"return": {}}');
    expect(await run('{"execute":"query-chardev"}')).toBe(
      `{"return": [{"frontend-open": false, "filename": "disconnected:unix:${path},server=on", "label": "s0"}]}`,
    );
    expect(
      await run('{"execute":"chardev-add","arguments":{"id":"s0","backend":{"type":"null","data":{}}}}'),
    ).toBe(
      `{"error": {"class": "GenericError", "desc": "attempt to add duplicate property 's0' to object (type 'container')"}}`,
    );
    expect(await run('{"execute":"chardev-remove","arguments":{"id":"s0"}}')).toBe('{"return": {}}');
    expect(await run('{"execute":"chardev-remove","arguments":{"id":"no-such-chr"}}')).toBe(
      `{"error": {"class": "GenericError", "desc": "Chardev 'no-such-chr' not found"}}`,
    );
  });

  test('ringbuf-write stores into the ring as QEMU 7.2 does (ringbuf-read returns it), never feeds the front end', async () => {
    // Checked against qemu-system-x86_64 7.2 -chardev ringbuf,id=r,size=4: ringbuf-write "abcdefg"
    // then ringbuf-read gives "defg"; base64 "aGk" (no padding) is accepted; "!!!" is refused.
    await run(
      '{"execute":"chardev-add","arguments":{"id":"r","backend":{"type":"ringbuf","data":{"size":4}}}}',
    );
    const chr = chardevs.get('r');
    const be = new CharBackend(chr as NonNullable<typeof chr>);
    const got: number[] = [];
    const events: ChrEvent[] = [];
    be.setHandlers({ canReceive: () => 100, receive: (d) => got.push(...d), event: (e) => events.push(e) });
    expect(await run('{"execute":"ringbuf-write","arguments":{"device":"r","data":"abcdefg"}}')).toBe(
      '{"return": {}}',
    );
    expect(await run('{"execute":"ringbuf-read","arguments":{"device":"r","size":10}}')).toBe(
      '{"return": "defg"}',
    );
    expect(
      await run('{"execute":"ringbuf-write","arguments":{"device":"r","data":"aGk","format":"base64"}}'),
    ).toBe('{"return": {}}');
    expect(
      await run('{"execute":"ringbuf-read","arguments":{"device":"r","size":1,"format":"base64"}}'),
    ).toBe('{"return": "aA=="}');
    expect(await run('{"execute":"ringbuf-read","arguments":{"device":"r","size":10}}')).toBe(
      '{"return": "i"}',
    );
    expect(got).toEqual([]);
    expect(
      await run('{"execute":"ringbuf-write","arguments":{"device":"r","data":"!!!","format":"base64"}}'),
    ).toBe(`{"error": {"class": "GenericError", "desc": "Base64 data contains invalid characters"}}`);
    expect(await run('{"execute":"ringbuf-read","arguments":{"device":"r","size":0}}')).toBe(
      `{"error": {"class": "GenericError", "desc": "size must be greater than zero"}}`,
    );
    // the front end's own output goes to the same ring
    be.writeAll(Buffer.from('hé', 'utf8'));
    expect(await run('{"execute":"ringbuf-read","arguments":{"device":"r","size":100}}')).toBe(
      '{"return": "h\\u00E9"}',
    );
    be.writeAll('xyz');
    expect(
      await run('{"execute":"ringbuf-read","arguments":{"device":"r","size":2,"format":"base64"}}'),
    ).toBe('{"return": "eHk="}');
    expect(await run('{"execute":"ringbuf-read","arguments":{"device":"nope","size":1}}')).toBe(
      `{"error": {"class": "GenericError", "desc": "Device 'nope' not found"}}`,
    );
    expect(await run('{"execute":"chardev-send-break","arguments":{"id":"r"}}')).toBe('{"return": {}}');
    expect(events).toContain(ChrEvent.BREAK);
    await run('{"execute":"chardev-add","arguments":{"id":"n","backend":{"type":"null","data":{}}}}');
    expect(await run('{"execute":"ringbuf-write","arguments":{"device":"n","data":"x"}}')).toBe(
      `{"error": {"class": "GenericError", "desc": "n is not a ringbuf device"}}`,
    );
    expect(await run('{"execute":"chardev-remove","arguments":{"id":"r"}}')).toBe(
      `{"error": {"class": "GenericError", "desc": "Chardev 'r' is busy"}}`,
    );
  });

  test('query-chardev-backends and bad backend types', async () => {
    expect(await run('{"execute":"query-chardev-backends"}')).toContain('{"name": "socket"}');
    expect(
      await run('{"execute":"chardev-add","arguments":{"id":"v","backend":{"type":"vc","data":{}}}}'),
    ).toBe(
      // QEMU names only the member, not its path, in enum errors.
      `{"error": {"class": "GenericError", "desc": "Parameter 'type' does not accept value 'vc'"}}`,
    );
  });
});

describe('chardev-change (QEMU 7.2 semantics)', () => {
  test('a serial-like front end writing through a file is moved to a socket: output goes to the socket', async () => {
    const file = join(dir, 'ser.log');
    const sockPath = join(dir, 'peer.sock');
    const peer: { sock?: Socket; data: string } = { data: '' };
    const server = createServer((s) => {
      peer.sock = s;
      s.on('data', (d) => {
        peer.data += d;
      });
    });
    await new Promise<void>((r) => server.listen(sockPath, r));
    await run(
      `{"execute":"chardev-add","arguments":{"id":"ser","backend":{"type":"file","data":{"out":"${file}"}}}}`,
    );
    const be = new CharBackend(chardevs.get('ser') as NonNullable<ReturnType<typeof chardevs.get>>);
    const got: number[] = [];
    const events: ChrEvent[] = [];
    let changes = 0;
    be.setHandlers({
      canReceive: () => 16,
      receive: (d) => got.push(...d),
      event: (e) => events.push(e),
      beChange: () => {
        changes++;
        return 0;
      },
    });
    be.writeAll('to the file\n');
    const reply = await run(
      `{"execute":"chardev-change","arguments":{"id":"ser","backend":{"type":"socket","data":{"addr":{"type":"unix","data":{"path":"${sockPath}"}},"server":false}}}}`,
    );
    expect(reply).toBe('{"return": {}}');
    expect(changes).toBe(1);
    // the file was open, so was the connected socket: the front end hears OPENED from the new one
    expect(events).toEqual([ChrEvent.OPENED, ChrEvent.OPENED]);
    be.writeAll('to the socket\n');
    for (let i = 0; i < 200 && (!peer.sock || !peer.data.includes('\n')); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(peer.data).toBe('to the socket\n');
    expect(readFileSync(file, 'utf8')).toBe('to the file\n');
    peer.sock?.write('typed');
    for (let i = 0; i < 200 && got.length < 5; i++) await new Promise((r) => setTimeout(r, 10));
    expect(Buffer.from(got).toString()).toBe('typed');
    expect(await run('{"execute":"query-chardev"}')).toContain(
      `{"frontend-open": true, "filename": "unix:", "label": "ser"}`,
    );
    // a front end that refuses: back on its old chardev, with QEMU's error
    be.setHandlers({ canReceive: () => 16, receive: () => {}, beChange: () => -1 });
    expect(
      await run('{"execute":"chardev-change","arguments":{"id":"ser","backend":{"type":"null","data":{}}}}'),
    ).toBe(`{"error": {"class": "GenericError", "desc": "Chardev 'ser' change failed"}}`);
    be.writeAll('still the socket\n');
    for (let i = 0; i < 200 && !peer.data.includes('still'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(peer.data).toBe('to the socket\nstill the socket\n');
    be.deinit();
    server.close();
  });

  test("QEMU 7.2's errors and the easy case of a chardev without front end", async () => {
    const change = (id: string, backend: string) =>
      run(`{"execute":"chardev-change","arguments":{"id":"${id}","backend":${backend}}}`);
    expect(await change('nope', '{"type":"null","data":{}}')).toBe(
      `{"error": {"class": "GenericError", "desc": "Chardev 'nope' does not exist"}}`,
    );
    await run('{"execute":"chardev-add","arguments":{"id":"base","backend":{"type":"null","data":{}}}}');
    await run(
      '{"execute":"chardev-add","arguments":{"id":"m","backend":{"type":"mux","data":{"chardev":"base"}}}}',
    );
    expect(await change('m', '{"type":"null","data":{}}')).toBe(
      `{"error": {"class": "GenericError", "desc": "Mux device hotswap not supported yet"}}`,
    );
    // the mux (like a monitor) is a front end that cannot follow a change
    expect(await change('base', '{"type":"null","data":{}}')).toBe(
      `{"error": {"class": "GenericError", "desc": "Chardev user does not support chardev hotswap"}}`,
    );
    // no front end: removed and added again; a failure leaves it removed, as QEMU does
    await run('{"execute":"chardev-add","arguments":{"id":"lone","backend":{"type":"null","data":{}}}}');
    expect(await change('lone', '{"type":"ringbuf","data":{"size":8}}')).toBe('{"return": {}}');
    expect(chardevs.get('lone')?.filename).toBe('ringbuf');
    expect(await change('lone', '{"type":"ringbuf","data":{"size":3}}')).toBe(
      `{"error": {"class": "GenericError", "desc": "Failed to add chardev 'lone': size of ringbuf chardev must be power of two"}}`,
    );
    expect(chardevs.get('lone')).toBeUndefined();
    expect(
      await run(
        '{"execute":"chardev-add","arguments":{"id":"bad","backend":{"type":"file","data":{"out":"/nonexistent/x"}}}}',
      ),
    ).toBe(
      `{"error": {"class": "GenericError", "desc": "Failed to add chardev 'bad': Could not open '/nonexistent/x': No such file or directory"}}`,
    );
  });
});
