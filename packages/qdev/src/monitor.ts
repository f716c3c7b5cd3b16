// -device / device_add / device_del / device-list-properties / help (softmmu/qdev-monitor.c).
import { type QDict, type QObject, QString } from '@tsemu/qobject';
import {
  checkId,
  type ObjectPropertyInfo,
  objectClassByName,
  objectClassDynamicCast,
  objectClassGetList,
  objectDynamicCast,
  objectNew,
  objectPropertyAddChild,
  objectPropertyFindErr,
  objectPropertyHelp,
  objectPropertyIter,
  objectPropertySet,
  objectPropertySetKeyval,
  objectResolvePath,
  objectResolvePathComponent,
  objectUnparent,
  objectUnref,
  propertyOutputOk,
  QomError,
  type QomObject,
  sortHelpLines,
} from '@tsemu/qom';
import {
  BUS_GET_CLASS,
  type BusState,
  type DeviceClass,
  type DeviceState,
  qbusIsFull,
  qbusIsHotpluggable,
  qdevGetMachineHotplugHandler,
  qdevGetPeripheral,
  qdevGetPeripheralAnon,
  qdevMachineReady,
  qdevNextAnonName,
  qdevRealize,
  qdevUnplug,
  sysbusGetDefault,
  TYPE_DEVICE,
} from './core.js';

/** Device categories of `-device help`, in QEMU's order. */
export const DEVICE_CATEGORIES = [
  ['bridge', 'Controller/Bridge/Hub'],
  ['usb', 'USB'],
  ['storage', 'Storage'],
  ['network', 'Network'],
  ['input', 'Input'],
  ['display', 'Display'],
  ['sound', 'Sound'],
  ['misc', 'Misc'],
  ['cpu', 'CPU'],
  ['watchdog', 'Watchdog'],
] as const;

export type DeviceCategory = (typeof DEVICE_CATEGORIES)[number][0];

const aliases = new Map<string, string>();

/** qdev_alias_table: -device accepts the alias for the type. */
export function qdevAddAlias(typename: string, alias: string): void {
  aliases.set(alias, typename);
}

function invalidValue(name: string, expects: string): QomError {
  return new QomError(`Parameter '${name}' expects ${expects}`);
}

/** qdev_get_device_class: resolves -device's driver (or alias) to a creatable device class. */
export function qdevGetDeviceClass(driver: string): { dc: DeviceClass; driver: string } {
  let name = driver;
  let oc = objectClassByName(name);
  if (!oc) {
    const t = aliases.get(driver);
    if (t) {
      name = t;
      oc = objectClassByName(name);
    }
  }
  if (!oc || !objectClassDynamicCast(oc, TYPE_DEVICE)) {
    if (name !== driver) throw new QomError(`'${driver}' (alias '${name}') is not a valid device model name`);
    throw new QomError(`'${driver}' is not a valid device model name`);
  }
  if (oc.type.abstract) throw invalidValue('driver', 'a non-abstract device type');
  const dc = oc as unknown as DeviceClass;
  if (!dc.userCreatable || (qdevMachineReady() && !dc.hotpluggable))
    throw invalidValue('driver', 'a pluggable device type');
  return { dc, driver: name };
}

function busChildrenBuses(bus: BusState): BusState[] {
  return bus.children.flatMap((k) => k.child.childBus);
}

/** qbus_find_recursive: by name or by type; prefers a bus that is not full. */
export function qbusFindRecursive(
  bus: BusState,
  name: string | undefined,
  busTypename: string | undefined,
): BusState | undefined {
  const match = name !== undefined ? bus.name === name : !!objectDynamicCast(bus, busTypename as string);
  if (match && !qbusIsFull(bus)) return bus;
  let pick = match ? bus : undefined;
  for (const child of busChildrenBuses(bus)) {
    const ret = qbusFindRecursive(child, name, busTypename);
    if (ret && !qbusIsFull(ret)) return ret;
    if (ret && !pick) pick = ret;
  }
  return pick;
}

function qbusFindDev(bus: BusState, elem: string): DeviceState | undefined {
  // an id first, then a type name, then an alias, as qbus_find_dev does
  for (const k of bus.children) if (k.child.id === elem) return k.child;
  for (const k of bus.children) if (k.child.typename === elem) return k.child;
  const dc = (k: { child: DeviceState }) => (k.child.class as unknown as DeviceClass).fwName;
  for (const k of bus.children) if (dc(k) === elem) return k.child;
  return undefined;
}

/** qbus_find: "bus", "/dev/bus/dev/...", "dev-id.0" ... to a bus, with QEMU's errors. */
export function qbusFind(path: string): BusState {
  let bus: BusState;
  let rest: string;
  if (path.startsWith('/')) {
    bus = sysbusGetDefault();
    rest = path;
  } else {
    const elem = path.split('/')[0];
    const found = qbusFindRecursive(sysbusGetDefault(), elem, undefined);
    if (!found) throw new QomError(`Bus '${elem}' not found`);
    bus = found;
    rest = path.slice(elem.length);
  }
  const parts = rest.split('/').filter((p) => p !== '');
  for (let i = 0; i < parts.length; i++) {
    const elem = parts[i];
    const dev = qbusFindDev(bus, elem);
    if (!dev) throw new QomError(`Device '${elem}' not found`, 'DeviceNotFound');
    if (i === parts.length - 1) {
      if (dev.numChildBus === 1) return dev.childBus[0];
      if (dev.numChildBus) throw new QomError(`Device '${elem}' has multiple child buses`);
      throw new QomError(`Device '${elem}' has no child bus`);
    }
    const busName = parts[++i];
    const b = dev.childBus.find((c) => c.name === busName);
    if (!b) throw new QomError(`Bus '${busName}' not found`);
    bus = b;
  }
  return bus;
}

/**
 * qdev_device_add_from_qdict: creates, names, configures and realizes a device from -device or
 * device_add options. Command-line options have string values (keyval); JSON ones are typed.
 */
export function qdevDeviceAdd(opts: QDict, fromJson = false): DeviceState {
  const driverQ = opts.get('driver');
  if (driverQ === undefined) throw new QomError(`Parameter 'driver' is missing`);
  if (!(driverQ instanceof QString))
    throw new QomError(`Invalid parameter type for 'driver', expected: string`);
  const { dc, driver } = qdevGetDeviceClass(driverQ.value);

  let bus: BusState | undefined;
  const pathQ = opts.get('bus');
  if (pathQ !== undefined) {
    if (!(pathQ instanceof QString)) throw new QomError(`Invalid parameter type for 'bus', expected: string`);
    bus = qbusFind(pathQ.value);
    if (!dc.busType || !objectDynamicCast(bus, dc.busType))
      throw new QomError(`Device '${driver}' can't go on ${bus.typename} bus`);
    if (qbusIsFull(bus)) throw new QomError(`Bus '${pathQ.value}' is full`);
  } else if (dc.busType) {
    bus = qbusFindRecursive(sysbusGetDefault(), undefined, dc.busType);
    if (!bus || qbusIsFull(bus)) throw new QomError(`No '${dc.busType}' bus found for device '${driver}'`);
  }
  const hotplug = qdevMachineReady();
  if (hotplug && bus && !qbusIsHotpluggable(bus))
    throw new QomError(`Bus '${bus.name}' does not support hotplugging`);

  const dev = objectNew<DeviceState>(driver);
  try {
    if (hotplug && !bus && !qdevGetMachineHotplugHandler(dev))
      throw new QomError(`Device '${driver}' can not be hotplugged on this machine`);
    const idQ = opts.get('id');
    let id: string | undefined;
    if (idQ !== undefined) {
      if (!(idQ instanceof QString)) throw new QomError(`Invalid parameter type for 'id', expected: string`);
      id = idQ.value;
    }
    qdevSetId(dev, id);
    const rest: [string, QObject][] = opts
      .entries()
      .filter(([k]) => k !== 'driver' && k !== 'bus' && k !== 'id');
    dev.opts = Object.fromEntries(rest);
    for (const [k, v] of rest) {
      objectPropertyFindErr(dev, k);
      if (fromJson) objectPropertySet(dev, k, v);
      else objectPropertySetKeyval(dev, k, v);
    }
    qdevRealize(dev, bus);
  } catch (e) {
    objectUnparent(dev);
    objectUnref(dev);
    throw e;
  }
  objectUnref(dev);
  return dev;
}

/** qdev_set_id: /machine/peripheral/<id>, or /machine/peripheral-anon/device[N]. */
export function qdevSetId(dev: DeviceState, id: string | undefined): void {
  if (id !== undefined) {
    checkId(id);
    const periph = qdevGetPeripheral();
    if (objectResolvePathComponent(periph, id) || periph.properties.has(id))
      throw new QomError(`Duplicate ID '${id}' for device`);
    objectPropertyAddChild(periph, id, dev);
    dev.id = id;
  } else {
    objectPropertyAddChild(qdevGetPeripheralAnon(), qdevNextAnonName(), dev);
  }
}

/** find_device_state: an id in /machine/peripheral, or an absolute path. */
export function findDeviceState(id: string): DeviceState {
  const obj: QomObject | undefined = id.startsWith('/')
    ? objectResolvePath(id)
    : objectResolvePathComponent(qdevGetPeripheral(), id);
  if (!obj) throw new QomError(`Device '${id}' not found`, 'DeviceNotFound');
  const dev = objectDynamicCast<DeviceState>(obj, TYPE_DEVICE);
  if (!dev) throw new QomError(`${id} is not a hotpluggable device`);
  return dev;
}

/** qmp_device_del */
export function qmpDeviceDel(id: string): void {
  const dev = findDeviceState(id);
  if (dev.pendingDeletedEvent && dev.realized)
    throw new QomError(`Device ${id} is already in the process of unplug`);
  qdevUnplug(dev);
  if (dev.realized) dev.pendingDeletedEvent = true;
}

const SKIP = new Set(['type', 'realized', 'hotpluggable', 'hotplugged', 'parent_bus']);

/** qmp_device_list_properties: the properties of a fresh instance, as QEMU 7.2 lists them. */
export function qmpDeviceListProperties(typename: string): ObjectPropertyInfo[] {
  const klass = objectClassByName(typename);
  if (!klass) throw new QomError(`Device '${typename}' not found`, 'DeviceNotFound');
  if (!objectClassDynamicCast(klass, TYPE_DEVICE) || klass.type.abstract)
    throw invalidValue('typename', 'a non-abstract device type');
  const obj = objectNew(typename);
  try {
    const out: ObjectPropertyInfo[] = [];
    for (const p of objectPropertyIter(obj)) {
      // QEMU 7.2 lists read-only ones too (children, GPIO links), skipping only these
      if (SKIP.has(p.name) || p.name.startsWith('legacy-') || !propertyOutputOk(p)) continue;
      const info: ObjectPropertyInfo = { name: p.name, type: p.type };
      if (p.description !== undefined) info.description = p.description;
      if (p.defaultValue !== undefined) info['default-value'] = p.defaultValue;
      out.push(info);
    }
    return out.reverse();
  } finally {
    objectUnref(obj);
  }
}

/** qdev_device_help: `-device <driver>,help`. */
export function qdevDeviceHelp(driver: string): string {
  const { driver: name } = qdevGetDeviceClass(driver);
  const lines = sortHelpLines(
    qmpDeviceListProperties(name).map((p) =>
      objectPropertyHelp(p.name, p.type, p['default-value'], p.description),
    ),
  );
  if (!lines.length) return `There are no options for ${name}.\n`;
  return `${name} options:\n${lines.map((l) => `${l}\n`).join('')}`;
}

const isHelpOption = (s: string | undefined) => s === 'help' || s === '?';

/**
 * The help -device/device_add print instead of adding: `driver=help` lists the devices,
 * `driver=x,help` lists x's properties; undefined when the options ask for no help.
 */
export function qdevDeviceHelpFromOpts(opts: QDict): string | undefined {
  const driver = opts.tryGetStr('driver');
  if (isHelpOption(driver)) return qdevDeviceListHelp();
  if (driver === undefined || !(opts.has('help') || opts.has('?'))) return undefined;
  return qdevDeviceHelp(driver);
}

/** `-device help`: user-creatable devices by category, sorted by name. */
export function qdevDeviceListHelp(): string {
  const list = objectClassGetList(TYPE_DEVICE, false)
    .map((k) => k as unknown as DeviceClass)
    .filter((dc) => dc.userCreatable)
    .sort((a, b) => a.type.name.toLowerCase().localeCompare(b.type.name.toLowerCase()));
  const info = (dc: DeviceClass) => {
    let s = `name "${dc.type.name}"`;
    if (dc.busType) s += `, bus ${dc.busType}`;
    const alias = [...aliases].find(([, t]) => t === dc.type.name)?.[0];
    if (alias) s += `, alias "${alias}"`;
    if (dc.desc) s += `, desc "${dc.desc}"`;
    return `${s}\n`;
  };
  let out = '';
  const cats = [...DEVICE_CATEGORIES.map(([c, n]) => [c, n] as const), [undefined, 'Uncategorized'] as const];
  cats.forEach(([cat, title], i) => {
    const devs = list.filter((dc) =>
      cat ? dc.categories?.has(cat) : !dc.categories || dc.categories.size === 0,
    );
    if (!devs.length) return;
    out += `${i ? '\n' : ''}${title} devices:\n`;
    for (const dc of devs) out += info(dc);
  });
  return out;
}

export { BUS_GET_CLASS };
