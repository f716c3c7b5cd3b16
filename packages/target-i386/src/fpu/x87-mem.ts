/** Guest memory access for x87 operands: 64- and 80-bit values built from 32/16-bit accesses. */
import type { CPUX86State, GuestAccess } from '../cpu.js';
import type { Floatx80 } from './floatx80.js';

/** The CPU's linear data accessor (the CPU loop provides env.dataAccess). */
export function fpuDataAccess(env: CPUX86State): GuestAccess {
  const a = env.dataAccess;
  if (!a) throw new Error('x87: env.dataAccess is not set');
  return a;
}

export function ld64(m: GuestAccess, ea: number): bigint {
  const lo = BigInt(m.ld32(ea) >>> 0);
  const hi = BigInt(m.ld32((ea + 4) | 0) >>> 0);
  return (hi << 32n) | lo;
}

export function st64(m: GuestAccess, ea: number, v: bigint): void {
  m.st32(ea, Number(v & 0xffffffffn) | 0);
  m.st32((ea + 4) | 0, Number((v >> 32n) & 0xffffffffn) | 0);
}

export function ld80(m: GuestAccess, ea: number): Floatx80 {
  const low = ld64(m, ea);
  return { high: m.ld16((ea + 8) | 0) & 0xffff, low };
}

export function st80(m: GuestAccess, ea: number, v: Floatx80): void {
  st64(m, ea, v.low);
  m.st16((ea + 8) | 0, v.high & 0xffff);
}
