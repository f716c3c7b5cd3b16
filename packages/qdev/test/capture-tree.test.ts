// qom-list of buses as QEMU 7.2 answers it (their properties and child[N] links come out in
// the order of QEMU's hash tables, which @tsemu/qom reproduces).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  containerGet,
  objectGetRoot,
  objectPropertyAddChild,
  objectUnref,
  qmpQomList,
  typeRegister,
} from '@tsemu/qom';
import { expect, test } from 'vitest';
import {
  type DeviceClass,
  type DeviceState,
  qbusNew,
  qdevNew,
  qdevRealizeAndUnref,
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
