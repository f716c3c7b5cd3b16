import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { HostConnection } from '../test/harness.js';
import { GuestAgent, type GuestAgentOptions } from './agent.js';
import { type Channel, openChannel } from './channel.js';
import { loadQgaSchema } from './schema.js';

const schema = loadQgaSchema();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'tsemu-ga-agent-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** An agent on a real unix socket, and a host connected to it. */
async function agentWithHost(opts: GuestAgentOptions): Promise<[GuestAgent, HostConnection]> {
  const agent = new GuestAgent({ schema, ...opts });
  const sock = join(scratch(), 'ga.sock');
  const channel: Channel = await openChannel('unix-listen', sock, false, {
    onOpen: (conn) => agent.serve(conn),
    onClose: () => {},
  });
  const host = await HostConnection.connect(sock);
  cleanups.push(() => channel.close());
  cleanups.push(() => host.close());
  return [agent, host];
}

describe('protocol', () => {
  test('guest-sync-delimited replies after a 0xFF byte, and only that reply', async () => {
    const [, host] = await agentWithHost({});
    await host.write(
      Buffer.concat([
        Buffer.of(0xff),
        Buffer.from(
          '{"execute":"guest-sync-delimited","arguments":{"id":1234567890123}}\n{"execute":"guest-ping"}\n',
        ),
      ]),
    );
    // The lone 0xFF is itself a lexer error, reported as qemu-ga reports it.
    expect((await host.readLine()).toString()).toBe(
      `{"error": {"class": "GenericError", "desc": "JSON parse error, stray '\\uFFFD'"}}`,
    );
    expect([...(await host.readLine())]).toEqual([...Buffer.from('\xff{"return": 1234567890123}', 'latin1')]);
    expect((await host.readLine()).toString()).toBe('{"return": {}}');
  });

  test('replies keep request order even when a handler is slow', async () => {
    const [, host] = await agentWithHost({});
    await host.write(
      '{"execute":"guest-exec","arguments":{"path":"/bin/true"},"id":1}{"execute":"guest-ping","id":2}\n',
    );
    expect((await host.readLine()).toString()).toMatch(/^\{"return": \{"pid": \d+\}, "id": 1\}$/);
    expect((await host.readLine()).toString()).toBe('{"return": {}, "id": 2}');
  });
});

describe('state and command control', () => {
  test('guest-file handles continue across restarts, from qga.state', async () => {
    const dir = scratch();
    const file = join(dir, 'f');
    const a = new GuestAgent({ schema, statedir: dir });
    expect(readFileSync(join(dir, 'qga.state'), 'utf8')).toBe('[global]\nfd_counter=1000\n');
    expect(a.files.open(file, 'w')).toBe(1000);
    a.close();
    const b = new GuestAgent({ schema, statedir: dir });
    expect(b.files.open(file, 'w')).toBe(1001);
    b.close();
    expect(readFileSync(join(dir, 'qga.state'), 'utf8')).toBe('[global]\nfd_counter=1002\n');
  });

  test('an agent restarted while frozen comes up frozen; thaw enables all but the blocked', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'qga.state.isfrozen'), '');
    const [, host] = await agentWithHost({ statedir: dir, blockRpcs: ['guest-get-osinfo'] });
    expect(await host.call({ execute: 'guest-fsfreeze-status' })).toEqual({ return: 'frozen' });
    expect(await host.call({ execute: 'guest-get-host-name' })).toEqual({
      error: {
        class: 'CommandNotFound',
        desc: 'Command guest-get-host-name has been disabled: the agent is in frozen state',
      },
    });
    expect(await host.call({ execute: 'guest-ping' })).toEqual({ return: {} });
    expect(await host.call({ execute: 'guest-fsfreeze-thaw' })).toEqual({ return: 0 });
    expect(await host.call({ execute: 'guest-fsfreeze-status' })).toEqual({ return: 'thawed' });
    expect((await host.call({ execute: 'guest-get-host-name' })).return).toHaveProperty('host-name');
    expect(await host.call({ execute: 'guest-get-osinfo' })).toEqual({
      error: { class: 'CommandNotFound', desc: 'Command guest-get-osinfo has been disabled' },
    });
  });

  test('--allow-rpcs disables every other command; guest-info shows it', async () => {
    const [, host] = await agentWithHost({ allowRpcs: ['guest-ping', 'guest-info'] });
    const info = await host.call({ execute: 'guest-info' });
    const enabled = info.return.supported_commands.filter((c: { enabled: boolean }) => c.enabled);
    expect(enabled.map((c: { name: string }) => c.name)).toEqual(['guest-info', 'guest-ping']);
    expect(info.return.supported_commands).toHaveLength(schema.commands().length);
    expect(await host.call({ execute: 'guest-sync', arguments: { id: 1 } })).toEqual({
      error: { class: 'CommandNotFound', desc: 'Command guest-sync has been disabled' },
    });
  });

  test('every schema command has a handler, registered in schema order', () => {
    const a = new GuestAgent({ schema });
    expect(a.commandNames()).toEqual(schema.commands().map((c) => c.name));
  });
});
