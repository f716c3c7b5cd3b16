// `info qtree` (softmmu/qdev-monitor.c) and the human form of property values
// (qapi/string-output-visitor.c with human=true).
import {
  type ObjectClass,
  objectClassGetParent,
  objectPropertyFind,
  type PropSchema,
  type QomObject,
  resolvePropSchema,
} from '@tsemu/qom';
import {
  BUS_GET_CLASS,
  type BusState,
  type DeviceClass,
  type DeviceState,
  sysbusGetDefault,
  TYPE_DEVICE,
} from './core.js';

/** C's printf("%.<p>g", v). */
export function formatG(v: number, p = 3): string {
  if (v === 0) return '0';
  let s: string;
  const e = Number(v.toExponential(p - 1).split('e')[1]);
  if (e < -4 || e >= p) {
    const [m, x] = v.toExponential(p - 1).split('e');
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const n = Number(x);
    s = `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  } else {
    s = v.toFixed(Math.max(0, p - 1 - e));
    if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  }
  return s;
}

/** size_to_str: "2 GiB", "512 B", "1.5 KiB". */
export function sizeToStr(val: bigint): string {
  const suffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
  const d = Number(val) / (1000 / 1024);
  // frexp: val = m * 2^i with 0.5 <= m < 1
  let i = d === 0 ? 0 : Math.floor(Math.log2(d)) + 1;
  if (d !== 0 && 2 ** (i - 1) > d) i--;
  i = Math.trunc((i - 1) / 10);
  if (i < 0) i = 0;
  const div = 2 ** (i * 10);
  return `${formatG(Number(val) / div, 3)} ${suffixes[i]}B`;
}

/** The human string of a value of a QAPI type (string output visitor, human mode). */
export function printHuman(schema: PropSchema, v: unknown): string {
  const t = resolvePropSchema(schema);
  if (t.kind === 'enum') return `"${String(v)}"`;
  if (t.kind !== 'builtin') return String(v);
  switch (t.name) {
    case 'str':
      return v === undefined || v === null ? '<null>' : `"${String(v)}"`;
    case 'bool':
      return v ? 'true' : 'false';
    case 'size': {
      const n = BigInt(v as bigint);
      return `${n} (${sizeToStr(n)})`;
    }
    case 'number':
      return (v as number).toFixed(6);
    case 'any':
    case 'null':
    case 'QType':
      return String(v);
    default: {
      const n = BigInt(v as number | bigint);
      const u = n < 0n ? n + (1n << 64n) : n;
      return `${n} (0x${u.toString(16)})`;
    }
  }
}

/** object_property_print(obj, name, human=true), or undefined when it cannot be read. */
export function objectPropertyPrint(obj: QomObject, name: string): string | undefined {
  const p = objectPropertyFind(obj, name);
  if (!p?.get) return undefined;
  try {
    return printHuman(p.schema, p.get(obj, p));
  } catch {
    return undefined;
  }
}

function qdevPrint(dev: DeviceState, indent: number, out: string[]) {
  const pad = (n: number) => ' '.repeat(n);
  out.push(`${pad(indent)}dev: ${dev.typename}, id "${dev.id ?? ''}"\n`);
  indent += 2;
  for (const ngl of dev.gpios) {
    if (ngl.numIn) out.push(`${pad(indent)}gpio-in "${ngl.name ?? ''}" ${ngl.numIn}\n`);
    if (ngl.numOut) out.push(`${pad(indent)}gpio-out "${ngl.name ?? ''}" ${ngl.numOut}\n`);
  }
  let klass: ObjectClass | undefined = dev.class;
  while (klass && klass.type.name !== TYPE_DEVICE) {
    for (const prop of (klass as DeviceClass).props ?? []) {
      const name = prop.kind === 'array' ? `len-${prop.name}` : prop.name;
      const value = objectPropertyPrint(dev, name);
      if (value === undefined) continue;
      out.push(`${pad(indent)}${name} = ${value || '<null>'}\n`);
    }
    klass = objectClassGetParent(klass);
  }
  if (dev.parentBus) {
    const extra = BUS_GET_CLASS(dev.parentBus).printDev?.(dev, indent);
    if (extra) out.push(extra);
  }
  for (const b of dev.childBus) qbusPrint(b, indent, out);
}

function qbusPrint(bus: BusState, indent: number, out: string[]) {
  const pad = ' '.repeat(indent);
  out.push(`${pad}bus: ${bus.name}\n`);
  out.push(`${pad}  type ${bus.typename}\n`);
  for (const kid of bus.children) qdevPrint(kid.child, indent + 2, out);
}

/** hmp_info_qtree: the device tree from main-system-bus, in QEMU's layout (lines end in \n). */
export function infoQtree(root: BusState = sysbusGetDefault()): string {
  const out: string[] = [];
  qbusPrint(root, 0, out);
  return out.join('');
}
