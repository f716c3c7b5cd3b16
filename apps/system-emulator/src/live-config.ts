/**
 * The running machine's configuration as a -readconfig file (tsemu's -writeconfig, QMP
 * query-config, HMP info config): the option groups of the command line as parsed, except
 * -device and -object, which are written from the QOM tree instead: one section per device and
 * object the user created (command line, device_add, object-add, minus those deleted since), in
 * creation order, with the properties explicitly set on it at creation or later with qom-set.
 */
import type { CommandRegistry } from '@tsemu/qapi';
import {
  type BusState,
  DEVICE_GET_CLASS,
  type DeviceState,
  objectDynamicCast,
  objectExplicitPropertiesToQdict,
  objectGetCanonicalPathComponent,
  objectGetChildren,
  objectGetObjectsRoot,
  type QomObject,
  qdevGetPeripheral,
  qdevGetPeripheralAnon,
  TYPE_DEVICE,
  TYPE_USER_CREATABLE,
} from '@tsemu/qdev';
import { type ConfigFileSection, QemuConfiguration, writeConfigFile } from '@tsemu/qemuopts';
import type { HumanMonitor } from '@tsemu/qmp';
import { QDict, QString } from '@tsemu/qobject';
// the user-creatable object types the emulator offers (registered with the commands that use them)
import './authz.js';

/** An [object "id"] section: qom-type, id and the explicitly set properties. */
function objectSection(obj: QomObject): ConfigFileSection {
  const dict = new QDict().put('qom-type', new QString(obj.typename));
  const id = objectGetCanonicalPathComponent(obj);
  if (id !== undefined) dict.put('id', new QString(id));
  for (const [k, v] of objectExplicitPropertiesToQdict(obj, { origins: ['user'] }).entries()) dict.put(k, v);
  return { group: 'object', dict, keys: ['qom-type'] };
}

/**
 * A [device "id"] section (or [device] for an anonymous one): driver, the bus it is on (so it
 * goes back to the same bus), then its explicitly set properties. Values set by -global stay
 * in the [global] sections.
 */
function deviceSection(dev: DeviceState): ConfigFileSection {
  const dict = new QDict().put('driver', new QString(dev.typename));
  if (dev.id !== undefined) dict.put('id', new QString(dev.id));
  const bus: BusState | undefined = dev.parentBus;
  const keys = ['driver'];
  if (bus && DEVICE_GET_CLASS(dev).busType) {
    dict.put('bus', new QString(bus.name));
    keys.push('bus');
  }
  for (const [k, v] of objectExplicitPropertiesToQdict(dev, { origins: ['user'] }).entries()) dict.put(k, v);
  return { group: 'device', dict, keys };
}

/** The sections of the live configuration, in the order -readconfig should apply them. */
export function liveConfigSections(options: QemuConfiguration): ConfigFileSection[] {
  const sections = options.sections().filter((s) => s.group !== 'device' && s.group !== 'object');
  const objects = objectGetChildren(objectGetObjectsRoot())
    .filter((o) => objectDynamicCast(o, TYPE_USER_CREATABLE))
    .sort((a, b) => a.creationIndex - b.creationIndex);
  const devices = [...objectGetChildren(qdevGetPeripheral()), ...objectGetChildren(qdevGetPeripheralAnon())]
    .map((o) => objectDynamicCast<DeviceState>(o, TYPE_DEVICE))
    .filter((d): d is DeviceState => d !== undefined && !d.pendingDeletedEvent)
    .sort((a, b) => a.creationIndex - b.creationIndex);
  return [...sections, ...objects.map(objectSection), ...devices.map(deviceSection)];
}

/** The -readconfig text of the running machine. */
export function liveConfigText(options: QemuConfiguration): string {
  return writeConfigFile(liveConfigSections(options));
}

/** QMP query-config (schema/config.json) and HMP info config. */
export function registerConfigCommands(
  registry: CommandRegistry,
  hmp: HumanMonitor,
  options: () => QemuConfiguration | undefined,
): void {
  // an embedder's config without parsed options still has its devices and objects
  const text = () => liveConfigText(options() ?? new QemuConfiguration());
  registry.register('query-config', () => ({ text: text() }));
  hmp.registerInfo({
    name: 'config',
    params: '',
    help: 'show the configuration as a -readconfig file',
    args: [],
    handler: (ctx) => ctx.print(text()),
  });
}
