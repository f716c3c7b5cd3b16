import { mkdtempSync, rmSync } from 'node:fs';
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

  test('ringbuf-write feeds the front end, ringbuf-read drains its output, utf8 and base64', async () => {
    await run(
      '{"execute":"chardev-add","arguments":{"id":"r","backend":{"type":"ringbuf","data":{"size":64}}}}',
    );
    const chr = chardevs.get('r');
    const be = new CharBackend(chr as NonNullable<typeof chr>);
    const got: number[] = [];
    const events: ChrEvent[] = [];
    be.setHandlers({ canReceive: () => 100, receive: (d) => got.push(...d), event: (e) => events.push(e) });
    expect(
      await run('{"execute":"ringbuf-write","arguments":{"device":"r","data":"aGk=","format":"base64"}}'),
    ).toBe('{"return": {}}');
    expect(Buffer.from(got).toString()).toBe('hi');
    be.writeAll(Buffer.from('héllo', 'utf8'));
    expect(await run('{"execute":"ringbuf-read","arguments":{"device":"r","size":100}}')).toBe(
      '{"return": "h\\u00E9llo"}',
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
