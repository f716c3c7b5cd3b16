import {
  type BusState,
  type DeviceClass,
  type DeviceState,
  definePropBool,
  definePropEnum,
  definePropSize,
  definePropString,
  definePropUint64,
  deviceClassSetProps,
  enumType,
  type HotplugHandlerClass,
  objectPropertyGet,
  objectResolvePath,
  qbusNew,
  qbusSetHotplugHandler,
  qdevDeviceAdd,
  qdevNew,
  qdevRealizeAndUnref,
  qdevSetMachineReady,
  qmpDeviceDel,
  sysbusGetDefault,
  TYPE_BUS,
  TYPE_DEVICE,
  TYPE_HOTPLUG_HANDLER,
  TYPE_SYS_BUS_DEVICE,
  typeRegister,
} from '@tsemu/qdev';
import { parseQemuCommandLine } from '@tsemu/qemuopts';
import { parseJSON, type QDict, toJSON } from '@tsemu/qobject';
import { describe, expect, test } from 'vitest';
import { liveConfigText } from '../src/live-config.js';

// device_add and device_del at run time: the pc machine has no hotpluggable bus yet, so this runs
// the export in-process on a bus with a hotplug handler, through the same qdev entry points the
// QMP commands and -readconfig use.

typeRegister({ name: 'test-hp-bus', parent: TYPE_BUS });

const LEVEL = enumType('WidgetLevel', ['low', 'high']);

typeRegister<DeviceState, DeviceClass & HotplugHandlerClass>({
  name: 'test-hp-ctrl',
  parent: TYPE_SYS_BUS_DEVICE,
  interfaces: [TYPE_HOTPLUG_HANDLER],
  classInit: (k) => {
    k.userCreatable = false;
    const hc = k.interfaces.find((i) => i.interfaceType.name === TYPE_HOTPLUG_HANDLER) as HotplugHandlerClass;
    hc.plug = () => {};
    hc.unplug = () => {};
  },
  instanceInit: (o) => {
    const bus = qbusNew<BusState>('test-hp-bus', o as DeviceState, 'hp.0');
    qbusSetHotplugHandler(bus, o);
  },
});

typeRegister<DeviceState, DeviceClass>({
  name: 'test-widget',
  parent: TYPE_DEVICE,
  classInit: (k) => {
    k.busType = 'test-hp-bus';
    deviceClassSetProps(k, [
      definePropUint64('serial', 'serial', 0n),
      definePropSize('buf', 'buf', 4096n),
      definePropBool('fast', 'fast', false),
      definePropString('label', 'label'),
      definePropEnum('level', 'level', LEVEL, 'low'),
    ]);
  },
});

describe('device_add / device_del in the exported configuration', () => {
  test('a hot-plugged device gets a section with exact values; device_del drops it; the file recreates it', () => {
    const ctrl = qdevNew<DeviceState>('test-hp-ctrl');
    qdevRealizeAndUnref(ctrl, sysbusGetDefault());
    const options = parseQemuCommandLine(['-nodefaults', '-S']);
    qdevSetMachineReady(true);
    const before = liveConfigText(options);
    // device_add's arguments are JSON (typed)
    qdevDeviceAdd(
      parseJSON(
        '{"driver": "test-widget", "id": "w0", "serial": 18446744073709551615, "buf": 9007199254740993, "fast": true, "label": "a b", "level": "high"}',
      ) as QDict,
      true,
    );
    qdevDeviceAdd(parseJSON('{"driver": "test-widget", "id": "w1"}') as QDict, true);
    const text = liveConfigText(options);
    expect(text).toBe(
      `${before}[device "w0"]\n  driver = "test-widget"\n  bus = "hp.0"\n  buf = "9007199254740993"\n` +
        '  fast = "on"\n  label = "a b"\n  level = "high"\n  serial = "18446744073709551615"\n\n' +
        '[device "w1"]\n  driver = "test-widget"\n  bus = "hp.0"\n\n',
    );
    const w0 = objectResolvePath('/machine/peripheral/w0') as DeviceState;
    const values = ['serial', 'buf', 'fast', 'label', 'level'].map((p) => toJSON(objectPropertyGet(w0, p)));

    qmpDeviceDel('w0');
    qmpDeviceDel('w1');
    expect(liveConfigText(options)).toBe(before);

    // -readconfig of the exported text: the [device] sections as keyval strings, cold- or hot-plugged
    const back = parseQemuCommandLine(['-readconfig', 'vm.cfg'], { readFile: () => text });
    for (const e of back.group('device')) qdevDeviceAdd(e.dict, e.json);
    expect(liveConfigText(options)).toBe(text);
    const again = objectResolvePath('/machine/peripheral/w0') as DeviceState;
    expect(
      ['serial', 'buf', 'fast', 'label', 'level'].map((p) => toJSON(objectPropertyGet(again, p))),
    ).toEqual(values);
    expect(values).toEqual(['18446744073709551615', '9007199254740993', 'true', '"a b"', '"high"']);
  });
});
