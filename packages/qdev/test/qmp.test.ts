// The device QMP commands against QEMU 7.2's captured errors, and asynchronous unplug.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandRegistry, EventEmitter } from '@tsemu/qapi';
import { parseJSON, toJS, toJSON } from '@tsemu/qobject';
import {
  containerGet,
  objectGetRoot,
  objectNew,
  objectPropertyAddChild,
  objectUnparent,
  objectUnref,
  TYPE_OBJECT,
  typeRegister,
} from '@tsemu/qom';
import { beforeAll, describe, expect, test } from 'vitest';
import { events } from '../src/__fixtures__/devices.js';
import {
  type DeviceClass,
  type DeviceState,
  definePropString,
  deviceClassSetProps,
  type HotplugHandlerClass,
  hotplugHandlerUnplug,
  qdevNew,
  qdevRealizeAndUnref,
  qdevSchema,
  qdevSetMachineReady,
  registerQdevCommands,
  sysbusGetDefault,
  TYPE_HOTPLUG_HANDLER,
} from '../src/index.js';

const REF = join(__dirname, '..', '..', '..', '..', 'shared', 'reference', 'qemu-7.2');
const haveRef = existsSync(REF);
if (!haveRef) console.warn(`skipping QEMU capture comparisons: ${REF} is absent`);

typeRegister<DeviceState, DeviceClass>({
  name: 'e1000',
  parent: 'pci-device',
  classInit: (k) => {
    deviceClassSetProps(k, [definePropString('romfile', 'romfile')]);
    k.categories = new Set(['network']);
  },
});
typeRegister({ name: 'memory-backend-ram', parent: TYPE_OBJECT });

// A PCI hotplug controller that only requests unplug; the guest acknowledges later.
let pending: DeviceState | undefined;
typeRegister<DeviceState, DeviceClass & HotplugHandlerClass>({
  name: 'acpi-hotplug-ctrl',
  parent: 'sys-bus-device',
  interfaces: [TYPE_HOTPLUG_HANDLER],
  classInit: (k) => {
    const hc = k.interfaces.find((i) => i.interfaceType.name === TYPE_HOTPLUG_HANDLER) as HotplugHandlerClass;
    hc.unplugRequest = (_h, dev) => {
      pending = dev;
    };
    hc.unplug = (_h, dev) => events.push(`unplug ${dev.id}`);
  },
});

const registry = new CommandRegistry(qdevSchema());
const sent: string[] = [];
registerQdevCommands(
  registry,
  new EventEmitter(qdevSchema(), (ev) => sent.push(toJSON(ev)), {
    clock: () => ({ seconds: 1, microseconds: 2 }),
  }),
);
const qmp = async (req: string) => toJS((await registry.dispatch(parseJSON(req)))!);

let host: DeviceState;
beforeAll(() => {
  host = qdevNew<DeviceState>('i440FX-pcihost');
  objectPropertyAddChild(containerGet(objectGetRoot(), '/machine'), 'i440fx', host);
  qdevRealizeAndUnref(host, sysbusGetDefault());
  const piix = qdevNew<DeviceState>('PIIX3');
  qdevRealizeAndUnref(piix, host.childBus[0]);
  qdevSetMachineReady(true);
});

describe('device commands: QEMU 7.2 error answers', () => {
  const names = [
    'missing-argument-device-list-properties',
    'device_add-bad-driver',
    'device_add-abstract-driver',
    'device_add-bad-property',
    'device_add-not-hotpluggable-isa',
    'device_add-missing-driver',
    'device_add-bad-id',
    'device_del-missing',
    'device-list-properties-abstract',
    'device-list-properties-missing',
    'device-list-properties-non-device',
  ];
  test.skipIf(!haveRef).each(names)('%s', async (name) => {
    const all = JSON.parse(readFileSync(join(REF, 'qmp/errors.json'), 'utf8'));
    const entry = all.find((e: { name: string }) => e.name === name);
    expect(await qmp(entry.request)).toEqual(entry.response[0]);
  });
});

describe('unplug requests', () => {
  test('device_del only asks; the device goes when the guest acknowledges', async () => {
    const ctrl = qdevNew<DeviceState>('acpi-hotplug-ctrl');
    qdevRealizeAndUnref(ctrl, sysbusGetDefault());
    const bus = host.childBus[0];
    const previous = bus.hotplugHandler;
    bus.hotplugHandler = ctrl;
    expect(await qmp('{"execute": "device_add", "arguments": {"driver": "e1000", "id": "net0"}}')).toEqual({
      return: {},
    });
    expect(await qmp('{"execute": "device_del", "arguments": {"id": "net0"}}')).toEqual({ return: {} });
    expect(pending?.id).toBe('net0');
    expect(sent).toEqual([]);
    expect(await qmp('{"execute": "device_del", "arguments": {"id": "net0"}}')).toEqual({
      error: { class: 'GenericError', desc: 'Device net0 is already in the process of unplug' },
    });
    // the guest ejects it: the controller unplugs and removes the device
    const dev = pending as DeviceState;
    hotplugHandlerUnplug(ctrl, dev);
    objectUnparent(dev);
    expect(dev.finalized).toBe(true);
    expect(sent).toEqual([
      '{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "DEVICE_DELETED", "data": {"device": "net0", "path": "/machine/peripheral/net0"}}',
    ]);
    bus.hotplugHandler = previous;
  });

  test('a path that is not a device', async () => {
    const o = objectNew('container');
    objectPropertyAddChild(objectGetRoot(), 'thing', o);
    objectUnref(o);
    expect(await qmp('{"execute": "device_del", "arguments": {"id": "/thing"}}')).toEqual({
      error: { class: 'GenericError', desc: '/thing is not a hotpluggable device' },
    });
  });
});

describe('schema descriptors for a merging QMP server', () => {
  test("qdev's part merges with qom's into a schema with all their commands", async () => {
    const { defineSchema } = await import('@tsemu/qapi');
    const { qomSchema } = await import('@tsemu/qom');
    const { qdevSchemaDesc } = await import('../src/index.js');
    const q = qomSchema().desc;
    const d = qdevSchemaDesc();
    const merged = defineSchema({
      types: [...q.types, ...d.types],
      commands: [...(q.commands ?? []), ...(d.commands ?? [])],
      events: [...(q.events ?? []), ...(d.events ?? [])],
    });
    for (const c of ['qom-list', 'object-add', 'device_add', 'device-list-properties', 'device_del'])
      expect(merged.command(c), c).toBeDefined();
    expect(merged.event('DEVICE_DELETED')).toBeDefined();
    expect(d.types.some((t) => t.name === 'ObjectPropertyInfo')).toBe(false);
  });
});
