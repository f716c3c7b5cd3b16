/**
 * Chardev specifications of the command line: `-chardev` option groups, and the legacy one-string
 * syntax of -serial/-monitor/-qmp (QEMU's qemu_chr_parse_compat: `stdio`, `null`, `file:PATH`,
 * `pipe:PATH`, `pty`, `unix:PATH[,opts]`, `tcp:HOST:PORT[,opts]`, `telnet:...`, `/dev/...`, `mon:SPEC`,
 * `chardev:ID`, `vc`, `none`).
 */
import {
  type ChardevBackend,
  ChardevError,
  type ChardevOptValue,
  chardevBackendFromOpts,
  chardevOptsDesc,
} from '@tsemu/chardev';
import { parseOptionBool, parseOptionNumber, parseOptionSize, splitParams } from '@tsemu/qemuopts';

/** -chardev's string values typed as qemu_chardev_opts declares them. */
export function typedChardevOpts(dict: Readonly<Record<string, string>>): Record<string, ChardevOptValue> {
  const out: Record<string, ChardevOptValue> = {};
  for (const [k, v] of Object.entries(dict)) {
    const type = chardevOptsDesc.find((d) => d.name === k)?.type ?? (k === 'id' ? 'string' : undefined);
    if (type === undefined) throw new ChardevError(`Invalid parameter '${k}'`);
    if (type === 'bool') out[k] = parseOptionBool(k, v);
    else if (type === 'number') out[k] = parseOptionNumber(k, v);
    else if (type === 'size') out[k] = parseOptionSize(k, v);
    else out[k] = v;
  }
  return out;
}

/** One legacy specification: a backend to create, an existing chardev, or nothing. */
export type LegacyChardev =
  | { kind: 'none' }
  | { kind: 'existing'; id: string }
  | { kind: 'new'; backend: ChardevBackend; mux: boolean };

/** qemu_chr_parse_compat (returns undefined for what it does not understand). */
export function parseLegacyChardev(spec: string): LegacyChardev | undefined {
  if (spec === 'none') return { kind: 'none' };
  let mux = false;
  let s = spec;
  if (s.startsWith('mon:')) {
    mux = true;
    s = s.slice(4);
  }
  const backend = (b: ChardevBackend): LegacyChardev => ({ kind: 'new', backend: b, mux });
  if (s.startsWith('chardev:')) return { kind: 'existing', id: s.slice(8) };
  if (s === 'null' || s === 'vc' || s.startsWith('vc:')) return backend({ type: 'null', data: {} });
  if (s === 'stdio') return backend({ type: 'stdio', data: {} });
  if (s === 'pty') return backend({ type: 'pty', data: {} });
  if (s.startsWith('file:')) return backend({ type: 'file', data: { out: s.slice(5) } });
  if (s.startsWith('pipe:')) return backend({ type: 'pipe', data: { device: s.slice(5) } });
  if (s.startsWith('/dev/')) return backend({ type: 'serial', data: { device: s } });
  const withOpts = (rest: string, base: Record<string, string>): LegacyChardev | undefined => {
    const [first, ...opts] = splitParams(rest, 'addr');
    const dict: Record<string, string> = { ...base, id: 'legacy', backend: 'socket' };
    const addr = first?.value ?? '';
    if (base.path === undefined) {
      const m = /^(.*):([^:]*)$/.exec(addr);
      if (!m) return undefined;
      dict.host = m[1] === '' ? '0.0.0.0' : m[1];
      dict.port = m[2];
    } else dict.path = addr;
    for (const o of opts) dict[o.name] = o.value;
    return backend(chardevBackendFromOpts(typedChardevOpts(dict)).backend);
  };
  if (s.startsWith('unix:')) return withOpts(s.slice(5), { path: '' });
  if (s.startsWith('tcp:')) return withOpts(s.slice(4), {});
  if (s.startsWith('telnet:')) return withOpts(s.slice(7), { telnet: 'on' });
  return undefined;
}
