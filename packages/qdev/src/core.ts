// DeviceState and BusState: realize/unrealize, parent buses, naming, hotplug (hw/core/qdev.c, bus.c).
import {
  type AnyClass,
  containerGet,
  type InterfaceClass,
  type ObjectClass,
  objectClassDynamicCast,
  objectClassPropertyAdd,
  objectClassPropertyAddLink,
  objectDynamicCast,
  objectGetCanonicalPath,
  objectGetClassAs,
  objectGetRoot,
  objectNew,
  objectPropertyAdd,
  objectPropertyAddChild,
  objectPropertyAddLink,
  objectPropertyAllowSetLink,
  objectPropertyDel,
  objectRef,
  objectResolvePathComponent,
  objectUnparent,
  objectUnref,
  QomError,
  QomObject,
  qomIntrospectionExtend,
  TYPE_INTERFACE,
  TYPE_OBJECT,
  typeRegister,
} from '@tsemu/qom';
import { objectApplyGlobalProps, qdevCompatProps, qdevPropGlobals } from './global.js';
import type { QdevProperty } from './properties.js';
import {
  newResettableState,
  RESET_TYPE_COLD,
  type ResettableClass,
  type ResettableState,
  resettableAssertReset,
  resettableReleaseReset,
  resettableReset,
  TYPE_RESETTABLE_INTERFACE,
} from './reset.js';

export const TYPE_DEVICE = 'device';
export const TYPE_BUS = 'bus';
export const TYPE_HOTPLUG_HANDLER = 'hotplug-handler';
export const TYPE_SYSTEM_BUS = 'System';
export const TYPE_SYS_BUS_DEVICE = 'sys-bus-device';

/** A device's named GPIO lines (NamedGPIOList). */
export interface NamedGPIOList {
  name: string | undefined;
  in: QomObject[];
  numIn: number;
  numOut: number;
  out: (QomObject | undefined)[];
}

export class DeviceState extends QomObject {
  id: string | undefined;
  realized = false;
  hotplugged = false;
  pendingDeletedEvent = false;
  canonicalPath: string | undefined;
  parentBus: BusState | undefined;
  childBus: BusState[] = [];
  numChildBus = 0;
  gpios: NamedGPIOList[] = [];
  resetState: ResettableState = newResettableState();
  /** The options it was created with (-device / device_add), minus driver, bus and id. */
  opts: unknown;
}

export interface DeviceClass extends ObjectClass {
  realize?: (dev: DeviceState) => void;
  unrealize?: (dev: DeviceState) => void;
  /** Legacy one-shot reset; runs in the hold phase. */
  reset?: (dev: DeviceState) => void;
  desc?: string;
  /** Can be made with -device/device_add. */
  userCreatable: boolean;
  hotpluggable: boolean;
  busType?: string;
  categories?: Set<string>;
  /** Static properties of exactly this class (info qtree prints them per class). */
  props?: QdevProperty[];
  fwName?: string;
}

export interface BusChild {
  child: DeviceState;
  index: number;
}

export class BusState extends QomObject {
  name = '';
  /** The device this bus belongs to (QEMU's bus->parent; obj.parent is the QOM parent). */
  parentDevice: DeviceState | undefined = undefined;
  children: BusChild[] = [];
  numChildren = 0;
  maxIndex = 0;
  realized = false;
  full = false;
  hotplugHandler: QomObject | undefined;
  resetState: ResettableState = newResettableState();
}

export interface BusClass extends ObjectClass {
  /** Maximum number of devices; 0 means unlimited. */
  maxDev: number;
  automaticIds: number;
  /** Extra lines of `info qtree` for a device on this bus. */
  printDev?: (dev: DeviceState, indent: number) => string;
  checkAddress?: (bus: BusState, dev: DeviceState) => void;
  getDevPath?: (dev: DeviceState) => string | undefined;
  realize?: (bus: BusState) => void;
  unrealize?: (bus: BusState) => void;
}

export interface HotplugHandlerClass extends InterfaceClass {
  prePlug?: (handler: QomObject, dev: DeviceState) => void;
  plug?: (handler: QomObject, dev: DeviceState) => void;
  unplugRequest?: (handler: QomObject, dev: DeviceState) => void;
  unplug?: (handler: QomObject, dev: DeviceState) => void;
  isHotpluggableBus?: (handler: QomObject, bus: BusState) => boolean;
}

export function DEVICE_GET_CLASS(dev: QomObject): DeviceClass {
  return dev.class as unknown as DeviceClass;
}

export function BUS_GET_CLASS(bus: QomObject): BusClass {
  return bus.class as unknown as BusClass;
}

// ---- machine containers and phase ----

let machineReady = false;
let unattachedCount = 0;
let anonCount = 0;

/** qdev_get_machine: "/machine" (a machine object when one was added there, else a container). */
export function qdevGetMachine(): QomObject {
  return containerGet(objectGetRoot(), '/machine');
}

export function qdevGetPeripheral(): QomObject {
  return containerGet(qdevGetMachine(), '/peripheral');
}

export function qdevGetPeripheralAnon(): QomObject {
  return containerGet(qdevGetMachine(), '/peripheral-anon');
}

export function qdevGetUnattached(): QomObject {
  return containerGet(qdevGetMachine(), '/unattached');
}

/** Machine creation done (PHASE_MACHINE_READY): from now on device_add means hotplug. */
export function qdevSetMachineReady(ready: boolean): void {
  machineReady = ready;
}

export function qdevMachineReady(): boolean {
  return machineReady;
}

/** Drops qdev's global state (counters, phase, system bus) for a fresh machine. */
export function qdevResetGlobals(): void {
  machineReady = false;
  unattachedCount = 0;
  anonCount = 0;
  mainSystemBus = undefined;
  machineHotplugHandler = undefined;
  deletedNotifiers.length = 0;
}

export function qdevNextAnonName(): string {
  return `device[${anonCount++}]`;
}

type MachineHotplugHook = (dev: DeviceState) => QomObject | undefined;
let machineHotplugHandler: MachineHotplugHook | undefined;

/** The machine's hotplug handler lookup (QEMU's MachineClass::get_hotplug_handler). */
export function qdevSetMachineHotplugHandler(hook: MachineHotplugHook | undefined): void {
  machineHotplugHandler = hook;
}

export function qdevGetMachineHotplugHandler(dev: DeviceState): QomObject | undefined {
  return machineHotplugHandler?.(dev);
}

/** qdev_get_hotplug_handler: the machine's, else the parent bus's. */
export function qdevGetHotplugHandler(dev: DeviceState): QomObject | undefined {
  return qdevGetMachineHotplugHandler(dev) ?? dev.parentBus?.hotplugHandler;
}

function hdcOf(handler: QomObject): HotplugHandlerClass {
  return objectGetClassAs<HotplugHandlerClass>(handler, TYPE_HOTPLUG_HANDLER);
}

export function hotplugHandlerPrePlug(h: QomObject, dev: DeviceState): void {
  hdcOf(h).prePlug?.(h, dev);
}
export function hotplugHandlerPlug(h: QomObject, dev: DeviceState): void {
  hdcOf(h).plug?.(h, dev);
}
export function hotplugHandlerUnplugRequest(h: QomObject, dev: DeviceState): void {
  hdcOf(h).unplugRequest?.(h, dev);
}
export function hotplugHandlerUnplug(h: QomObject, dev: DeviceState): void {
  hdcOf(h).unplug?.(h, dev);
}

export type DeviceDeletedNotifier = (id: string | undefined, path: string) => void;
const deletedNotifiers: DeviceDeletedNotifier[] = [];

/** Called as QEMU sends DEVICE_DELETED: when an unplugged device has been removed. */
export function qdevAddDeviceDeletedNotifier(fn: DeviceDeletedNotifier): () => void {
  deletedNotifiers.push(fn);
  return () => {
    const i = deletedNotifiers.indexOf(fn);
    if (i >= 0) deletedNotifiers.splice(i, 1);
  };
}

// ---- buses ----

/** qbus_is_full */
export function qbusIsFull(bus: BusState): boolean {
  const bc = BUS_GET_CLASS(bus);
  return bus.full || (bc.maxDev !== 0 && bus.numChildren >= bc.maxDev);
}

/** qbus_is_hotpluggable */
export function qbusIsHotpluggable(bus: BusState): boolean {
  const h = bus.hotplugHandler;
  if (!h) return false;
  const hdc = hdcOf(h);
  return hdc.isHotpluggableBus ? hdc.isHotpluggableBus(h, bus) : true;
}

/** qbus_set_hotplug_handler */
export function qbusSetHotplugHandler(bus: BusState, handler: QomObject | undefined): void {
  bus.hotplugHandler = handler;
}

function busAddChild(bus: BusState, child: DeviceState) {
  const kid: BusChild = { child, index: bus.maxIndex++ };
  bus.numChildren++;
  objectRef(child);
  bus.children.unshift(kid);
  objectPropertyAddLink(bus, `child[${kid.index}]`, child.typename, {
    get: () => kid.child,
    set: () => {},
  });
}

function busRemoveChild(bus: BusState, child: DeviceState) {
  const i = bus.children.findIndex((k) => k.child === child);
  if (i < 0) return;
  const [kid] = bus.children.splice(i, 1);
  bus.numChildren--;
  objectPropertyDel(bus, `child[${kid.index}]`);
  objectUnref(child);
}

/** qbus_new / qbus_init: names the bus (given, <parent id>.<n>, or <type>.<n> lowercased). */
export function qbusNew<B extends BusState = BusState>(
  typename: string,
  parent: DeviceState | undefined,
  name?: string,
): B {
  const bus = objectNew<B>(typename);
  bus.parentDevice = parent;
  if (name) bus.name = name;
  else if (parent?.id) bus.name = `${parent.id}.${parent.numChildBus}`;
  else {
    const bc = BUS_GET_CLASS(bus);
    bus.name = `${typename}.${bc.automaticIds++}`.toLowerCase();
  }
  if (parent) {
    parent.childBus.unshift(bus);
    parent.numChildBus++;
    objectPropertyAddChild(parent, bus.name, bus);
    objectUnref(bus);
    if (parent.realized) qbusRealize(bus);
  }
  return bus;
}

export function qbusRealize(bus: BusState): void {
  if (bus.realized) return;
  BUS_GET_CLASS(bus).realize?.(bus);
  bus.realized = true;
}

export function qbusUnrealize(bus: BusState): void {
  if (!bus.realized) return;
  for (const kid of [...bus.children]) qdevUnrealize(kid.child);
  BUS_GET_CLASS(bus).unrealize?.(bus);
  bus.realized = false;
}

let mainSystemBus: BusState | undefined;

/** sysbus_get_default: "main-system-bus", the root of `info qtree`. */
export function sysbusGetDefault(): BusState {
  if (!mainSystemBus) {
    mainSystemBus = qbusNew(TYPE_SYSTEM_BUS, undefined, 'main-system-bus');
    objectPropertyAddChild(qdevGetUnattached(), 'sysbus', mainSystemBus);
    objectUnref(mainSystemBus);
    mainSystemBus.realized = true;
  }
  return mainSystemBus;
}

// ---- devices ----

/** qdev_new */
export function qdevNew<D extends DeviceState = DeviceState>(typename: string): D {
  return objectNew<D>(typename);
}

/** qdev_set_parent_bus */
export function qdevSetParentBus(dev: DeviceState, bus: BusState): void {
  objectRef(dev);
  const old = dev.parentBus;
  if (old) {
    busRemoveChild(old, dev);
    objectUnref(old);
  }
  dev.parentBus = bus;
  objectRef(bus);
  busAddChild(bus, dev);
  objectUnref(dev);
}

/**
 * qdev_realize: plugs dev into bus (when given) and realizes it. A device without a parent in
 * the tree goes to /machine/unattached/device[N].
 */
export function qdevRealize(dev: DeviceState, bus?: BusState): void {
  if (bus) {
    BUS_GET_CLASS(bus).checkAddress?.(bus, dev);
    qdevSetParentBus(dev, bus);
  } else {
    const bt = DEVICE_GET_CLASS(dev).busType;
    if (bt) throw new Error(`device ${dev.typename} needs a bus of type ${bt}`);
  }
  deviceSetRealized(dev, true);
}

/** qdev_realize_and_unref: realize and hand the caller's reference to the tree. */
export function qdevRealizeAndUnref(dev: DeviceState, bus?: BusState): void {
  try {
    qdevRealize(dev, bus);
  } finally {
    objectUnref(dev);
  }
}

export function qdevUnrealize(dev: DeviceState): void {
  deviceSetRealized(dev, false);
}

function deviceSetRealized(dev: DeviceState, value: boolean) {
  const dc = DEVICE_GET_CLASS(dev);
  if (dev.hotplugged && !dc.hotpluggable)
    throw new QomError(`Device '${dev.typename}' does not support hotplugging`);
  if (value && !dev.realized) {
    let unattached = false;
    if (!dev.parent) {
      const name = `device[${unattachedCount++}]`;
      objectPropertyAddChild(qdevGetUnattached(), name, dev);
      unattached = true;
    }
    try {
      const hotplugCtrl = qdevGetHotplugHandler(dev);
      if (hotplugCtrl) hotplugHandlerPrePlug(hotplugCtrl, dev);
      dc.realize?.(dev);
      dev.canonicalPath = objectGetCanonicalPath(dev);
      try {
        if (hotplugCtrl) hotplugHandlerPlug(hotplugCtrl, dev);
      } catch (e) {
        dc.unrealize?.(dev);
        throw e;
      }
    } catch (e) {
      // as QEMU: a failed realize takes back the /machine/unattached place (and the bus)
      if (unattached) {
        objectUnparent(dev);
        unattachedCount--;
      }
      throw e;
    }
    dev.realized = true;
    for (const b of dev.childBus) qbusRealize(b);
    if (dev.hotplugged) {
      // A hotplugged device comes up in its reset state, with what is below it.
      resettableAssertReset(dev, RESET_TYPE_COLD);
      resettableReleaseReset(dev, RESET_TYPE_COLD);
    }
    dev.pendingDeletedEvent = false;
  } else if (!value && dev.realized) {
    for (const b of dev.childBus) qbusUnrealize(b);
    dc.unrealize?.(dev);
    dev.pendingDeletedEvent = true;
    dev.realized = false;
  }
}

/** device_cold_reset / bus_cold_reset */
export function deviceColdReset(dev: DeviceState): void {
  resettableReset(dev, RESET_TYPE_COLD);
}

export function busColdReset(bus: BusState): void {
  resettableReset(bus, RESET_TYPE_COLD);
}

/** qdev_unplug: device_del's semantics (unplug request or synchronous removal). */
export function qdevUnplug(dev: DeviceState): void {
  const dc = DEVICE_GET_CLASS(dev);
  if (dev.parentBus && !qbusIsHotpluggable(dev.parentBus))
    throw new QomError(`Bus '${dev.parentBus.name}' does not support hotplugging`);
  if (!dc.hotpluggable) throw new QomError(`Device '${dev.typename}' does not support hotplugging`);
  const ctrl = qdevGetHotplugHandler(dev);
  if (!ctrl) throw new Error(`hotpluggable device ${dev.typename} has no hotplug handler`);
  const hdc = hdcOf(ctrl);
  if (hdc.unplugRequest) hotplugHandlerUnplugRequest(ctrl, dev);
  else {
    hotplugHandlerUnplug(ctrl, dev);
    objectUnparent(dev);
  }
}

/** qdev_find_recursive-style lookup of a device by id in the peripheral container. */
export function qdevFindById(id: string): DeviceState | undefined {
  return objectDynamicCast<DeviceState>(objectResolvePathComponent(qdevGetPeripheral(), id), TYPE_DEVICE);
}

function deviceUnparent(obj: QomObject) {
  const dev = obj as DeviceState;
  if (dev.realized) qdevUnrealize(dev);
  while (dev.childBus.length) objectUnparent(dev.childBus[0]);
  if (dev.parentBus) {
    const bus = dev.parentBus;
    busRemoveChild(bus, dev);
    dev.parentBus = undefined;
    objectUnref(bus);
  }
  if (dev.pendingDeletedEvent && dev.canonicalPath) {
    const path = dev.canonicalPath;
    dev.canonicalPath = undefined;
    for (const fn of [...deletedNotifiers]) fn(dev.id, path);
  }
}

function busUnparent(obj: QomObject) {
  const bus = obj as BusState;
  while (bus.children.length) objectUnparent(bus.children[0].child);
  if (bus.parentDevice) {
    const p = bus.parentDevice;
    if (bus.realized) qbusUnrealize(bus);
    const i = p.childBus.indexOf(bus);
    if (i >= 0) p.childBus.splice(i, 1);
    p.numChildBus--;
    bus.parentDevice = undefined;
  }
}

// ---- type registrations ----

typeRegister({ name: TYPE_HOTPLUG_HANDLER, parent: TYPE_INTERFACE });

typeRegister<DeviceState, DeviceClass & ResettableClass>({
  name: TYPE_DEVICE,
  parent: TYPE_OBJECT,
  abstract: true,
  instance: DeviceState,
  interfaces: [TYPE_RESETTABLE_INTERFACE],
  classBaseInit: (k) => {
    // static properties are per class: a subclass starts with none of its own
    k.props = undefined;
  },
  classInit: (k) => {
    const dc = k as DeviceClass;
    dc.userCreatable = true;
    dc.hotpluggable = true;
    dc.unparent = deviceUnparent;
    const rc = objectClassResettable(k);
    rc.getState = (o) => (o as DeviceState).resetState;
    rc.childForeach = (o, cb) => {
      for (const b of (o as DeviceState).childBus) cb(b);
    };
    rc.getTransitionalFunction = (o) => {
      const reset = DEVICE_GET_CLASS(o).reset;
      return reset ? () => reset(o as DeviceState) : undefined;
    };
    rc.phases = {};
    objectClassPropertyAdd(k, {
      name: 'realized',
      type: 'bool',
      schema: 'bool',
      doc: 'whether the device is realized; setting it realizes or unrealizes the device',
      get: (o) => (o as DeviceState).realized,
      set: (o, v) => deviceSetRealized(o as DeviceState, v as boolean),
    });
    objectClassPropertyAdd(k, {
      name: 'hotpluggable',
      type: 'bool',
      schema: 'bool',
      doc: 'whether the device can be hot-unplugged from where it is plugged',
      get: (o) =>
        DEVICE_GET_CLASS(o).hotpluggable &&
        (!(o as DeviceState).parentBus || qbusIsHotpluggable((o as DeviceState).parentBus as BusState)),
    });
    objectClassPropertyAdd(k, {
      name: 'hotplugged',
      type: 'bool',
      schema: 'bool',
      doc: 'whether the device was added after the machine was created',
      get: (o) => (o as DeviceState).hotplugged,
    });
    objectClassPropertyAddLink(k, 'parent_bus', TYPE_BUS, 'parentBus').doc =
      'the bus the device is plugged into';
  },
  instanceInit: (o) => {
    const dev = o as DeviceState;
    dev.hotplugged = machineReady;
  },
  // compat properties first, so the user's -global ones take precedence
  instancePostInit: (o) => {
    objectApplyGlobalProps(o, qdevCompatProps(), 'internal');
    objectApplyGlobalProps(o, qdevPropGlobals());
  },
});

function objectClassResettable(k: AnyClass): ResettableClass {
  const rc = k.interfaces.find((i) => i.interfaceType.name === TYPE_RESETTABLE_INTERFACE);
  if (!rc) throw new Error(`${k.type.name} is not resettable`);
  return rc as ResettableClass;
}

typeRegister<BusState, BusClass>({
  name: TYPE_BUS,
  parent: TYPE_OBJECT,
  abstract: true,
  instance: BusState,
  // instance properties, as QEMU's qbus_initfn adds them (they list among the child[N] links)
  instanceInit: (o) => {
    // a weak link, as in QEMU: the handler usually owns the bus
    objectPropertyAddLink(
      o,
      'hotplug-handler',
      TYPE_HOTPLUG_HANDLER,
      'hotplugHandler',
      objectPropertyAllowSetLink,
    );
    objectPropertyAdd(o, {
      name: 'realized',
      type: 'bool',
      schema: 'bool',
      doc: 'whether the bus is realized',
      get: (b) => (b as BusState).realized,
      set: (b, v) => (v ? qbusRealize(b as BusState) : qbusUnrealize(b as BusState)),
    });
  },
  interfaces: [TYPE_RESETTABLE_INTERFACE],
  classBaseInit: (k) => {
    k.automaticIds = 0;
  },
  classInit: (k) => {
    k.maxDev = 0;
    k.automaticIds = 0;
    k.unparent = busUnparent;
    const rc = objectClassResettable(k as unknown as AnyClass);
    rc.getState = (o) => (o as BusState).resetState;
    rc.childForeach = (o, cb) => {
      for (const kid of (o as BusState).children) cb(kid.child);
    };
    rc.phases = {};
  },
});

typeRegister({ name: TYPE_SYSTEM_BUS, parent: TYPE_BUS });

// Device and bus facts in the static introspection of @tsemu/qom.
qomIntrospectionExtend((k) => {
  if (objectClassDynamicCast(k, TYPE_DEVICE)) {
    const dc = k as unknown as DeviceClass;
    const device: Record<string, unknown> = {
      userCreatable: dc.userCreatable,
      hotpluggable: dc.hotpluggable,
    };
    if (dc.desc !== undefined) device.desc = dc.desc;
    if (dc.busType !== undefined) device.bus = dc.busType;
    if (dc.categories?.size) device.categories = [...dc.categories];
    return { device };
  }
  if (objectClassDynamicCast(k, TYPE_BUS)) return { bus: { maxDev: (k as unknown as BusClass).maxDev } };
  return undefined;
});

/** qemu_devices_reset: a cold reset of the whole device tree (from main-system-bus). */
export function qdevResetAll(): void {
  busColdReset(sysbusGetDefault());
}
typeRegister<DeviceState, DeviceClass>({
  name: TYPE_SYS_BUS_DEVICE,
  parent: TYPE_DEVICE,
  abstract: true,
  classInit: (k) => {
    k.busType = TYPE_SYSTEM_BUS;
    // sysbus devices are placed by boards, not by -device (unless a machine allows them)
    k.userCreatable = false;
  },
});
