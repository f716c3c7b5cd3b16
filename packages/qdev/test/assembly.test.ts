// Issue 4's realistic assembly: a small machine of a few device types on two buses, made from
// QDicts, inspected with qom-list / info qtree, driven through QMP-shaped requests via the
// dispatch registry, hot-unplugged, and torn down with every object finalized exactly once.
import { CommandRegistry, EventEmitter } from '@tsemu/qapi';
import { fromJS, type QDict, toJS, toJSON } from '@tsemu/qobject';
import {
  containerGet,
  objectGetRoot,
  objectNew,
  objectPropertyAddChild,
  objectResetRoot,
  objectUnref,
  type QomObject,
} from '@tsemu/qom';
import { describe, expect, test } from 'vitest';
import { created, events, finalized } from '../src/__fixtures__/devices.js';
import {
  type DeviceState,
  infoQtree,
  qdevDeviceAdd,
  qdevNew,
  qdevRealizeAndUnref,
  qdevSchema,
  qdevSetMachineReady,
  registerQdevCommands,
  sysbusGetDefault,
} from '../src/index.js';

const registry = new CommandRegistry(qdevSchema());
const sent: string[] = [];
const emitter = new EventEmitter(qdevSchema(), (ev) => sent.push(toJSON(ev.get('data')!)), {
  clock: () => ({ seconds: 0, microseconds: 0 }),
});
const stopEvents = registerQdevCommands(registry, emitter);
const qmp = async (execute: string, args?: Record<string, unknown>) =>
  toJS((await registry.dispatch(fromJS(args ? { execute, arguments: args } : { execute })))!);

describe('a small machine assembled from QDicts', () => {
  test('build, inspect, drive through QMP, hot-unplug, tear down', async () => {
    // board code: host bridge on the system bus (pci.0), PCI-ISA bridge on pci.0 (isa.0)
    const host = qdevNew<DeviceState>('i440FX-pcihost');
    objectPropertyAddChild(containerGet(objectGetRoot(), '/machine'), 'i440fx', host);
    qdevRealizeAndUnref(host, sysbusGetDefault());
    const piix = qdevNew<DeviceState>('PIIX3');
    qdevRealizeAndUnref(piix, host.childBus[0]);
    const chardevs = containerGet(objectGetRoot(), '/chardevs');
    const chr = objectNew('chardev-null');
    objectPropertyAddChild(chardevs, 'dbg', chr);
    objectUnref(chr);

    // the command line: -device options as keyval QDicts (string values)
    const cmdline = [
      'driver=isa-debugcon,iobase=0xe9,chardev=dbg,id=debugcon',
      'driver=isa-debug-exit,iobase=0xf4,iosize=0x04,id=dbgexit',
      'driver=pci-testdev,id=test0,addr=3',
      'driver=gadget,u8=5,size=4k,policy=slew',
    ];
    for (const line of cmdline) {
      const d = fromJS(Object.fromEntries(line.split(',').map((kv) => kv.split('=')))) as QDict;
      qdevDeviceAdd(d);
    }
    qdevSetMachineReady(true);
    // the device realizes, then its bus's hotplug handler plugs it
    expect(events).toEqual(['plug PIIX3', 'realize debugcon', 'realize test0', 'plug test0']);

    const periph = (await qmp('qom-list', { path: '/machine/peripheral' })) as {
      return: { name: string; type: string }[];
    };
    expect(periph.return[0]).toEqual({ name: 'type', type: 'string' });
    expect(new Set(periph.return.slice(1).map((p) => `${p.name}:${p.type}`))).toEqual(
      new Set(['debugcon:child<isa-debugcon>', 'dbgexit:child<isa-debug-exit>', 'test0:child<pci-testdev>']),
    );
    const anon = (await qmp('qom-list', { path: '/machine/peripheral-anon' })) as {
      return: { name: string; type: string }[];
    };
    expect(anon.return).toEqual([
      { name: 'type', type: 'string' },
      { name: 'device[0]', type: 'child<gadget>' },
    ]);

    // properties read and written through QMP
    expect(await qmp('qom-get', { path: 'debugcon', property: 'iobase' })).toEqual({ return: 0xe9 });
    expect(await qmp('qom-get', { path: 'debugcon', property: 'chardev' })).toEqual({ return: 'dbg' });
    expect(await qmp('qom-get', { path: '/machine/peripheral-anon/device[0]', property: 'size' })).toEqual({
      return: 4096,
    });
    expect(await qmp('qom-get', { path: 'dbgexit', property: 'parent_bus' })).toEqual({
      return: '/machine/unattached/device[0]/isa.0',
    });
    expect(await qmp('qom-set', { path: 'dbgexit', property: 'iosize', value: 8 })).toEqual({
      error: {
        class: 'GenericError',
        desc: "Attempt to set property 'iosize' on device 'dbgexit' (type 'isa-debug-exit') after it was realized",
      },
    });
    expect(await qmp('qom-get', { path: 'dbgexit', property: 'realized' })).toEqual({ return: true });
    // device[0] names both /machine/unattached/device[0] and the anonymous gadget: ambiguous
    expect(await qmp('qom-get', { path: 'device[0]', property: 'type' })).toEqual({
      error: { class: 'DeviceNotFound', desc: "Device 'device[0]' not found" },
    });
    expect(
      await qmp('qom-set', { path: 'peripheral-anon/device[0]', property: 'flag', value: 'yes' }),
    ).toEqual({
      error: { class: 'GenericError', desc: "Invalid parameter type for 'flag', expected: boolean" },
    });

    // device-list-properties and info qtree
    const props = (await qmp('device-list-properties', { typename: 'gadget' })) as {
      return: { name: string; type: string; 'default-value'?: unknown; description?: string }[];
    };
    expect(props.return).toContainEqual({
      name: 'u8',
      type: 'uint8',
      description: 'a number from 1 to 9',
      'default-value': 7,
    });
    expect(props.return).toContainEqual({
      name: 'policy',
      type: 'LostTickPolicy',
      'default-value': 'discard',
    });
    const qtree = infoQtree();
    expect(qtree).toBe(
      [
        'bus: main-system-bus',
        '  type System',
        '  dev: i440FX-pcihost, id ""',
        '    bus: pci.0',
        '      type PCI',
        '      dev: pci-testdev, id "test0"',
        '        addr = 3 (0x3)',
        '        slot 3',
        '      dev: PIIX3, id ""',
        '        addr = 4294967295 (0xffffffff)',
        '        slot 4294967295',
        '        bus: isa.0',
        '          type ISA',
        '          dev: gadget, id ""',
        // GPIO lists are kept newest first, as QEMU's QLIST_INSERT_HEAD does
        '            gpio-out "out" 1',
        '            gpio-in "" 2',
        '            u8 = 5 (0x5)',
        '            flag = true',
        '            name = ""',
        '            size = 4096 (4 KiB)',
        '            policy = "slew"',
        '            peer = ""',
        '            len-ports = 0 (0x0)',
        '          dev: isa-debug-exit, id "dbgexit"',
        '            iobase = 244 (0xf4)',
        '            iosize = 4 (0x4)',
        '          dev: isa-debugcon, id "debugcon"',
        '            iobase = 233 (0xe9)',
        '            chardev = "dbg"',
        '            readback = 233 (0xe9)',
        '',
      ].join('\n'),
    );

    // hotplug on pci.0 (it has a hotplug handler), refused on isa.0 (it has none)
    expect(await qmp('device_add', { driver: 'pci-testdev', id: 'hot0', addr: 2 })).toEqual({ return: {} });
    expect(events.slice(-2)).toEqual(['realize hot0', 'plug hot0']);
    expect(await qmp('qom-get', { path: 'hot0', property: 'hotplugged' })).toEqual({ return: true });
    expect(await qmp('device_add', { driver: 'isa-debug-exit', id: 'nohot' })).toEqual({
      error: { class: 'GenericError', desc: "Bus 'isa.0' does not support hotplugging" },
    });
    expect(await qmp('device_del', { id: 'dbgexit' })).toEqual({
      error: { class: 'GenericError', desc: "Bus 'isa.0' does not support hotplugging" },
    });

    // hot-unplug: synchronous handler, DEVICE_DELETED with id and path
    const hot0 = containerGet(objectGetRoot(), '/machine/peripheral').properties.get('hot0')!
      .opaque as QomObject;
    expect(await qmp('device_del', { id: 'hot0' })).toEqual({ return: {} });
    expect(events.slice(-2)).toEqual(['unplug hot0', 'unrealize hot0']);
    expect(hot0.finalized).toBe(true);
    expect(sent).toEqual(['{"device": "hot0", "path": "/machine/peripheral/hot0"}']);
    expect(await qmp('device_del', { id: 'hot0' })).toEqual({
      error: { class: 'DeviceNotFound', desc: "Device 'hot0' not found" },
    });
    expect(await qmp('device_del', { id: 'test0' })).toEqual({ return: {} });
    expect(sent.length).toBe(2);

    // the whole machine goes away with the root: every object finalized exactly once
    stopEvents();
    const counted = new Map<QomObject, number>();
    objectResetRoot();
    for (const o of finalized) counted.set(o, (counted.get(o) ?? 0) + 1);
    const notOnce = created.filter((o) => counted.get(o) !== 1);
    expect(notOnce.map((o) => o.typename)).toEqual([]);
    expect(created.length).toBeGreaterThanOrEqual(10);
    expect(finalized.length).toBe(created.length);
  });
});
