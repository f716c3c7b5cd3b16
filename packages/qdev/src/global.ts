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
 * -global's argument: "driver.prop=value" (QEMU's qemu_global_option). A missing "=" is QemuOpts'
 * short-form boolean, which QEMU then rejects.
 */
export function qemuGlobalOption(str: string): void {
  const m = /^([^.=]+)\.([^=]+)=(.*)$/s.exec(str);
  if (m) {
    qdevPropRegisterGlobal({ driver: m[1], property: m[2], value: m[3] });
    return;
  }
  const eq = str.indexOf('=');
  if (eq < 0) {
    throw new QomError(`Invalid parameter '${str.replace(/^no/, '')}'`);
  }
  throw new QomError(`Invalid parameter '${str.slice(0, eq)}'`);
}

/**
 * object_apply_global_props: applies matching globals in registration order (later ones win).
 * An error names the global: "can't apply global driver.prop=value: ...".
 */
export function objectApplyGlobalProps(obj: QomObject, props: readonly GlobalProperty[]): void {
  for (const p of props) {
    if (!objectDynamicCast(obj, p.driver)) continue;
    p.used = true;
    try {
      objectPropertyParse(obj, p.property, p.value);
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
