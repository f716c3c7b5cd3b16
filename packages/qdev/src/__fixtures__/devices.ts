// Small device models for the tests, named and shaped like QEMU 7.2's so captures apply.
import {
  enumType,
  objectPropertyGetValue,
  QomError,
  type QomObject,
  TYPE_OBJECT,
  typeRegister,
} from '@tsemu/qom';
import {
  type BusClass,
  type BusState,
  type DeviceClass,
  DeviceState,
  definePropArray,
  definePropBool,
  definePropChr,
  definePropEnum,
  definePropLink,
  definePropSize,
  definePropString,
  definePropUint8,
  definePropUint32,
  deviceClassSetProps,
  type HotplugHandlerClass,
  qbusNew,
  qbusSetHotplugHandler,
  qdevInitGpioIn,
  qdevInitGpioOutNamed,
  TYPE_BUS,
  TYPE_DEVICE,
  TYPE_HOTPLUG_HANDLER,
  TYPE_SYS_BUS_DEVICE,
} from '../index.js';

/** Every finalize of a fixture object, by canonical name recorded at creation. */
export const finalized: QomObject[] = [];
export const created: QomObject[] = [];
export const events: string[] = [];

function track(o: QomObject) {
  created.push(o);
}
function untrack(o: QomObject) {
  finalized.push(o);
}

export const TYPE_ISA_BUS = 'ISA';
export const TYPE_PCI_BUS = 'PCI';

typeRegister<QomObject>({ name: 'chardev', parent: TYPE_OBJECT, abstract: true });
typeRegister<QomObject>({
  name: 'chardev-null',
  parent: 'chardev',
  instanceInit: track,
  instanceFinalize: untrack,
});

typeRegister<BusState, BusClass>({
  name: TYPE_ISA_BUS,
  parent: TYPE_BUS,
  instanceInit: track,
  instanceFinalize: untrack,
});
typeRegister<BusState, BusClass>({
  name: TYPE_PCI_BUS,
  parent: TYPE_BUS,
  instanceInit: track,
  instanceFinalize: untrack,
  classInit: (k) => {
    k.maxDev = 4;
    k.printDev = (dev, indent) => `${' '.repeat(indent)}slot ${(dev as PciDevice).slot}\n`;
  },
});

export class IsaDevice extends DeviceState {
  iobase = 0;
  iosize = 0;
  readback = 0;
  chr: QomObject | undefined;
  data: number[] = [];
}

typeRegister<IsaDevice, DeviceClass>({
  name: 'isa-device',
  parent: TYPE_DEVICE,
  abstract: true,
  instance: IsaDevice,
  classInit: (k) => {
    k.busType = TYPE_ISA_BUS;
  },
  instanceInit: track,
  instanceFinalize: untrack,
});

typeRegister<IsaDevice, DeviceClass>({
  name: 'isa-debugcon',
  parent: 'isa-device',
  classInit: (k) => {
    deviceClassSetProps(k, [
      definePropUint32('iobase', 'iobase', 0xe9),
      definePropChr('chardev', 'chr'),
      definePropUint32('readback', 'readback', 0xe9),
    ]);
    k.categories = new Set(['misc']);
    k.realize = (dev) => {
      if (!(dev as IsaDevice).chr) throw new QomError("Can't create debugcon device, empty char device");
      events.push(`realize ${dev.id ?? dev.typename}`);
    };
    k.unrealize = (dev) => events.push(`unrealize ${dev.id ?? dev.typename}`);
  },
});

typeRegister<IsaDevice, DeviceClass>({
  name: 'isa-debug-exit',
  parent: 'isa-device',
  classInit: (k) => {
    deviceClassSetProps(k, [
      definePropUint32('iobase', 'iobase', 0x501),
      definePropUint32('iosize', 'iosize', 0x02),
    ]);
    k.categories = new Set(['misc']);
  },
});

export const lostTickPolicy = enumType('LostTickPolicy', ['discard', 'delay', 'slew']);

/** A device using every kind of static property. */
export class Gadget extends IsaDevice {
  u8 = 0;
  flag = false;
  name: string | undefined;
  size = 0n;
  policy = '';
  peer: QomObject | undefined;
  ports: number[] | undefined;
  irqLevels: number[] = [];
}
typeRegister<Gadget, DeviceClass>({
  name: 'gadget',
  parent: 'isa-device',
  instance: Gadget,
  classInit: (k) => {
    k.desc = 'a test gadget';
    deviceClassSetProps(k, [
      definePropUint8('u8', 'u8', 7, { min: 1, max: 9, description: 'a number from 1 to 9' }),
      definePropBool('flag', 'flag', true),
      definePropString('name', 'name'),
      definePropSize('size', 'size', 1n << 20n),
      definePropEnum('policy', 'policy', lostTickPolicy, 'discard'),
      definePropLink('peer', 'peer', 'isa-device'),
      definePropArray('ports', 'ports', 'uint16'),
    ]);
  },
  instanceInit: (o) => {
    const g = o as Gadget;
    qdevInitGpioIn(
      g,
      (_op, n, level) => {
        g.irqLevels[n] = level;
      },
      2,
    );
    qdevInitGpioOutNamed(g, 'out', 1);
  },
});

export class PciDevice extends DeviceState {
  slot = 0;
}
typeRegister<PciDevice, DeviceClass>({
  name: 'pci-device',
  parent: TYPE_DEVICE,
  abstract: true,
  instance: PciDevice,
  classInit: (k) => {
    k.busType = TYPE_PCI_BUS;
    deviceClassSetProps(k, [definePropUint32('addr', 'slot', 0xffffffff)]);
  },
  instanceInit: track,
  instanceFinalize: untrack,
});
typeRegister<PciDevice, DeviceClass>({
  name: 'pci-testdev',
  parent: 'pci-device',
  classInit: (k) => {
    k.desc = 'PCI Test Device';
    k.categories = new Set(['misc']);
    k.realize = (d) => events.push(`realize ${d.id ?? d.typename}`);
    k.unrealize = (d) => events.push(`unrealize ${d.id ?? d.typename}`);
  },
});

/** The PCI-ISA bridge: makes isa.0 below it. */
typeRegister<PciDevice, DeviceClass>({
  name: 'PIIX3',
  parent: 'pci-device',
  classInit: (k) => {
    k.userCreatable = false;
    k.hotpluggable = false;
  },
  instanceInit: (o) => {
    qbusNew(TYPE_ISA_BUS, o as DeviceState);
  },
});

/** The host bridge: a sysbus device with pci.0, and the hotplug handler of that bus. */
typeRegister<DeviceState, DeviceClass & HotplugHandlerClass>({
  name: 'i440FX-pcihost',
  parent: TYPE_SYS_BUS_DEVICE,
  interfaces: [TYPE_HOTPLUG_HANDLER],
  classInit: (k) => {
    const hc = k.interfaces.find((i) => i.interfaceType.name === TYPE_HOTPLUG_HANDLER) as HotplugHandlerClass;
    hc.plug = (_h, dev) => events.push(`plug ${dev.id ?? dev.typename}`);
    hc.unplug = (_h, dev) => events.push(`unplug ${dev.id ?? dev.typename}`);
  },
  instanceInit: (o) => {
    track(o);
    const bus = qbusNew(TYPE_PCI_BUS, o as DeviceState, 'pci.0');
    qbusSetHotplugHandler(bus, o);
  },
  instanceFinalize: untrack,
});

export function label(o: QomObject): string {
  try {
    return String(objectPropertyGetValue(o, 'type'));
  } catch {
    return o.typename;
  }
}
