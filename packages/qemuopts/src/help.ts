/**
 * Help texts of the command line: `-device help` (qdev_print_devinfos), `-device <driver>,help`,
 * `-object <type>,help` and `-machine <type>,help` (object_property_help), in QEMU 7.2's layout.
 * They take the data QMP's device-list-properties / qom-list-properties return.
 */
import { type QObject, toJSON } from '@tsemu/qobject';

/** One property as device-list-properties / qom-list-properties return it (ObjectPropertyInfo). */
export interface PropertyHelpInfo {
  name: string;
  type: string;
  description?: string;
  /** the default, as a QObject (printed as compact JSON) */
  defaultValue?: QObject;
}

/** object_property_help: "  name=<type>", padded to 24 columns before " - description (default: ...)" */
export function objectPropertyHelp(p: PropertyHelpInfo): string {
  let s = `  ${p.name}=<${p.type}>`;
  if (p.description !== undefined || p.defaultValue !== undefined) {
    if (s.length < 24) s += ' '.repeat(24 - s.length);
    s += ' - ';
  }
  if (p.description !== undefined) s += p.description;
  if (p.defaultValue !== undefined) s += ` (default: ${toJSON(p.defaultValue)})`;
  return s;
}

/** strcmp on UTF-8 bytes */
function strcmp(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

/**
 * qdev_device_help / user_creatable_print_help / machine_help_func: the header and one
 * line per property, lines sorted with strcmp.
 */
export function propertyListHelp(typeName: string, props: readonly PropertyHelpInfo[]): string {
  if (props.length === 0) return `There are no options for ${typeName}.\n`;
  const lines = props.map(objectPropertyHelp).sort(strcmp);
  return `${typeName} options:\n${lines.map((l) => `${l}\n`).join('')}`;
}

/** qdev's DEVICE_CATEGORY_* in their order, with the names `-device help` prints */
export const DEVICE_CATEGORIES = [
  'bridge',
  'usb',
  'storage',
  'network',
  'input',
  'display',
  'sound',
  'misc',
  'cpu',
  'watchdog',
] as const;
export type DeviceCategory = (typeof DEVICE_CATEGORIES)[number];

const CATEGORY_NAMES: Record<DeviceCategory | 'uncategorized', string> = {
  bridge: 'Controller/Bridge/Hub',
  usb: 'USB',
  storage: 'Storage',
  network: 'Network',
  input: 'Input',
  display: 'Display',
  sound: 'Sound',
  misc: 'Misc',
  cpu: 'CPU',
  watchdog: 'Watchdog',
  uncategorized: 'Uncategorized',
};

/** What `-device help` shows of a device class. */
export interface DeviceHelpInfo {
  name: string;
  /** the bus type it plugs into (dc->bus_type) */
  bus?: string;
  /** qdev_class_get_alias */
  alias?: string;
  desc?: string;
  userCreatable: boolean;
  categories: readonly DeviceCategory[];
}

function strcasecmp(a: string, b: string): number {
  return strcmp(a.toLowerCase(), b.toLowerCase());
}

/** qdev_print_devinfo */
export function deviceInfoLine(d: DeviceHelpInfo): string {
  let s = `name "${d.name}"`;
  if (d.bus) s += `, bus ${d.bus}`;
  if (d.alias) s += `, alias "${d.alias}"`;
  if (d.desc) s += `, desc "${d.desc}"`;
  if (!d.userCreatable) s += ', no-user';
  return s;
}

/** qdev_print_devinfos: `-device help` (showNoUser: the list `-device help` prints with no-user ones) */
export function deviceListHelp(devices: readonly DeviceHelpInfo[], showNoUser = false): string {
  const sorted = [...devices].sort((a, b) => strcasecmp(a.name, b.name));
  let out = '';
  const cats = [...DEVICE_CATEGORIES, 'uncategorized' as const];
  cats.forEach((cat, i) => {
    let printed = false;
    for (const d of sorted) {
      const inCat = cat === 'uncategorized' ? d.categories.length === 0 : d.categories.includes(cat);
      if (!inCat || (!showNoUser && !d.userCreatable)) continue;
      if (!printed) {
        out += `${i ? '\n' : ''}${CATEGORY_NAMES[cat]} devices:\n`;
        printed = true;
      }
      out += `${deviceInfoLine(d)}\n`;
    }
  });
  return out;
}
