// qemu-ga's base64 input (util/base64.c qbase64_decode()): QEMU's checks, then GLib's lenient
// g_base64_decode(), which skips '=' as a value, outputs only whole quads and reads on after padding.
import { gaError } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const RANK = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));
RANK.set('=', 0);

export function qbase64Decode(input: string): Buffer {
  if (input.includes('\0')) throw gaError('Base64 data contains embedded NUL characters');
  for (const c of input) if (!RANK.has(c)) throw gaError('Base64 data contains invalid characters');
  const out: number[] = [];
  let v = 0;
  let i = 0;
  let last0 = '';
  let last1 = '';
  for (const c of input) {
    last1 = last0;
    last0 = c;
    v = ((v << 6) | RANK.get(c)!) & 0xffffff;
    if (++i === 4) {
      out.push((v >> 16) & 0xff);
      if (last1 !== '=') out.push((v >> 8) & 0xff);
      if (last0 !== '=') out.push(v & 0xff);
      i = 0;
    }
  }
  return Buffer.from(out);
}
