/** QemuOpts (util/qemu-option.c): option groups parsed from "k=v,k2=v2" strings. */

export type QemuOptType = 'string' | 'bool' | 'number' | 'size';

export interface QemuOptDesc {
  name: string;
  type: QemuOptType;
  help?: string;
  defValueStr?: string;
}

export interface QemuOptsListInit {
  name: string;
  impliedOptName?: string;
  mergeLists?: boolean;
  /** Empty table means "accept any key" as in QEMU. */
  desc?: QemuOptDesc[];
}

export class QemuOptsError extends Error {}

/** QEMU's id_wellformed(): a letter, then letters, digits, '-', '.', '_'. */
export function idWellformed(id: string): boolean {
  return /^[A-Za-z][A-Za-z0-9\-._]*$/.test(id);
}

/** parse_option_bool(): the spellings qapi_bool_parse_name() accepts. */
export function parseOptionBool(name: string, value: string): boolean {
  if (value === 'on' || value === 'yes' || value === 'true' || value === 'y') return true;
  if (value === 'off' || value === 'no' || value === 'false' || value === 'n') return false;
  throw new QemuOptsError(`Parameter '${name}' expects 'on' or 'off'`);
}

const U64 = 1n << 64n;

/** qemu_strtou64(s, base 0) over the whole string; negative input wraps like strtoull. */
function strtou64(s: string): bigint | 'einval' | 'erange' {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return 'einval';
  const digits = m[2] as string;
  let v: bigint;
  if (/^0[xX]/.test(digits)) v = BigInt(digits);
  else if (digits.length > 1 && digits.startsWith('0')) v = BigInt(`0o${digits.slice(1)}`);
  else v = BigInt(digits);
  if (v >= U64) return 'erange';
  return m[1] === '-' ? (U64 - v) % U64 : v;
}

export function parseOptionNumber(name: string, value: string): bigint {
  const r = strtou64(value);
  if (r === 'erange') throw new QemuOptsError(`Parameter '${name}' expects a non-negative number below 2^64`);
  if (r === 'einval') throw new QemuOptsError(`Parameter '${name}' expects a number`);
  return r;
}

const SIZE_HINT =
  'Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.';
const SUFFIX: Record<string, number> = {
  b: 0,
  B: 0,
  k: 1,
  K: 1,
  m: 2,
  M: 2,
  g: 3,
  G: 3,
  t: 4,
  T: 4,
  p: 5,
  P: 5,
  e: 6,
  E: 6,
};

/** qemu_strtosz(): integer or decimal with an optional binary suffix (default bytes). */
export function parseOptionSize(name: string, value: string): bigint {
  const fail = () =>
    new QemuOptsError(`Parameter '${name}' expects a non-negative number below 2^64\n${SIZE_HINT}`);
  const m = /^\s*(0[xX][0-9a-fA-F]+|[0-9]+(?:\.[0-9]*)?)([bBkKmMgGtTpPeE]?)$/.exec(value);
  if (!m) throw fail();
  const num = m[1] as string;
  const shift = BigInt(10 * (SUFFIX[m[2] || 'B'] ?? 0));
  let v: bigint;
  if (/^0[xX]/.test(num)) {
    v = BigInt(num) << shift;
  } else if (num.includes('.')) {
    const [ip, fp = ''] = num.split('.') as [string, string];
    if (m[2] === '' || m[2] === 'b' || m[2] === 'B') {
      if (/[1-9]/.test(fp)) throw fail(); // fractional bytes are rejected
    }
    const scale = 10n ** BigInt(fp.length);
    v = ((BigInt(ip) * scale + BigInt(fp || '0')) << shift) / scale;
  } else {
    v = BigInt(num) << shift;
  }
  if (v >= U64) throw fail();
  return v;
}

export interface QemuOpt {
  name: string;
  str: string;
}

export class QemuOpts {
  readonly opts: QemuOpt[] = [];
  constructor(
    readonly list: QemuOptsList,
    public id: string | undefined,
  ) {}

  /** Last occurrence wins, as qemu_opt_find() searches from the tail. */
  get(name: string): string | undefined {
    for (let i = this.opts.length - 1; i >= 0; i--) {
      const o = this.opts[i] as QemuOpt;
      if (o.name === name) return o.str;
    }
    return this.list.findDesc(name)?.defValueStr;
  }

  getBool(name: string, def: boolean): boolean {
    const v = this.get(name);
    return v === undefined ? def : parseOptionBool(name, v);
  }

  getNumber(name: string, def: bigint): bigint {
    const v = this.get(name);
    return v === undefined ? def : parseOptionNumber(name, v);
  }

  getSize(name: string, def: bigint): bigint {
    const v = this.get(name);
    return v === undefined ? def : parseOptionSize(name, v);
  }

  /** opt_set(): validates against the desc table unless the list accepts any key. */
  set(name: string, value: string): void {
    const desc = this.list.findDesc(name);
    if (!desc && this.list.desc.length > 0) throw new QemuOptsError(`Invalid parameter '${name}'`);
    if (desc?.type === 'bool') parseOptionBool(name, value);
    else if (desc?.type === 'number') parseOptionNumber(name, value);
    else if (desc?.type === 'size') parseOptionSize(name, value);
    this.opts.push({ name, str: value });
  }

  /** qemu_opts_to_qdict() shape, as a plain record (last value wins). */
  toRecord(): Record<string, string> {
    const out: Record<string, string> = {};
    if (this.id !== undefined) out.id = this.id;
    for (const o of this.opts) out[o.name] = o.str;
    return out;
  }
}

/** get_opt_value(): up to the next single ',', with ",," meaning a literal comma. */
function getOptValue(s: string, i: number): [string, number] {
  let out = '';
  while (i < s.length) {
    const c = s[i] as string;
    if (c === ',') {
      if (s[i + 1] !== ',') break;
      i++;
    }
    out += c;
    i++;
  }
  return [out, i];
}

interface Param {
  name: string;
  value: string;
  help: boolean;
  /** given in the short boolean form ("foo" or "nofoo"): the prefix used */
  flag?: '' | 'no';
}

/** The deprecation warning QEMU prints for a short-form boolean (get_opt_name_value). */
export function shortFormBooleanWarning(prefix: string, name: string, value: string): string {
  const hint =
    name === 'delay'
      ? `Please use nodelay=${prefix ? 'on' : 'off'} instead`
      : `Please use ${name}=${value} instead`;
  return `short-form boolean option '${prefix}${name}' deprecated\n${hint}`;
}

/** get_opt_name_value() applied over the whole string. */
export function splitParams(params: string, firstname: string | undefined): Param[] {
  const out: Param[] = [];
  let i = 0;
  let first = firstname;
  while (i < params.length) {
    let len = 0;
    while (i + len < params.length && params[i + len] !== '=' && params[i + len] !== ',') len++;
    let p: Param;
    if (params[i + len] !== '=') {
      if (first !== undefined) {
        const [v, ni] = getOptValue(params, i);
        p = { name: first, value: v, help: false };
        i = ni;
      } else {
        const option = params.slice(i, i + len);
        i += len;
        if (option === 'help' || option === '?') p = { name: option, value: 'on', help: true };
        else if (option.startsWith('no'))
          p = { name: option.slice(2), value: 'off', help: false, flag: 'no' };
        else p = { name: option, value: 'on', help: false, flag: '' };
      }
    } else {
      const name = params.slice(i, i + len);
      const [v, ni] = getOptValue(params, i + len + 1);
      p = { name, value: v, help: false };
      i = ni;
    }
    out.push(p);
    first = undefined;
    if (params[i] === ',') i++;
  }
  return out;
}

export class QemuOptsList {
  readonly name: string;
  readonly impliedOptName: string | undefined;
  readonly mergeLists: boolean;
  readonly desc: QemuOptDesc[];
  readonly head: QemuOpts[] = [];

  constructor(init: QemuOptsListInit) {
    this.name = init.name;
    this.impliedOptName = init.impliedOptName;
    this.mergeLists = init.mergeLists ?? false;
    this.desc = init.desc ?? [];
  }

  findDesc(name: string): QemuOptDesc | undefined {
    return this.desc.find((d) => d.name === name);
  }

  find(id: string | undefined): QemuOpts | undefined {
    return this.head.find((o) => o.id === id);
  }

  /** qemu_opts_create(). */
  create(id: string | undefined, failIfExists: boolean): QemuOpts {
    if (id !== undefined) {
      if (!idWellformed(id)) {
        // error_append_hint's text follows on the next line, as QEMU prints it
        throw new QemuOptsError(
          "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter.",
        );
      }
      if (this.mergeLists) throw new QemuOptsError(`Invalid parameter 'id'`);
    }
    const existing = this.find(id);
    if (existing) {
      if (failIfExists && id !== undefined) throw new QemuOptsError(`Duplicate ID '${id}' for ${this.name}`);
      if (id !== undefined || this.mergeLists) return existing;
    }
    const opts = new QemuOpts(this, id);
    this.head.push(opts);
    return opts;
  }

  /**
   * qemu_opts_parse(): "help"/"?" anywhere sets helpWanted instead of failing;
   * permitAbbrev enables the implied first key.
   */
  parse(
    params: string,
    permitAbbrev = true,
    warn?: (message: string) => void,
  ): { opts: QemuOpts | undefined; helpWanted: boolean } {
    const ps = splitParams(params, permitAbbrev ? this.impliedOptName : undefined);
    const helpWanted = ps.some((p) => p.help);
    if (helpWanted) return { opts: undefined, helpWanted };
    // opts_parse_id: the first id= counts
    const id = ps.find((p) => p.name === 'id')?.value;
    const opts = this.create(id, !this.mergeLists);
    for (const p of ps) {
      // qemu_opts_parse_noisily warns about each short-form boolean as it reaches it
      if (p.flag !== undefined && warn) warn(shortFormBooleanWarning(p.flag, p.name, p.value));
      if (p.name !== 'id') opts.set(p.name, p.value);
    }
    return { opts, helpWanted: false };
  }

  /** qemu_set_option() for `-set group.id.key=value`. */
  setOption(id: string, key: string, value: string): void {
    const opts = this.find(id);
    if (!opts) throw new QemuOptsError(`there is no ${this.name} "${id}" defined`);
    opts.set(key, value);
  }
}
