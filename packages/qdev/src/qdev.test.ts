import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromJS, type QDict, QNum, QString, toJS } from '@tsemu/qobject';
import {
  containerGet,
  objectGetCanonicalPath,
  objectGetRoot,
  objectNew,
  objectPropertyAddChild,
  objectPropertyFind,
  objectPropertyGet,
  objectPropertyGetValue,
  objectPropertyParse,
  objectPropertySet,
  objectResolvePath,
  objectUnparent,
  objectUnref,
  QomObject,
  qomIntrospect,
  qomUndocumentedProperties,
  TYPE_OBJECT,
  typeRegister,
} from '@tsemu/qom';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { events, type Gadget, type IsaDevice, TYPE_ISA_BUS } from './__fixtures__/devices.js';
import {
  type BusState,
  compatSetsForMachine,
  type DeviceClass,
  DeviceState,
  deviceColdReset,
  infoQtree,
  qbusFind,
  qbusNew,
  qdevConnectGpioOutNamed,
  qdevDeviceAdd,
  qdevDeviceHelp,
  qdevDeviceHelpFromOpts,
  qdevDeviceListHelp,
  qdevGetGpioIn,
  qdevNew,
  qdevPassGpios,
  qdevPropClearGlobals,
  qdevPropSet,
  qdevRealize,
  qdevRealizeAndUnref,
  qdevResetAll,
  qdevSetCompatProps,
  qdevSetGpioOut,
  qdevUnrealize,
  qemuAllocateIrq,
  qemuGlobalOption,
  qemuIrqPulse,
  qemuSetIrq,
  qmpDeviceListProperties,
  RESET_TYPE_COLD,
  type ResettableClass,
  resettableAssertReset,
  resettableClassSetParentPhases,
  resettableIsInReset,
  resettableReleaseReset,
  sizeToStr,
  sysbusGetDefault,
  TYPE_DEVICE,
  TYPE_RESETTABLE_INTERFACE,
} from './index.js';

const REF = join(__dirname, '..', '..', '..', '..', 'shared', 'reference', 'qemu-7.2');
const haveRef = existsSync(REF);
if (!haveRef) console.warn(`skipping QEMU capture comparisons: ${REF} is absent`);
const capture = (p: string) => readFileSync(join(REF, p), 'utf8');
const cliStdout = (p: string) => capture(p).split('--- stdout ---\n')[1].split('--- stderr ---')[0];

const qdict = (o: Record<string, unknown>) => fromJS(o) as QDict;
let isa: BusState;

beforeAll(() => {
  // a tiny board: the ISA bus hangs off the system bus through a bridge device
  const bridge = qdevNew('i440FX-pcihost');
  qdevRealizeAndUnref(bridge, sysbusGetDefault());
  const piix = qdevNew('PIIX3');
  qdevRealizeAndUnref(piix, (bridge as DeviceState).childBus[0]);
  isa = (piix as DeviceState).childBus[0];
  const chardevs = containerGet(objectGetRoot(), '/chardevs');
  for (const id of ['dbg', 'dbg2']) {
    const c = objectNew('chardev-null');
    objectPropertyAddChild(chardevs, id, c);
    objectUnref(c);
  }
});

afterEach(() => {
  events.length = 0;
  qdevPropClearGlobals();
  qdevSetCompatProps([]);
});

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
};

describe('buses', () => {
  test('names: given, <type>.<n> lowercased, <parent id>.<n>', () => {
    expect(isa.name).toBe('isa.0');
    expect(sysbusGetDefault().name).toBe('main-system-bus');
    expect(objectGetCanonicalPath(sysbusGetDefault())).toBe('/machine/unattached/sysbus');
    const d = qdevNew<DeviceState>('isa-debug-exit');
    d.id = 'ctl';
    const b1 = qbusNew(TYPE_ISA_BUS, d);
    const b2 = qbusNew(TYPE_ISA_BUS, d);
    const b3 = qbusNew(TYPE_ISA_BUS, undefined);
    expect([b1.name, b2.name, b3.name]).toEqual(['ctl.0', 'ctl.1', 'isa.1']);
    expect(objectPropertyFind(d, 'ctl.0')?.type).toBe('child<ISA>');
    objectUnref(d);
    objectUnref(b3);
  });

  test('bus= resolution and its errors', () => {
    expect(qbusFind('isa.0')).toBe(isa);
    expect(qbusFind('pci.0').name).toBe('pci.0');
    expect(qbusFind('/i440FX-pcihost/pci.0/PIIX3/isa.0')).toBe(isa);
    expect(qbusFind('/i440FX-pcihost/pci.0/PIIX3')).toBe(isa); // a device with one bus
    expect(errorOf(() => qbusFind('nope.0'))).toBe("Bus 'nope.0' not found");
    expect(errorOf(() => qbusFind('/nodev'))).toBe("Device 'nodev' not found");
    expect(errorOf(() => qbusFind('/i440FX-pcihost/nobus'))).toBe("Bus 'nobus' not found");
  });
});

describe('devices', () => {
  test('realize places parentless devices in /machine/unattached; realize errors leave it unrealized', () => {
    const d = qdevNew<IsaDevice>('isa-debugcon');
    expect(errorOf(() => qdevRealize(d, isa))).toBe("Can't create debugcon device, empty char device");
    expect(d.realized).toBe(false);
    // the failed realize gave back its place in /machine/unattached and on the bus
    expect(d.parent).toBeUndefined();
    expect(isa.children.some((k) => k.child === d)).toBe(false);
    objectUnref(d);
    expect(d.finalized).toBe(true);
    const e = qdevNew<IsaDevice>('isa-debug-exit');
    qdevRealizeAndUnref(e, isa);
    expect(objectGetCanonicalPath(e)).toMatch(/^\/machine\/unattached\/device\[\d+\]$/);
    expect(objectPropertyGet(e, 'realized').equals(fromJS(true))).toBe(true);
    expect(
      objectPropertyGet(e, 'parent_bus').equals(new QString(objectGetCanonicalPath(isa) ?? 'none')),
    ).toBe(true);
    expect(isa.children[0].child).toBe(e);
    objectUnparent(e);
    expect(isa.children.some((k) => k.child === e)).toBe(false);
    expect(e.finalized).toBe(true);
  });

  test('static properties: defaults, types, ranges, enum, size, string, before-realize rule', () => {
    const g = qdevNew<Gadget>('gadget');
    expect([g.u8, g.flag, g.size, g.policy, g.name]).toEqual([7, true, 1n << 20n, 'discard', undefined]);
    expect(objectPropertyGet(g, 'name').equals(new QString(''))).toBe(true); // unset string:
    objectPropertyParse(g, 'size', '2M');
    expect(g.size).toBe(2n << 20n);
    objectPropertySet(g, 'policy', new QString('slew'));
    objectPropertySet(g, 'name', new QString('x'));
    const bad: [() => void, string][] = [
      [
        () => objectPropertySet(g, 'u8', QNum.fromInt(10)),
        "Property gadget.u8 doesn't take value 10 (minimum: 1, maximum: 9)",
      ],
      [() => objectPropertySet(g, 'u8', QNum.fromInt(300)), "Parameter 'u8' expects uint8_t"],
      [
        () => objectPropertySet(g, 'policy', new QString('x')),
        "Parameter 'policy' does not accept value 'x'",
      ],
      [() => objectPropertyParse(g, 'flag', 'maybe'), "Invalid parameter type for 'flag', expected: boolean"],
      [() => objectPropertySet(g, 'peer', new QString('/nowhere')), "Device '/nowhere' not found"],
    ];
    for (const [fn, msg] of bad) expect(errorOf(fn)).toBe(msg);
    expect(objectPropertyFind(g, 'policy')?.type).toBe('LostTickPolicy');
    expect(objectPropertyFind(g, 'peer')?.type).toBe('link<isa-device>');
    // arrays: len-ports makes ports[0..n-1]
    objectPropertySet(g, 'len-ports', QNum.fromInt(2));
    objectPropertySet(g, 'ports[1]', QNum.fromInt(0x3f8));
    expect(g.ports).toEqual([undefined, 0x3f8]);
    expect(errorOf(() => objectPropertySet(g, 'len-ports', QNum.fromInt(3)))).toBe(
      'array size property len-ports may not be set more than once',
    );
    qdevPropSet(g, 'u8', 3);
    expect(g.u8).toBe(3);
    expect(errorOf(() => qdevPropSet(g, 'u8', 'x'))).toBe("Parameter 'u8' expects uint64");
    g.id = 'g0';
    qdevRealize(g, isa);
    expect(errorOf(() => objectPropertySet(g, 'u8', QNum.fromInt(2)))).toBe(
      "Attempt to set property 'u8' on device 'g0' (type 'gadget') after it was realized",
    );
    expect(errorOf(() => objectPropertySet(g, 'peer', new QString('')))).toBe(
      "Attempt to set link property 'peer' on device 'g0' (type 'gadget') after it was realized",
    );
    objectUnparent(g);
    objectUnref(g);
  });

  test('backend references resolve ids in /chardevs and hold them', () => {
    const d = qdevNew<IsaDevice>('isa-debugcon');
    expect(errorOf(() => objectPropertySet(d, 'chardev', new QString('nosuch')))).toBe(
      "Property 'isa-debugcon.chardev' can't find value 'nosuch'",
    );
    objectPropertySet(d, 'chardev', new QString('dbg'));
    expect(d.chr).toBe(objectResolvePath('/chardevs/dbg'));
    expect(objectPropertyGetValue(d, 'chardev')).toBe('dbg');
    expect(d.chr?.ref).toBe(2);
    objectUnref(d);
    expect(objectResolvePath('/chardevs/dbg')?.ref).toBe(1);
  });
});

describe('reset', () => {
  const order: string[] = [];
  class RDev extends DeviceState {
    tag = '';
  }
  typeRegister<RDev, DeviceClass & ResettableClass>({
    name: 'rdev',
    parent: TYPE_DEVICE,
    instance: RDev,
    classInit: (k) => {
      const rc = k.interfaces.find(
        (i) => i.interfaceType.name === TYPE_RESETTABLE_INTERFACE,
      ) as ResettableClass;
      resettableClassSetParentPhases(
        rc,
        (o) => order.push(`enter ${(o as RDev).tag}`),
        (o) => order.push(`hold ${(o as RDev).tag}`),
        (o) => order.push(`exit ${(o as RDev).tag}`),
      );
    },
  });
  typeRegister<RDev, DeviceClass>({
    name: 'rdev-legacy',
    parent: 'rdev',
    classInit: (k) => {
      k.reset = (d) => order.push(`legacy ${(d as RDev).tag}`);
    },
  });
  typeRegister({ name: 'rbus', parent: 'bus' });

  test('three phases over the tree: every enter before any hold; children first; counted', () => {
    const top = qdevNew<RDev>('rdev');
    top.tag = 'top';
    const bus = qbusNew('rbus', top, 'r.0');
    const a = qdevNew<RDev>('rdev');
    a.tag = 'a';
    const b = qdevNew<RDev>('rdev-legacy');
    b.tag = 'b';
    (top.class as DeviceClass).busType = undefined;
    qdevRealize(top);
    (a.class as DeviceClass).busType = 'rbus';
    qdevRealize(a, bus);
    qdevRealize(b, bus);
    order.length = 0;
    resettableAssertReset(top, RESET_TYPE_COLD);
    // a bus lists its newest device first; b's legacy reset replaces its phases (run in hold)
    expect(order).toEqual(['enter a', 'enter top', 'legacy b', 'hold a', 'hold top']);
    expect(resettableIsInReset(a)).toBe(true);
    // a second controller asserting reset does not re-run the phases
    order.length = 0;
    resettableAssertReset(top);
    resettableReleaseReset(top);
    expect(order).toEqual([]);
    resettableReleaseReset(top);
    expect(order).toEqual(['exit a', 'exit top']);
    expect(resettableIsInReset(top)).toBe(false);
    order.length = 0;
    deviceColdReset(a);
    expect(order).toEqual(['enter a', 'hold a', 'exit a']);
    objectUnparent(top);
    expect([top.finalized, a.finalized, b.finalized, bus.finalized]).toEqual([false, false, false, true]);
    for (const d of [top, a, b]) objectUnref(d); // the references qdevNew gave us
    expect([top.finalized, a.finalized, b.finalized]).toEqual([true, true, true]);
  });
});

describe('GPIO and IRQs', () => {
  test('named lines, connecting an output to an input, raise/lower/pulse', () => {
    const g = qdevNew<Gadget>('gadget');
    const h = qdevNew<Gadget>('gadget');
    qdevRealize(g, isa);
    qdevRealize(h, isa);
    expect(objectPropertyFind(g, 'unnamed-gpio-in[1]')?.type).toBe('child<irq>');
    expect(objectPropertyFind(g, 'out[0]')?.type).toBe('link<irq>');
    qdevConnectGpioOutNamed(g, 'out', 0, qdevGetGpioIn(h, 1));
    qdevSetGpioOut(g, 'out', 0, 1);
    expect(h.irqLevels[1]).toBe(1);
    qemuIrqPulse(qdevGetGpioIn(h, 0));
    expect(h.irqLevels[0]).toBe(0);
    // a free-standing IRQ gets a place in the tree when connected
    const seen: number[] = [];
    const free = qemuAllocateIrq((_o, _n, l) => seen.push(l), undefined, 0);
    qdevConnectGpioOutNamed(h, 'out', 0, free);
    expect(objectGetCanonicalPath(free)).toMatch(/^\/machine\/unattached\/non-qdev-gpio\[\d+\]$/);
    qdevSetGpioOut(h, 'out', 0, 1);
    qemuSetIrq(undefined, 1); // an unconnected line is ignored
    expect(seen).toEqual([1]);
    objectUnref(free);
    for (const d of [g, h]) {
      objectUnparent(d);
      objectUnref(d);
    }
    expect([g.finalized, h.finalized]).toEqual([true, true]);
  });
});

describe('passing GPIOs to a container', () => {
  test('the container gets the lines (as aliases) and the list', () => {
    const inner = qdevNew<Gadget>('gadget');
    const outer = qdevNew<IsaDevice>('isa-debug-exit');
    qdevRealize(inner, isa);
    qdevRealize(outer, isa);
    qdevPassGpios(inner, outer, 'out');
    expect(objectPropertyFind(outer, 'out[0]')?.type).toBe('link<irq>');
    expect(inner.gpios.some((g) => g.name === 'out')).toBe(false);
    expect(outer.gpios[0].name).toBe('out');
    // connecting through the container drives inner's line
    const seen: number[] = [];
    const irq = qemuAllocateIrq((_o, _n, l) => seen.push(l), undefined, 0);
    qdevConnectGpioOutNamed(outer, 'out', 0, irq);
    qdevSetGpioOut(outer, 'out', 0, 1);
    expect(seen).toEqual([1]);
    objectUnref(irq);
    for (const d of [inner, outer]) {
      objectUnparent(d);
      objectUnref(d);
    }
  });
});

describe('-device / device_add from a QDict', () => {
  const add = (o: Record<string, unknown>, json = false) => qdevDeviceAdd(qdict(o), json);
  test.each([
    [{}, "Parameter 'driver' is missing"],
    [{ driver: 'no-such-device' }, "'no-such-device' is not a valid device model name"],
    [{ driver: 'container' }, "'container' is not a valid device model name"],
    [{ driver: 'isa-device' }, "Parameter 'driver' expects a non-abstract device type"],
    [{ driver: 'PIIX3' }, "Parameter 'driver' expects a pluggable device type"],
    [{ driver: 'isa-debug-exit', id: '1bad' }, "Parameter 'id' expects an identifier"],
    [{ driver: 'isa-debugcon', 'no-such-prop': '1' }, "Property 'isa-debugcon.no-such-prop' not found"],
    [{ driver: 'isa-debugcon', iobase: 'zz' }, "Parameter 'iobase' expects integer"],
    [
      { driver: 'isa-debugcon', chardev: 'nosuch' },
      "Property 'isa-debugcon.chardev' can't find value 'nosuch'",
    ],
    [{ driver: 'isa-debugcon', iobase: '0x3f8' }, "Can't create debugcon device, empty char device"],
    [{ driver: 'isa-debug-exit', bus: 'pci.0' }, "Device 'isa-debug-exit' can't go on PCI bus"],
    [{ driver: 'isa-debug-exit', bus: 'nope.0' }, "Bus 'nope.0' not found"],
  ])('%j → %s', (opts, msg) => {
    expect(errorOf(() => add(opts))).toBe(msg);
  });

  test('ids: peripheral/<id>, peripheral-anon/device[N], duplicates refused; nothing left after errors', () => {
    const d = add({ driver: 'isa-debug-exit', id: 'd0', iobase: '0xf4', iosize: '0x04' });
    expect(objectGetCanonicalPath(d)).toBe('/machine/peripheral/d0');
    expect([d.realized, (d as IsaDevice).iobase, (d as IsaDevice).iosize]).toEqual([true, 0xf4, 4]);
    expect(errorOf(() => add({ driver: 'isa-debug-exit', id: 'd0' }))).toBe("Duplicate ID 'd0' for device");
    const anon = add({ driver: 'isa-debug-exit' });
    expect(objectGetCanonicalPath(anon)).toMatch(/^\/machine\/peripheral-anon\/device\[\d+\]$/);
    const before = containerGet(objectGetRoot(), '/machine/peripheral-anon').properties.count;
    expect(errorOf(() => add({ driver: 'isa-debugcon' }))).toBe(
      "Can't create debugcon device, empty char device",
    );
    expect(containerGet(objectGetRoot(), '/machine/peripheral-anon').properties.count).toBe(before);
    // JSON form: typed values
    const j = add({ driver: 'isa-debugcon', id: 'con', chardev: 'dbg2', iobase: 0x2e9 }, true);
    expect((j as IsaDevice).iobase).toBe(0x2e9);
    expect(errorOf(() => add({ driver: 'isa-debugcon', chardev: 'dbg2', iobase: '1' }, true))).toBe(
      "Parameter 'iobase' expects uint64",
    );
    for (const x of [d, anon, j]) objectUnparent(x);
  });

  test('max devices per bus: placement skips a full bus, bus= on a full one fails', () => {
    // pci.0 takes 4 devices and PIIX3 is one of them
    const devs = [0, 1, 2].map(() => add({ driver: 'pci-testdev' }));
    expect(errorOf(() => add({ driver: 'pci-testdev' }))).toBe("No 'PCI' bus found for device 'pci-testdev'");
    expect(errorOf(() => add({ driver: 'pci-testdev', bus: 'pci.0' }))).toBe("Bus 'pci.0' is full");
    for (const d of devs) objectUnparent(d);
  });
});

describe('help, device-list-properties and info qtree as QEMU shows them', () => {
  test.skipIf(!haveRef).each(['isa-debugcon', 'isa-debug-exit'])('-device %s,help', (driver) => {
    expect(qdevDeviceHelp(driver)).toBe(cliStdout(`cli/device-${driver}-help.txt`));
  });

  test.skipIf(!haveRef).each(['isa-debugcon', 'isa-debug-exit'])('device-list-properties %s', (t) => {
    const want = JSON.parse(capture(`qmp/nodefaults/device-list-properties/${t}.json`)).return;
    expect(qmpDeviceListProperties(t).map((p) => toJS(fromJS(p)))).toEqual(want);
  });

  test('device-list-properties errors', () => {
    expect(errorOf(() => qmpDeviceListProperties('no-such-type'))).toBe("Device 'no-such-type' not found");
    expect(errorOf(() => qmpDeviceListProperties('device'))).toBe(
      "Parameter 'typename' expects a non-abstract device type",
    );
    typeRegister({ name: 'plain-object', parent: TYPE_OBJECT });
    expect(errorOf(() => qmpDeviceListProperties('plain-object'))).toBe(
      "Parameter 'typename' expects a non-abstract device type",
    );
  });

  test('help requested through the options', () => {
    expect(qdevDeviceHelpFromOpts(qdict({ driver: 'help' }))).toBe(qdevDeviceListHelp());
    expect(qdevDeviceHelpFromOpts(qdict({ driver: 'isa-debug-exit', help: 'on' }))).toBe(
      qdevDeviceHelp('isa-debug-exit'),
    );
    expect(qdevDeviceHelpFromOpts(qdict({ driver: 'isa-debug-exit', iobase: '1' }))).toBeUndefined();
    expect(errorOf(() => qdevDeviceHelpFromOpts(qdict({ driver: 'nope', help: 'on' })))).toBe(
      "'nope' is not a valid device model name",
    );
    expect(qdevDeviceHelp('gadget')).toContain(
      '  u8=<uint8>             - a number from 1 to 9 (default: 7)\n',
    );
  });

  test('-device help lists user-creatable devices by category', () => {
    const help = qdevDeviceListHelp();
    // categories after the first are always preceded by an empty line, as in QEMU
    expect(help).toContain('\nMisc devices:\nname "isa-debug-exit", bus ISA\nname "isa-debugcon", bus ISA\n');
    expect(help).toContain('\nUncategorized devices:\nname "gadget", bus ISA, desc "a test gadget"\n');
    expect(help).toContain('name "pci-testdev", bus PCI, desc "PCI Test Device"\n');
    expect(help).not.toContain('PIIX3');
  });

  test.skipIf(!haveRef)('info qtree: device blocks as in the rich capture', () => {
    const dbgexit = qdevDeviceAdd(
      qdict({ driver: 'isa-debug-exit', id: 'dbgexit', iobase: '0xf4', iosize: '0x04' }),
    );
    const debugcon = qdevDeviceAdd(
      qdict({ driver: 'isa-debugcon', iobase: '0xe9', chardev: 'dbg', id: 'debugcon' }),
    );
    const text = infoQtree();
    const block = [
      '          dev: isa-debug-exit, id "dbgexit"',
      '            iobase = 244 (0xf4)',
      '            iosize = 4 (0x4)',
      '          dev: isa-debugcon, id "debugcon"',
      '            iobase = 233 (0xe9)',
      '            chardev = "dbg"',
      '            readback = 233 (0xe9)',
    ];
    const rich = capture('hmp/rich/info-qtree.txt').replace(/\r\n/g, '\n');
    // QEMU lists a bus's devices newest first, so debugcon (added last) comes first here
    const ours = [...block.slice(3), ...block.slice(0, 3)].join('\n');
    expect(rich).toContain(block.join('\n'));
    expect(text).toContain(ours);
    expect(text.startsWith('bus: main-system-bus\n  type System\n  dev: i440FX-pcihost, id ""\n')).toBe(true);
    objectUnparent(dbgexit);
    objectUnparent(debugcon);
  });

  test('human printing of sizes as size_to_str', () => {
    expect(sizeToStr(2147483648n)).toBe('2 GiB');
    expect(sizeToStr(512n)).toBe('512 B');
    expect(sizeToStr(0n)).toBe('0 B');
    expect(sizeToStr(4294967295n)).toBe('4 GiB');
    expect(sizeToStr(1536n)).toBe('1.5 KiB');
  });
});

describe('globals and compat properties', () => {
  test('-global applies at creation; later wins; user globals beat compat ones', () => {
    qdevSetCompatProps([
      { version: '7.1', props: [{ driver: 'isa-debug-exit', property: 'iosize', value: '8' }] },
    ]);
    qemuGlobalOption('isa-debug-exit.iobase=0x600');
    let d = qdevNew<IsaDevice>('isa-debug-exit');
    expect([d.iobase, d.iosize]).toEqual([0x600, 8]);
    objectUnref(d);
    qemuGlobalOption('isa-device.iosize=16');
    d = qdevNew<IsaDevice>('isa-debug-exit');
    expect(d.iosize).toBe(16);
    objectUnref(d);
  });

  test('errors: a bad global names itself; -global syntax', () => {
    qemuGlobalOption('isa-debugcon.no-such-prop=1');
    expect(errorOf(() => qdevNew('isa-debugcon'))).toBe(
      "can't apply global isa-debugcon.no-such-prop=1: Property 'isa-debugcon.no-such-prop' not found",
    );
    expect(errorOf(() => qemuGlobalOption('nodot'))).toBe("Invalid parameter 'dot'");
    expect(errorOf(() => qemuGlobalOption('a.b'))).toBe("Invalid parameter 'a.b'");
    expect(errorOf(() => qemuGlobalOption('driver=x,property=y'))).toBe(
      "options 'driver', 'property', and 'value' are required",
    );
    qemuGlobalOption('driver=isa-debug-exit,property=iosize,value=0x20');
    const d = qdevNew<IsaDevice>('isa-debug-exit');
    expect(d.iosize).toBe(0x20);
    objectUnref(d);
  });
});

describe('versioned machine compat sets', () => {
  const sets = [
    { version: '7.1', props: [{ driver: 'isa-debug-exit', property: 'iosize', value: '4' }] },
    { version: '7.0', props: [{ driver: 'isa-debug-exit', property: 'iosize', value: '8' }] },
    { version: '6.2', props: [{ driver: 'isa-debug-exit', property: 'iobase', value: '0x99' }] },
  ];
  test.each([
    ['7.2', [], [0x501, 2]],
    ['7.1', ['7.1'], [0x501, 4]],
    ['7.0', ['7.1', '7.0'], [0x501, 8]],
    ['6.2', ['7.1', '7.0', '6.2'], [0x99, 8]],
  ] as const)('pc-%s', (version, chosen, [iobase, iosize]) => {
    const picked = compatSetsForMachine(sets, version);
    expect(picked.map((p) => p.version)).toEqual(chosen);
    qdevSetCompatProps(picked);
    const d = qdevNew<IsaDevice>('isa-debug-exit');
    expect([d.iobase, d.iosize]).toEqual([iobase, iosize]);
    objectUnref(d);
  });
});

describe('static introspection of devices', () => {
  test('device classes carry bus, description, categories and their static properties', () => {
    const g = qomIntrospect().find((t) => t.name === 'gadget');
    expect(g?.device).toEqual({
      userCreatable: true,
      hotpluggable: true,
      desc: 'a test gadget',
      bus: 'ISA',
    });
    expect(g?.properties).toContainEqual({
      name: 'u8',
      type: 'uint8',
      qapiType: 'uint8',
      description: 'a number from 1 to 9',
      doc: 'a number from 1 to 9',
      default: 7,
      readable: true,
      writable: true,
      stability: 'stable',
    });
    expect(g?.properties.find((p) => p.name === 'policy')).toMatchObject({
      type: 'LostTickPolicy',
      default: 'discard',
      values: ['discard', 'delay', 'slew'],
    });
    expect(qomIntrospect().find((t) => t.name === 'PCI')?.bus).toEqual({ maxDev: 4 });
    // tsemu documents every property of its core types
    const core = qomIntrospect().filter((t) =>
      ['object', 'device', 'bus', 'container', 'irq'].includes(t.name),
    );
    expect(core.length).toBe(5);
    expect(qomUndocumentedProperties(core)).toEqual([]);
  });
});

describe('machine reset', () => {
  test('qdevResetAll resets every device below main-system-bus', () => {
    const seen: string[] = [];
    typeRegister<DeviceState, DeviceClass>({
      name: 'counting-dev',
      parent: 'isa-device',
      classInit: (k) => {
        k.reset = (d) => seen.push(d.id ?? '?');
      },
    });
    const a = qdevDeviceAdd(qdict({ driver: 'counting-dev', id: 'c1' }));
    const b = qdevDeviceAdd(qdict({ driver: 'counting-dev', id: 'c2' }));
    qdevResetAll();
    expect(seen.sort()).toEqual(['c1', 'c2']);
    objectUnparent(a);
    objectUnparent(b);
  });
});

describe('misc', () => {
  test('a device with an id has it in qom-get paths; QomObject base', () => {
    expect(new DeviceState()).toBeInstanceOf(QomObject);
  });
});
