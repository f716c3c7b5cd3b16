import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromJS, QString } from '@tsemu/qobject';
import { describe, expect, it } from 'vitest';
import {
  type DeviceCategory,
  type DeviceHelpInfo,
  deviceListHelp,
  objectPropertyHelp,
  type PropertyHelpInfo,
  propertyListHelp,
} from '../src/help.js';

const ref = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'reference', 'qemu-7.2');
const have = existsSync(join(ref, 'cli', 'device-help.txt'));
if (!have) console.warn(`skipping help layout comparisons: ${ref} is absent`);

const stdout = (file: string) =>
  readFileSync(join(ref, 'cli', file), 'utf8')
    .split('--- stdout ---\n')[1]
    .split('--- stderr ---')[0];

/** ObjectPropertyInfo list from a QMP capture */
function props(file: string): PropertyHelpInfo[] {
  const ret = JSON.parse(readFileSync(join(ref, 'qmp', 'nodefaults', file), 'utf8')).return as {
    name: string;
    type: string;
    description?: string;
    'default-value'?: unknown;
  }[];
  return ret.map((p) => ({
    name: p.name,
    type: p.type,
    description: p.description,
    defaultValue: p['default-value'] === undefined ? undefined : fromJS(p['default-value']),
  }));
}

describe('object_property_help', () => {
  it.each([
    [{ name: 'bootindex', type: 'int32' }, '  bootindex=<int32>'],
    [{ name: 'rombar', type: 'uint32', defaultValue: fromJS(1) }, '  rombar=<uint32>        -  (default: 1)'],
    [
      { name: 'netdev', type: 'str', description: 'ID of a netdev' },
      '  netdev=<str>           - ID of a netdev',
    ],
    [
      { name: 'extra_mac_registers', type: 'bool', description: 'on/off', defaultValue: fromJS(true) },
      '  extra_mac_registers=<bool> - on/off (default: true)',
    ],
    [
      { name: 'lost_tick_policy', type: 'LostTickPolicy', defaultValue: new QString('discard') },
      '  lost_tick_policy=<LostTickPolicy> -  (default: "discard")',
    ],
  ] as [PropertyHelpInfo, string][])('%#', (p, line) => expect(objectPropertyHelp(p)).toBe(line));

  it('says when there are no options', () => {
    expect(propertyListHelp('pvpanic-x', [])).toBe('There are no options for pvpanic-x.\n');
  });
});

describe.skipIf(!have)('help layout against QEMU 7.2 captures', () => {
  it.each([
    ['e1000', 'device-list-properties/e1000.json', 'device-e1000-help.txt'],
    ['isa-serial', 'device-list-properties/isa-serial.json', 'device-isa-serial-help.txt'],
    ['isa-debugcon', 'device-list-properties/isa-debugcon.json', 'device-isa-debugcon-help.txt'],
    ['isa-debug-exit', 'device-list-properties/isa-debug-exit.json', 'device-isa-debug-exit-help.txt'],
    [
      'virtio-serial-pci',
      'device-list-properties/virtio-serial-pci.json',
      'device-virtio-serial-pci-help.txt',
    ],
    ['virtserialport', 'device-list-properties/virtserialport.json', 'device-virtserialport-help.txt'],
    ['isa-serial', 'device-list-properties/isa-serial.json', 'device-driver-help.txt'],
  ])('%s,help', (type, qmp, cli) => {
    expect(propertyListHelp(type, props(qmp))).toBe(stdout(cli));
  });

  // -object/-machine help print only settable class properties; qom-list-properties also lists
  // read-only ones and those a machine instance adds (the caller, QOM, knows which is which)
  const notShown = {
    'memory-backend-ram': ['type'],
    'pc-i440fx-7.2-machine': [
      'type',
      'cxl-fmw',
      'cxl',
      'device-memory-region-size',
      'hmat',
      'nvdimm-persistence',
      'nvdimm',
      'pcspk-audiodev',
      'peripheral-anon',
      'peripheral',
      'pflash0',
      'pflash1',
      'system.flash0',
      'system.flash1',
    ],
  };
  it.each([
    [
      'memory-backend-ram',
      'qom-list-properties/memory-backend-ram.json',
      'object-memory-backend-ram-help.txt',
    ],
    ['pc-i440fx-7.2-machine', 'qom-list-properties/pc-i440fx-7.2-machine.json', 'machine-pc-help.txt'],
  ] as const)('%s,help', (type, qmp, cli) => {
    const shown = props(qmp).filter((p) => !notShown[type].includes(p.name));
    expect(propertyListHelp(type, shown)).toBe(stdout(cli));
  });

  it('-device help: categories in qdev order, names sorted case-insensitively', () => {
    const want = stdout('device-help.txt');
    // the device classes as data, in a scrambled order
    const byName = new Map<string, DeviceHelpInfo & { categories: DeviceCategory[] }>();
    const cats: Record<string, DeviceCategory | undefined> = {
      'Controller/Bridge/Hub': 'bridge',
      USB: 'usb',
      Storage: 'storage',
      Network: 'network',
      Input: 'input',
      Display: 'display',
      Sound: 'sound',
      Misc: 'misc',
      CPU: 'cpu',
      Watchdog: 'watchdog',
      Uncategorized: undefined,
    };
    let cat: DeviceCategory | undefined;
    for (const line of want.split('\n')) {
      const h = /^(.*) devices:$/.exec(line);
      if (h) {
        cat = cats[h[1]];
        continue;
      }
      const m =
        /^name "([^"]+)"(?:, bus ([^,]+))?(?:, alias "([^"]+)")?(?:, desc "([^"]*)")?(, no-user)?$/.exec(
          line,
        );
      if (!m) continue;
      const d = byName.get(m[1]) ?? {
        name: m[1],
        bus: m[2],
        alias: m[3],
        desc: m[4],
        userCreatable: !m[5],
        categories: [],
      };
      if (cat) d.categories.push(cat);
      byName.set(m[1], d);
    }
    const devices = [...byName.values()].reverse();
    expect(devices.length).toBeGreaterThan(300);
    expect(deviceListHelp(devices)).toBe(want);
    // no-user devices only appear when asked for
    const hidden = {
      name: 'i440FX-pcihost',
      bus: 'System',
      userCreatable: false,
      categories: ['bridge'] as DeviceCategory[],
    };
    expect(deviceListHelp([...devices, hidden])).toBe(want);
    expect(deviceListHelp([hidden], true)).toBe(
      'Controller/Bridge/Hub devices:\nname "i440FX-pcihost", bus System, no-user\n',
    );
  });
});
