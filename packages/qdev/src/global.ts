// Global properties: -global driver.prop=value and machine compat sets (hw/core/qdev-properties.c,
// hw/core/machine.c's GlobalProperty arrays).
import {
  errorPrepend,
  objectClassByName,
  objectDynamicCast,
  objectPropertyParse,
  QomError,
  type QomObject,
} from '@tsemu/qom';

export interface GlobalProperty {
  driver: string;
  property: string;
  value: string;
  /** Set once the property applied to some object (unused globals are reported). */
  used?: boolean;
  /** Failing to apply is not an error (compat properties of optional features). */
  optional?: boolean;
}

const globalProps: GlobalProperty[] = [];

/** qdev_prop_register_global */
export function qdevPropRegisterGlobal(prop: GlobalProperty): void {
  globalProps.push(prop);
}

export function qdevPropClearGlobals(): void {
  globalProps.length = 0;
}

export function qdevPropGlobals(): readonly GlobalProperty[] {
  return globalProps;
}

/**
 * -global's argument (QEMU's qemu_global_option): "driver.prop=value", or QemuOpts form
 * "driver=d,property=p,value=v". In QemuOpts form an item without "=" is a short-form boolean
 * ("x" is x=on, "nox" is x=off), which names no valid parameter.
 */
export function qemuGlobalOption(str: string): void {
  const m = /^([^.=]{1,63})\.([^=]{1,63})=/s.exec(str);
  if (m) {
    qdevPropRegisterGlobal({ driver: m[1], property: m[2], value: str.slice(m[0].length) });
    return;
  }
  const opts: Record<string, string> = {};
  for (const item of splitOpts(str)) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? item.replace(/^no/, '') : item.slice(0, eq);
    if (key !== 'driver' && key !== 'property' && key !== 'value')
      throw new QomError(`Invalid parameter '${key}'`);
    opts[key] = eq < 0 ? (item.startsWith('no') ? 'off' : 'on') : item.slice(eq + 1);
  }
  if (opts.driver === undefined || opts.property === undefined || opts.value === undefined)
    throw new QomError("options 'driver', 'property', and 'value' are required");
  qdevPropRegisterGlobal({ driver: opts.driver, property: opts.property, value: opts.value });
}

// QemuOpts items: split at ",", where ",," is a literal comma
function splitOpts(str: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < str.length; i++) {
    if (str[i] === ',') {
      if (str[i + 1] === ',') {
        cur += ',';
        i++;
        continue;
      }
      out.push(cur);
      cur = '';
    } else cur += str[i];
  }
  out.push(cur);
  return out.filter((s) => s !== '');
}

/**
 * object_apply_global_props: applies matching globals in registration order (later ones win).
 * An error names the global: "can't apply global driver.prop=value: ...".
 */
export function objectApplyGlobalProps(
  obj: QomObject,
  props: readonly GlobalProperty[],
  // -global values are the user's (a config export keeps them); compat ones are the machine's
  origin: 'global' | 'internal' = 'global',
): void {
  for (const p of props) {
    if (!objectDynamicCast(obj, p.driver)) continue;
    p.used = true;
    try {
      objectPropertyParse(obj, p.property, p.value, origin);
    } catch (e) {
      if (p.optional) continue;
      throw errorPrepend(e, `can't apply global ${p.driver}.${p.property}=${p.value}: `);
    }
  }
}

/** qdev_prop_check_globals: warnings for globals that matched no object (QEMU only warns). */
export function qdevPropCheckGlobals(): string[] {
  const out: string[] = [];
  for (const p of globalProps) {
    if (p.used) continue;
    const oc = objectClassByName(p.driver);
    if (!oc) out.push(`global ${p.driver}.${p.property} has invalid class name`);
    else out.push(`global ${p.driver}.${p.property}=${p.value} not used`);
  }
  return out;
}

/** A machine type's compat properties, e.g. hw_compat_7_1 (applied before -global ones). */
export interface CompatPropertySet {
  version: string;
  props: readonly Omit<GlobalProperty, 'used'>[];
}

const compatSets: GlobalProperty[] = [];

/** Installs the compat sets of a versioned machine type: oldest versions' sets come last. */
export function qdevSetCompatProps(sets: readonly CompatPropertySet[]): void {
  compatSets.length = 0;
  for (const s of sets) for (const p of s.props) compatSets.push({ ...p });
}

export function qdevCompatProps(): readonly GlobalProperty[] {
  return compatSets;
}

function versionKey(v: string): number[] {
  return v.split('.').map((x) => Number.parseInt(x, 10) || 0);
}

function compareVersions(a: string, b: string): number {
  const x = versionKey(a);
  const y = versionKey(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/**
 * The compat sets a machine type of `machineVersion` applies, as QEMU's versioned machine
 * options chain them: pc-7.0 takes hw_compat_7_1 then hw_compat_7_0 (newest first, so the
 * older set's values win).
 */
export function compatSetsForMachine(
  sets: readonly CompatPropertySet[],
  machineVersion: string,
): CompatPropertySet[] {
  return sets
    .filter((s) => compareVersions(s.version, machineVersion) >= 0)
    .sort((a, b) => compareVersions(b.version, a.version));
}
