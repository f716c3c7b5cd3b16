import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromJS, parseJSON, QDict, type QNum, QString, toJSON } from '@tsemu/qobject';
import { describe, expect, it } from 'vitest';
import { testSchemaDesc } from './__fixtures__/test-schema.js';
import { CommandRegistry } from './dispatch.js';
import { QapiError } from './error.js';
import { EventEmitter } from './event.js';
import { defineSchema } from './schema.js';

const schema = defineSchema(testSchemaDesc);
const refDir = join(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'reference', 'qemu-7.2');

function makeRegistry(policy = {}) {
  const calls: unknown[] = [];
  const reg = new CommandRegistry(schema, { policy });
  reg
    .register('query-status', () => ({ status: 'prelaunch', singlestep: false, running: false }))
    .register('qom-get', (args) => {
      calls.push(args);
      return new QString('x');
    })
    .register('qom-list-types', (args) => [{ name: 'device', abstract: args.abstract ?? false }])
    .register('object-add', (args) => {
      calls.push(args);
    })
    .register('guest-sync', async (args) => args.id)
    .register('guest-shutdown', () => {
      calls.push('shutdown');
    })
    .register('query-name', () => ({}))
    .register('x-unstable-cmd', () => undefined)
    .register('old-cmd', () => undefined)
    .register('migrate-incoming-oob', () => undefined)
    .register('device_add', (args: QDict) => {
      if (!args.has('driver')) throw new QapiError("Parameter 'driver' is missing");
      if (args.get('id')?.equals(new QString('gone')))
        throw new QapiError("Device 'gone' not found", 'DeviceNotFound');
      return undefined;
    })
    .register('nested', (args) => args);
  return { reg, calls };
}

async function run(reg: CommandRegistry, json: string, opts = {}): Promise<string | null> {
  const rsp = await reg.dispatch(parseJSON(json), opts);
  return rsp && toJSON(rsp);
}

describe('dispatch against QEMU 7.2 captures', () => {
  const file = join(refDir, 'qmp', 'errors.json');
  const names = [
    'unknown-command',
    'unknown-command-with-id',
    'missing-argument',
    'wrong-argument-type-string',
    'wrong-argument-type-bool',
    'unexpected-argument',
    'arguments-not-object',
    'unexpected-top-level-member',
    'execute-not-string',
    'no-execute-member',
    'exec-oob-without-oob-capability',
    'input-not-object',
    'input-is-string',
    'object-add-bad-type',
    'object-add-missing-size',
    'id-number',
    'id-object',
    'id-with-error',
    'single-quoted-strings-accepted',
    'whitespace-and-crlf',
    'device_add-missing-driver',
  ];
  it.skipIf(!existsSync(file))(
    `replies byte for byte as QEMU does (${existsSync(file) ? file : 'reference captures absent: skipped'})`,
    async () => {
      const captures = JSON.parse(readFileSync(file, 'utf8')) as {
        name: string;
        request: string;
        response_raw: string;
      }[];
      const { reg } = makeRegistry();
      let checked = 0;
      for (const c of captures) {
        if (!names.includes(c.name)) continue;
        const expected = c.response_raw.replace(/\r\n$/, '');
        expect([c.name, await run(reg, c.request)]).toEqual([c.name, expected]);
        checked++;
      }
      expect(checked).toBe(names.length);
    },
  );

  const qgaFile = join(refDir, 'qga', 'blocked-rpcs.json');
  it.skipIf(!existsSync(qgaFile))('reports disabled commands as qemu-ga does', async () => {
    const captures = JSON.parse(readFileSync(qgaFile, 'utf8')) as {
      name: string;
      request: string;
      response_raw: string;
    }[];
    const c = captures.find((x) => x.name === 'disabled-command')!;
    const reg = new CommandRegistry(
      defineSchema({
        types: [{ meta: 'struct', name: 'A', members: [{ name: 'path', type: 'str' }] }],
        commands: [{ name: 'guest-exec', data: 'A' }],
      }),
    );
    reg.register('guest-exec', () => undefined);
    reg.disable('guest-exec');
    expect(await run(reg, c.request)).toBe(c.response_raw.trim());
    expect(reg.list()).toEqual([
      { name: 'guest-exec', enabled: false, successResponse: true, allowOob: false, allowPreconfig: false },
    ]);
  });
});

describe('dispatch', () => {
  it('visits arguments in and the return value out', async () => {
    const { reg, calls } = makeRegistry();
    expect(
      await run(reg, '{"execute": "qom-get", "arguments": {"path": "/machine", "property": "type"}}'),
    ).toBe('{"return": "x"}');
    expect(calls).toEqual([{ path: '/machine', property: 'type' }]);
    expect(await run(reg, '{"execute": "qom-list-types", "arguments": {"abstract": true}}')).toBe(
      '{"return": [{"abstract": true, "name": "device"}]}',
    );
    // async handler, int argument, int return
    expect(await run(reg, '{"execute": "guest-sync", "arguments": {"id": 1234567}, "id": "a"}')).toBe(
      '{"return": 1234567, "id": "a"}',
    );
    // boxed union arguments
    expect(
      await run(
        reg,
        `{"execute": "object-add", "arguments": {"qom-type": "iothread", "id": "io0", "poll-max-ns": 9223372036854775807}}`,
      ),
    ).toBe('{"return": {}}');
    expect(calls[1]).toEqual({ 'qom-type': 'iothread', id: 'io0', 'poll-max-ns': 9223372036854775807n });
  });

  it('sends no reply for success-response false, but still reports errors', async () => {
    const { reg, calls } = makeRegistry();
    expect(await run(reg, '{"execute": "guest-shutdown"}')).toBeNull();
    expect(calls).toEqual(['shutdown']);
    expect(await run(reg, '{"execute": "guest-shutdown", "arguments": {"mode": "x"}}')).toBe(
      '{"error": {"class": "GenericError", "desc": "Parameter \'mode\' is unexpected"}}',
    );
  });

  it('passes raw arguments to gen: false commands and keeps handler error classes', async () => {
    const { reg } = makeRegistry();
    expect(await run(reg, '{"execute": "device_add", "arguments": {"driver": "e1000", "id": "gone"}}')).toBe(
      '{"error": {"class": "DeviceNotFound", "desc": "Device \'gone\' not found"}}',
    );
    expect(await run(reg, '{"execute": "device_add", "arguments": {"driver": "e1000"}}')).toBe(
      '{"return": {}}',
    );
  });

  it('handles exec-oob when the client negotiated oob', async () => {
    const { reg } = makeRegistry();
    expect(await run(reg, '{"exec-oob": "migrate-incoming-oob", "id": 1}', { allowOob: true })).toBe(
      '{"return": {}, "id": 1}',
    );
    expect(await run(reg, '{"exec-oob": "query-name"}', { allowOob: true })).toBe(
      '{"error": {"class": "GenericError", "desc": "The command query-name does not support OOB"}}',
    );
    expect(await run(reg, '{"exec-oob": "query-name", "execute": "query-name"}', { allowOob: true })).toMatch(
      /QMP input member '(execute|exec-oob)' clashes with '(exec-oob|execute)'/,
    );
    expect(await run(reg, '{"id": 5}')).toBe(
      '{"id": 5, "error": {"class": "GenericError", "desc": "QMP input lacks member \'execute\'"}}',
    );
  });

  it('refuses commands by compat policy, preconfig state and disabling', async () => {
    const { reg } = makeRegistry({ deprecatedInput: 'reject', unstableInput: 'reject' });
    expect(await run(reg, '{"execute": "old-cmd"}')).toBe(
      '{"error": {"class": "CommandNotFound", "desc": "Deprecated command old-cmd disabled by policy"}}',
    );
    expect(await run(reg, '{"execute": "x-unstable-cmd"}')).toBe(
      '{"error": {"class": "CommandNotFound", "desc": "Unstable command x-unstable-cmd disabled by policy"}}',
    );
    expect(await run(reg, '{"execute": "query-name"}', { preconfig: true })).toBe(
      `{"error": {"class": "GenericError", "desc": "The command 'query-name' is permitted only after machine initialization has completed"}}`,
    );
    expect(await run(reg, '{"execute": "query-status"}', { preconfig: true })).toContain('"return"');
    reg.disable('query-name', 'frozen');
    expect(await run(reg, '{"execute": "query-name"}')).toBe(
      '{"error": {"class": "CommandNotFound", "desc": "Command query-name has been disabled: frozen"}}',
    );
    reg.enable('query-name');
    expect(await run(reg, '{"execute": "query-name"}')).toBe('{"return": {}}');
    // the server's own check (QEMU's capabilities negotiation mode lives in the QMP server)
    expect(
      await run(reg, '{"execute": "query-name"}', {
        available: () => {
          throw new QapiError(
            "Expecting capabilities negotiation with 'qmp_capabilities'",
            'CommandNotFound',
          );
        },
      }),
    ).toBe(
      `{"error": {"class": "CommandNotFound", "desc": "Expecting capabilities negotiation with 'qmp_capabilities'"}}`,
    );
  });

  it('reports a handler returning an ill-typed value as GenericError', async () => {
    const reg = new CommandRegistry(schema);
    reg.register('query-status', () => ({ status: 'running' }));
    expect(await run(reg, '{"execute": "query-status"}')).toBe(
      `{"error": {"class": "GenericError", "desc": "QAPI output: 'running' must be present, got undefined"}}`,
    );
  });

  it('rejects registering unknown or duplicate commands', () => {
    const reg = new CommandRegistry(schema);
    expect(() => reg.register('no-such', () => 1)).toThrow("no command 'no-such'");
    reg.register('query-name', () => undefined);
    expect(() => reg.register('query-name', () => undefined)).toThrow('registered twice');
  });
});

describe('events', () => {
  const clock = () => ({ seconds: 1267020223, microseconds: 435656 });
  it('builds QEMU events with timestamp and typed data', () => {
    const out: string[] = [];
    const em = new EventEmitter(schema, (ev) => out.push(toJSON(ev)), { clock });
    em.emit('SHUTDOWN', { guest: true, reason: 'guest-shutdown' });
    em.emit('STOP');
    expect(out).toEqual([
      toJSON(
        new QDict()
          .put('event', new QString('SHUTDOWN'))
          .put('timestamp', fromJS({ seconds: 1267020223, microseconds: 435656 }))
          .put('data', fromJS({ guest: true, reason: 'guest-shutdown' })),
      ),
      '{"timestamp": {"seconds": 1267020223, "microseconds": 435656}, "event": "STOP"}',
    ]);
    expect(out[0]).toBe(
      '{"timestamp": {"seconds": 1267020223, "microseconds": 435656}, "event": "SHUTDOWN", "data": {"guest": true, "reason": "guest-shutdown"}}',
    );
  });
  it('hides deprecated events and members under deprecated-output=hide', () => {
    const out: QDict[] = [];
    const em = new EventEmitter(schema, (ev) => out.push(ev), {
      clock,
      policy: { deprecatedOutput: 'hide' },
    });
    expect(em.emit('OLD_EVENT')).toBe(false);
    expect(em.emit('DEPRECATED_EV', { gone: true })).toBe(true);
    expect(out.length).toBe(1);
    expect(out[0]!.has('data')).toBe(false); // all members hidden: no data member
    expect(() => em.emit('NOPE')).toThrow("no event 'NOPE'");
    expect(() => em.emit('SHUTDOWN', { guest: 1 })).toThrow(TypeError);
  });
  it('uses the real time by default', () => {
    let ev: QDict | undefined;
    new EventEmitter(schema, (e) => {
      ev = e;
    }).emit('STOP');
    const secs = Number((ev!.getDict('timestamp').get('seconds') as QNum).getInt());
    expect(Math.abs(secs - Date.now() / 1000)).toBeLessThan(60);
  });
});
