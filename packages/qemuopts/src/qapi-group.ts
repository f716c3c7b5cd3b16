/**
 * Option groups described by a QAPI struct: the QemuOptsList's keys, types, help text and
 * defaults come from the schema (member types and doc comments), and parsed options translate
 * to and from typed QAPI values through @tsemu/qapi's keyval input and output visitors.
 */
import {
  keyvalInput,
  type QAPISchema,
  QAPISchemaBuiltinType,
  QAPISchemaEnumType,
  QAPISchemaObjectType,
  QapiSchema,
  qobjectOutput,
  schemaDescFromModel,
} from '@tsemu/qapi';
import { QDict, QString } from '@tsemu/qobject';
import { scalarText } from './config-file.js';
import {
  type QemuOptDesc,
  type QemuOpts,
  QemuOptsList,
  type QemuOptsListInit,
  type QemuOptType,
} from './opts.js';
import { qemuOptsToQDict } from './qdict.js';

const NUMBER_TYPES = new Set([
  'int',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'number',
]);

function optType(t: unknown): QemuOptType {
  if (t instanceof QAPISchemaBuiltinType) {
    if (t.name === 'bool') return 'bool';
    if (t.name === 'size') return 'size';
    if (NUMBER_TYPES.has(t.name)) return 'number';
  }
  return 'string';
}

/** The doc text of a member on one line, and the "(default: X)" it states, if any. */
function docOf(text: string | undefined): { help?: string; def?: string } {
  if (!text) return {};
  const help = text.replace(/\s*\n\s*/g, ' ').trim();
  const def = /\(default:?\s*([^)]*)\)/.exec(help)?.[1]?.trim();
  return { help, ...(def !== undefined ? { def } : {}) };
}

/** opt_type_to_string */
const TYPE_NAMES: Record<QemuOptType, string> = { string: 'str', bool: 'bool', number: 'num', size: 'size' };

export class QapiOptsGroup {
  readonly list: QemuOptsList;
  private readonly runtime: QapiSchema;

  /**
   * @param model a checked QAPI schema model (e.g. `QAPISchema.fromString(...)`)
   * @param structName the struct whose members are the group's keys
   */
  constructor(
    model: QAPISchema,
    readonly structName: string,
    init: Omit<QemuOptsListInit, 'desc'>,
  ) {
    const t = model.lookupType(structName);
    if (!(t instanceof QAPISchemaObjectType) || t.variants) {
      throw new Error(`QAPI type '${structName}' is not a struct`);
    }
    const desc: QemuOptDesc[] = t.members.map((m) => {
      const d = docOf(m.docSection?.text);
      const type = m.type instanceof QAPISchemaEnumType ? 'string' : optType(m.type);
      return {
        name: m.name,
        type,
        ...(d.help !== undefined ? { help: d.help } : {}),
        ...(d.def !== undefined ? { defValueStr: d.def } : {}),
      };
    });
    this.list = new QemuOptsList({ ...init, desc });
    this.runtime = new QapiSchema(schemaDescFromModel(model));
  }

  /** qemu_opts_print_help: `-<option> help` for the group, sorted as QEMU sorts it */
  help(printCaption = true): string {
    const lines = this.list.desc
      .map((d) => {
        let s = `  ${d.name}=<${TYPE_NAMES[d.type]}>`;
        if (d.help !== undefined) {
          if (s.length < 24) s += ' '.repeat(24 - s.length);
          s += ` - ${d.help}`;
        }
        return s;
      })
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    let out = '';
    if (printCaption && lines.length > 0) out += `${this.list.name} options:\n`;
    else if (lines.length === 0) out += `There are no options for ${this.list.name}.\n`;
    return out + lines.map((l) => `${l}\n`).join('');
  }

  /** QemuOpts → the struct's typed value (through the keyval input visitor, QEMU's error wording) */
  toValue<T = Record<string, unknown>>(opts: QemuOpts): T {
    const d = qemuOptsToQDict(opts);
    d.delete('id');
    return keyvalInput<T>(this.runtime, this.structName, d);
  }

  /** A typed value → QemuOpts in the group (the way back: output visitor, then strings) */
  fromValue(value: unknown, id?: string): QemuOpts {
    const q = qobjectOutput(this.runtime, this.structName, value);
    const opts = this.list.create(id, true);
    if (q instanceof QDict) {
      for (const [k, v] of q.entries()) opts.set(k, v instanceof QString ? v.value : scalarText(v));
    }
    return opts;
  }
}
