// qom-list of buses as QEMU 7.2 answers it (their properties and child[N] links come out in
// the order of QEMU's hash tables, which @tsemu/qom reproduces).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromJS, QString, toJS } from '@tsemu/qobject';
import {
  containerGet,
  objectGetRoot,
  objectNew,
  objectPropertyAddChild,
  objectPropertySetKeyval,
  objectUnref,
  type QomObject,
  qmpQomList,
  qmpQomListProperties,
  TYPE_OBJECT,
  typeRegister,
} from '@tsemu/qom';
import { expect, test } from 'vitest';
import {
  type DeviceClass,
  DeviceState,
  definePropBool,
  definePropChr,
  definePropUint32,
  deviceClassSetProps,
  qbusNew,
  qdevAliasAllProperties,
  qdevDeviceHelp,
  qdevNew,
  qdevRealizeAndUnref,
  qmpDeviceListProperties,
  sysbusGetDefault,
  TYPE_BUS,
  TYPE_DEVICE,
  TYPE_SYS_BUS_DEVICE,
} from '../src/index.js';

const REF = join(__dirname, '..', '..', '..', '..', 'shared', 'reference', 'qemu-7.2');
const haveRef = existsSync(REF);
if (!haveRef) console.warn(`skipping QEMU capture comparisons: ${REF} is absent`);

typeRegister({ name: 'ISA', parent: TYPE_BUS });
typeRegister<DeviceState, DeviceClass>({
  name: 'isa-device',
  parent: TYPE_DEVICE,
  abstract: true,
  classInit: (k) => {
    k.busType = 'ISA';
  },
});
const isaTypes = [
  'i8257',
  'isa-i8259',
  'mc146818rtc',
  'isa-pit',
  'isa-pcspk',
  'isa-fdc',
  'i8042',
  'vmport',
  'vmmouse',
  'port92',
];
for (const name of isaTypes) typeRegister({ name, parent: 'isa-device' });
const sysTypes = ['kvmvapic', 'fw_cfg_io', 'i440FX-pcihost', 'ioapic', 'hpet', 'ps2-kbd', 'ps2-mouse'];
for (const name of sysTypes) typeRegister({ name, parent: TYPE_SYS_BUS_DEVICE });

test.skipIf(!haveRef)('main-system-bus and isa.0 list as in QEMU 7.2', () => {
  const walk = JSON.parse(readFileSync(join(REF, 'qmp/nodefaults/qom-tree.walk.json'), 'utf8'));
  const sysbus = sysbusGetDefault();
  for (const t of sysTypes) qdevRealizeAndUnref(qdevNew(t), sysbus);
  expect(qmpQomList('/machine/unattached/sysbus')).toEqual(walk['/machine/unattached/sysbus']);

  const isa = qbusNew('ISA', undefined, 'isa.0');
  objectPropertyAddChild(containerGet(objectGetRoot(), '/machine/board'), 'isa.0', isa);
  objectUnref(isa);
  const order = [
    'i8257',
    'i8257',
    'isa-i8259',
    'isa-i8259',
    'mc146818rtc',
    'isa-pit',
    'isa-pcspk',
    'isa-fdc',
    'i8042',
    'vmport',
    'vmmouse',
    'port92',
  ];
  for (const t of order) qdevRealizeAndUnref(qdevNew(t), isa);
  expect(qmpQomList('/machine/board/isa.0')).toEqual(walk['/machine/unattached/device[3]/isa.0']);
});

// isa-serial: its own static properties, plus a "serial" child whose properties it aliases
class SerialState extends DeviceState {
  chr: QomObject | undefined;
  baudbase = 0;
  wakeup = false;
}
class IsaSerial extends DeviceState {
  index = 0;
  iobase = 0;
  irq = 0;
}
typeRegister({ name: 'chardev', parent: TYPE_OBJECT, abstract: true });
typeRegister<SerialState, DeviceClass>({
  name: 'serial',
  parent: TYPE_DEVICE,
  instance: SerialState,
  classInit: (k) => {
    deviceClassSetProps(k, [
      definePropChr('chardev', 'chr'),
      definePropUint32('baudbase', 'baudbase', 115200),
      definePropBool('wakeup', 'wakeup', false),
    ]);
  },
});
typeRegister<IsaSerial, DeviceClass>({
  name: 'isa-serial',
  parent: 'isa-device',
  instance: IsaSerial,
  classInit: (k) => {
    deviceClassSetProps(k, [
      definePropUint32('index', 'index', 0xffffffff),
      definePropUint32('iobase', 'iobase', 0xffffffff),
      definePropUint32('irq', 'irq', 0xffffffff),
    ]);
  },
  instanceInit: (o) => {
    const serial = objectNew<DeviceState>('serial');
    objectPropertyAddChild(o, 'serial', serial);
    objectUnref(serial);
    qdevAliasAllProperties(serial, o);
  },
});

test.skipIf(!haveRef)('isa-serial: qom-list-properties, device-list-properties and help as QEMU 7.2', () => {
  const read = (p: string) => readFileSync(join(REF, p), 'utf8');
  expect(qmpQomListProperties('isa-serial').map((p) => toJS(fromJS(p)))).toEqual(
    JSON.parse(read('qmp/nodefaults/qom-list-properties/isa-serial.json')).return,
  );
  expect(qmpDeviceListProperties('isa-serial').map((p) => toJS(fromJS(p)))).toEqual(
    JSON.parse(read('qmp/nodefaults/device-list-properties/isa-serial.json')).return,
  );
  expect(qdevDeviceHelp('isa-serial')).toBe(
    read('cli/device-isa-serial-help.txt').split('--- stdout ---\n')[1].split('--- stderr ---')[0],
  );
});

test.skipIf(!haveRef)('an alias reports errors under its target, as QEMU (device-missing-chardev)', () => {
  const err = readFileSync(join(REF, 'cli/errors/device-missing-chardev.txt'), 'utf8');
  const msg = /-device isa-serial,chardev=nosuch: (.*)$/m.exec(err)?.[1];
  const dev = objectNew('isa-serial');
  expect(() => objectPropertySetKeyval(dev, 'chardev', new QString('nosuch'))).toThrow(msg);
  objectUnref(dev);
});
