// qemu-ga's base64 input (util/base64.c qbase64_decode()): QEMU's checks, then GLib's lenient
// g_base64_decode(), which skips '=' as a value, outputs only whole quads and reads on after padding.
import { gaError } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const RANK = new Int8Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) RANK[ALPHABET.charCodeAt(i)] = i;
RANK[0x3d] = 0; // '='
// A character class without groups: V8 runs it over megabytes without deep backtracking.
const INVALID = /[^A-Za-z0-9+/=]/;

/** Whole quads with padding only at the very end: GLib and Node's decoder agree on these. */
function canonical(s: string): boolean {
  if (s.length % 4 !== 0) return false;
  const eq = s.indexOf('=');
  if (eq === -1) return true;
  return eq >= s.length - 2 && (eq === s.length - 1 || s[s.length - 1] === '=');
}

export function qbase64Decode(input: string): Buffer {
  if (input.includes('\0')) throw gaError('Base64 data contains embedded NUL characters');
  if (INVALID.test(input)) throw gaError('Base64 data contains invalid characters');
  if (canonical(input)) return Buffer.from(input, 'base64');
  const out = Buffer.allocUnsafe(Math.ceil(input.length / 4) * 3);
  let n = 0;
  let v = 0;
  let i = 0;
  let last0 = 0;
  let last1 = 0;
  for (let k = 0; k < input.length; k++) {
    const c = input.charCodeAt(k);
    last1 = last0;
    last0 = c;
    v = ((v << 6) | RANK[c]!) & 0xffffff;
    if (++i === 4) {
      out[n++] = v >> 16;
      if (last1 !== 0x3d) out[n++] = (v >> 8) & 0xff;
      if (last0 !== 0x3d) out[n++] = v & 0xff;
      i = 0;
    }
  }
  return out.subarray(0, n);
}
