/**
 * `-readconfig` files (util/qemu-config.c: qemu_config_foreach) and their writer.
 *
 * The reader follows QEMU's line rules exactly, including its sscanf() quirks: a line is read
 * with fgets() into a 1024-byte buffer, `[group]` / `[group "id"]` start a section, and a
 * `key = "value"` line adds a member; any other line with a word in it is taken as that word
 * with an empty value (the second sscanf() only needs its %s to convert).
 */
import { QDict, QList, type QObject, QString } from '@tsemu/qobject';

/**
 * An error in a config file. With a location, QEMU prints it as "prog:file:line: message"
 * (the file location replaces the command-line one).
 */
export class ConfigFileError extends Error {
  /** raised while reading a file (QEMU then reports it at the file location, or at none) */
  readonly fromFile: boolean;
  constructor(
    message: string,
    readonly location?: string,
    fromFile = location !== undefined,
  ) {
    super(location ? `${location}: ${message}` : message);
    this.fromFile = fromFile;
  }
}

/** One section of a config file: its group, and the members as a flat QDict of strings ("id" included). */
export interface ConfigSection {
  group: string;
  dict: QDict;
  /** member names in file order (the QDict iterates in QEMU's hash order) */
  order: string[];
  /** line of the header */
  line: number;
  /**
   * The line QEMU's errors about this section point at: the last `key = value` line read before
   * the section is handed over (at the next header or at the end of the file), if any.
   */
  reportLine?: number;
}

const isSpace = (c: string | undefined) =>
  c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';

/** The lines fgets(line, 1024, fp) returns. */
function fgetsLines(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl + 1;
    const take = Math.min(end - i, 1023);
    out.push(text.slice(i, i + take));
    i += take;
  }
  return out;
}

/** A tiny sscanf for the conversions qemu_config_foreach uses. */
class Scan {
  pos = 0;
  constructor(readonly s: string) {}
  /** ' ' in a format: skip any whitespace */
  ws(): void {
    while (isSpace(this.s[this.pos])) this.pos++;
  }
  lit(c: string): boolean {
    if (this.s[this.pos] !== c) return false;
    this.pos++;
    return true;
  }
  /** %Ns */
  word(max: number): string | undefined {
    this.ws();
    const start = this.pos;
    while (this.pos < this.s.length && !isSpace(this.s[this.pos]) && this.pos - start < max) this.pos++;
    return this.pos > start ? this.s.slice(start, this.pos) : undefined;
  }
  /** %N[^x] */
  notChar(max: number, stop: string): string | undefined {
    const start = this.pos;
    while (this.pos < this.s.length && this.s[this.pos] !== stop && this.pos - start < max) this.pos++;
    return this.pos > start ? this.s.slice(start, this.pos) : undefined;
  }
}

/** sscanf(line, "[%63s \"%63[^\"]\"]", group, value) == 2 */
function scanGroupWithId(line: string): [string, string] | undefined {
  const sc = new Scan(line);
  if (!sc.lit('[')) return undefined;
  const group = sc.word(63);
  if (group === undefined) return undefined;
  sc.ws();
  if (!sc.lit('"')) return undefined;
  const id = sc.notChar(63, '"');
  return id === undefined ? undefined : [group, id];
}

/** sscanf(line, "[%63[^]]]", group) == 1 */
function scanGroup(line: string): string | undefined {
  const sc = new Scan(line);
  if (!sc.lit('[')) return undefined;
  return sc.notChar(63, ']');
}

/** sscanf(line, " %63s = \"%1023[^\"]\"", arg, value) == 2, else sscanf(line, " %63s = \"\"", arg) == 1 */
function scanMember(line: string): [string, string] | undefined {
  const sc = new Scan(line);
  sc.ws();
  const arg = sc.word(63);
  if (arg === undefined) return undefined;
  sc.ws();
  if (sc.lit('=')) {
    sc.ws();
    if (sc.lit('"')) {
      const value = sc.notChar(1023, '"');
      if (value !== undefined) return [arg, value];
    }
  }
  return [arg, ''];
}

/**
 * qemu_config_foreach: the sections of a config file, in order. Errors carry QEMU's
 * "file:line: " location prefix.
 */
export function parseConfigFile(text: string, fname = '<config>'): ConfigSection[] {
  const out: ConfigSection[] = [];
  let cur: ConfigSection | undefined;
  let lno = 0;
  let lastMember: number | undefined;
  for (const line of fgetsLines(text)) {
    ++lno;
    if (line[0] === '\n' || line[0] === '#') continue;
    if (line[0] === '[') {
      const withId = scanGroupWithId(line);
      const group = withId ? withId[0] : scanGroup(line);
      if (group !== undefined) {
        const dict = new QDict();
        if (withId) dict.put('id', new QString(withId[1]));
        if (cur) cur.reportLine = lastMember;
        cur = { group, dict, order: withId ? ['id'] : [], line: lno };
        out.push(cur);
        continue;
      }
    }
    const m = scanMember(line);
    lastMember = lno;
    if (m) {
      if (!cur) throw new ConfigFileError('no group defined', `${fname}:${lno}`);
      if (!cur.dict.has(m[0])) cur.order.push(m[0]);
      cur.dict.put(m[0], new QString(m[1]));
      continue;
    }
    throw new ConfigFileError('parse error', `${fname}:${lno}`);
  }
  if (cur) cur.reportLine = lastMember;
  return out;
}

/** qdict_flatten: nested dicts and lists become dotted keys ("file.driver", "a.0"). */
export function qdictFlatten(d: QDict, prefix = '', out = new QDict()): QDict {
  const visit = (key: string, v: QObject) => {
    if (v instanceof QDict) qdictFlatten(v, `${key}.`, out);
    else if (v instanceof QList) {
      let i = 0;
      for (const item of v) visit(`${key}.${i++}`, item);
    } else out.put(key, v);
  };
  for (const [k, v] of d.entries()) visit(`${prefix}${k}`, v);
  return out;
}

/** Text of a scalar as a config file (and QemuOpts) holds it. */
export function scalarText(v: QObject): string {
  switch (v.type) {
    case 'string':
      return (v as QString).value;
    case 'bool':
      return (v as unknown as { value: boolean }).value ? 'on' : 'off';
    case 'num':
      return String((v as unknown as { toNumber(): number | bigint }).toNumber());
    case 'null':
      return '';
    default:
      throw new ConfigFileError(`cannot write a ${v.type} as a config file value`);
  }
}

/** A section to write: its group, its members (nested values become dotted keys), their order. */
export interface ConfigFileSection {
  group: string;
  dict: QDict;
  /** members written first, in this order; the others follow sorted */
  keys?: readonly string[];
}

/**
 * Write sections in the format QEMU's -writeconfig used and -readconfig reads:
 * `[group "id"]` headers, `  key = "value"` members, a blank line after each section. Nested
 * values are flattened to dotted keys. Values QEMU's reader cannot carry (a '"', a newline, or
 * more than 1023 characters) and unscannable keys are refused rather than written wrongly.
 */
export function writeConfigFile(sections: readonly ConfigFileSection[]): string {
  let text = '# qemu config file\n\n';
  for (const { group, dict, keys } of sections) {
    if (!/^[^\s\]"]{1,63}$/.test(group)) throw new ConfigFileError(`cannot write group name '${group}'`);
    const flat = qdictFlatten(dict);
    const id = flat.get('id');
    if (id !== undefined) {
      const idText = scalarText(id);
      if (!/^[^"\n]{1,63}$/.test(idText))
        throw new ConfigFileError(`cannot write id '${idText}' of group '${group}'`);
      text += `[${group} "${idText}"]\n`;
    } else {
      text += `[${group}]\n`;
    }
    // members in the given order (a QemuOpts' own), else sorted so the text depends on content only
    const order = keys
      ? [
          ...keys,
          ...flat
            .keys()
            .filter((k) => !keys.includes(k))
            .sort(),
        ]
      : flat.keys().sort();
    for (const k of order) {
      const v = flat.get(k);
      if (k === 'id' || v === undefined) continue;
      if (!/^[^\s="]{1,63}$/.test(k))
        throw new ConfigFileError(`cannot write key '${k}' of group '${group}'`);
      const s = scalarText(v);
      if (/["\n]/.test(s) || s.length > 1023) {
        throw new ConfigFileError(
          `value of '${group}.${k}' cannot be written to a config file: ${JSON.stringify(s)}`,
        );
      }
      text += `  ${k} = "${s}"\n`;
    }
    text += '\n';
  }
  return text;
}
