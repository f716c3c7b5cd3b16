/** Integer helpers shared by the interpreter, the optimizer's folding and generated code. */

/** high 32 bits of the unsigned 64-bit product a * b, as int32 */
export function mulu2Hi(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const ll = al * bl;
  const mid1 = ah * bl;
  const mid2 = al * bh;
  // carries out of the low word: (ll >>> 16) + low halves of the middle products, all < 2^18
  const carry = ((ll >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff)) >>> 16;
  return (ah * bh + (mid1 >>> 16) + (mid2 >>> 16) + carry) | 0;
}

/** high 32 bits of the signed 64-bit product a * b */
export function muls2Hi(a: number, b: number): number {
  return (mulu2Hi(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}

export function clz32(a: number, zero: number): number {
  return a === 0 ? zero : Math.clz32(a);
}

export function ctz32(a: number, zero: number): number {
  return a === 0 ? zero : 31 - Math.clz32(a & -a);
}

export function popcount32(a: number): number {
  a = a - ((a >>> 1) & 0x55555555);
  a = (a & 0x33333333) + ((a >>> 2) & 0x33333333);
  a = (a + (a >>> 4)) & 0x0f0f0f0f;
  return Math.imul(a, 0x01010101) >>> 24;
}
