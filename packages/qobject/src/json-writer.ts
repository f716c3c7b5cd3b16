// Writes QObjects as QEMU's json-writer.c does, byte for byte: ", " and ": " separators, ASCII only
// with \uXXXX escapes (uppercase hex), doubles as printf("%.17g"), dict members in QDict order.
import type { QBool, QDict, QList, QNum, QObject, QString } from './qobject.js';

export interface ToJSONOptions {
  /** QEMU's pretty form: one member per line, four-space indent. */
  pretty?: boolean;
}

/** C's printf("%.17g"). */
export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mant, expText] = x.toExponential(16).split('e') as [string, string];
  const exp = Number(expText);
  const strip = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= 17)
    return `${strip(mant)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return strip(x.toFixed(16 - exp));
}

function hex4(n: number): string {
  return `\\u${n.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function quoteString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += '\\\\';
        continue;
      case 0x08:
        out += '\\b';
        continue;
      case 0x0c:
        out += '\\f';
        continue;
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x09:
        out += '\\t';
        continue;
    }
    if (c >= 0x20 && c < 0x7f) out += s[i];
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        out += hex4(c) + hex4(lo);
        i++;
      } else out += hex4(0xfffd);
    } else if (c >= 0xd800 && c <= 0xdfff) out += hex4(0xfffd);
    else out += hex4(c);
  }
  return `${out}"`;
}

function write(q: QObject, pretty: boolean, indent: string, out: string[]): void {
  switch (q.type) {
    case 'null':
    case 'none':
      out.push('null');
      return;
    case 'bool':
      out.push((q as QBool).value ? 'true' : 'false');
      return;
    case 'num': {
      const n = q as QNum;
      out.push(n.kind === 'double' ? formatDouble(n.getDouble()) : n.toString());
      return;
    }
    case 'string':
      out.push(quoteString((q as QString).value));
      return;
    case 'list':
    case 'dict': {
      const isDict = q.type === 'dict';
      const items: [string | undefined, QObject][] = isDict
        ? (q as QDict).entries()
        : [...(q as QList)].map((v) => [undefined, v]);
      const [open, close] = isDict ? ['{', '}'] : ['[', ']'];
      if (items.length === 0) {
        out.push(open + close);
        return;
      }
      const inner = `${indent}    `;
      out.push(open);
      items.forEach(([key, v], i) => {
        if (i > 0) out.push(pretty ? ',' : ', ');
        if (pretty) out.push(`\n${inner}`);
        if (key !== undefined) out.push(`${quoteString(key)}: `);
        write(v, pretty, inner, out);
      });
      if (pretty) out.push(`\n${indent}`);
      out.push(close);
    }
  }
}

/** qobject_to_json() / qobject_to_json_pretty(). */
export function toJSON(q: QObject, options: ToJSONOptions = {}): string {
  const out: string[] = [];
  write(q, options.pretty === true, '', out);
  return out.join('');
}
