/** qemu_opts_to_qdict() / qemu_opts_from_qdict(): QemuOpts <-> flat QDict of strings. */
import { QBool, QDict, QNum, QString } from '@tsemu/qobject';
import type { QemuOpts, QemuOptsList } from './opts.js';

/** Every value stays a QString, as in QEMU; the last duplicate wins. */
export function qemuOptsToQDict(opts: QemuOpts): QDict {
  const d = new QDict();
  if (opts.id !== undefined) d.put('id', new QString(opts.id));
  for (const o of opts.opts) d.put(o.name, new QString(o.str));
  return d;
}

/** Strings, numbers and bools are accepted (bools as on/off); other types are skipped as QEMU does. */
export function qemuOptsFromQDict(list: QemuOptsList, d: QDict): QemuOpts {
  const id = d.get('id');
  const opts = list.create(id instanceof QString ? id.value : undefined, true);
  for (const [k, v] of d.entries()) {
    if (k === 'id') continue;
    if (v instanceof QString) opts.set(k, v.value);
    else if (v instanceof QNum) opts.set(k, String(v.kind === 'double' ? v.getDouble() : v.getInt()));
    else if (v instanceof QBool) opts.set(k, v.value ? 'on' : 'off');
  }
  return opts;
}
