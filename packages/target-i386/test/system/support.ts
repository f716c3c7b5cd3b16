/** Test support: RAM-backed physical memory and descriptor-table builders for the system helpers. */
import { expect } from 'vitest';
import {
  type CPUX86State,
  CpuLoopExit,
  type CpuPhysMemory,
  cpu_x86_load_seg_cache,
  cpu_x86_update_cr0,
  R_CS,
  R_DS,
  R_ES,
  R_FS,
  R_GS,
  R_SS,
  x86CpuCreate,
} from '../../src/index.js';

export class RamPhys implements CpuPhysMemory {
  readonly ram: Uint8Array;
  readonly dv: DataView;
  constructor(size = 4 << 20) {
    this.ram = new Uint8Array(size);
    this.dv = new DataView(this.ram.buffer);
  }
  read8(a: number): number {
    return a < this.ram.length ? this.ram[a] : 0xff;
  }
  read16(a: number): number {
    return a + 1 < this.ram.length ? this.dv.getUint16(a, true) : 0xffff;
  }
  read32(a: number): number {
    return a + 3 < this.ram.length ? this.dv.getUint32(a, true) : 0xffffffff;
  }
  write8(a: number, v: number): void {
    if (a < this.ram.length) this.ram[a] = v;
  }
  write16(a: number, v: number): void {
    if (a + 1 < this.ram.length) this.dv.setUint16(a, v, true);
  }
  write32(a: number, v: number): void {
    if (a + 3 < this.ram.length) this.dv.setUint32(a, v >>> 0, true);
  }
}

/** Descriptor dwords [e1, e2] from base, limit (bytes or pages if g), access byte and flags nibble. */
export function desc(base: number, limit: number, access: number, flags = 0xc): [number, number] {
  const e1 = ((base & 0xffff) << 16) | (limit & 0xffff);
  const e2 =
    (base & 0xff000000) | ((flags & 0xf) << 20) | (limit & 0xf0000) | (access << 8) | ((base >>> 16) & 0xff);
  return [e1 >>> 0, e2 >>> 0];
}

/** A gate [e1, e2]: selector:offset, type (0x8e interrupt gate DPL 0, 0xee DPL 3, 0xef trap, 0x85 task, 0xec call) */
export function gate(selector: number, offset: number, access: number, paramCount = 0): [number, number] {
  const e1 = ((selector & 0xffff) << 16) | (offset & 0xffff);
  const e2 = (offset & 0xffff0000) | (access << 8) | (paramCount & 0x1f);
  return [e1 >>> 0, e2 >>> 0];
}

export const GDT = 0x1000;
export const IDT = 0x2000;
export const TSS = 0x3000;
export const SEL = { code0: 0x08, data0: 0x10, code3: 0x1b, data3: 0x23, tss: 0x28 } as const;

export const ACC = {
  code0: 0x9a,
  data0: 0x92,
  code3: 0xfa,
  data3: 0xf2,
  tss32: 0x89,
  tss16: 0x81,
  ldt: 0x82,
} as const;

export interface Machine {
  env: CPUX86State;
  phys: RamPhys;
  setDesc(table: number, index: number, d: [number, number]): void;
  getDesc(table: number, index: number): [number, number];
}

/** A CPU in flat 32-bit protected mode at CPL 0, GDT at GDT (16 entries), IDT at IDT (256), TSS at TSS. */
export function protectedMachine(): Machine {
  const phys = new RamPhys();
  const env = x86CpuCreate('qemu32');
  env.phys = phys;
  const m: Machine = {
    env,
    phys,
    setDesc(table, index, [e1, e2]) {
      phys.write32(table + index * 8, e1);
      phys.write32(table + index * 8 + 4, e2);
    },
    getDesc(table, index) {
      return [phys.read32(table + index * 8), phys.read32(table + index * 8 + 4)];
    },
  };
  m.setDesc(GDT, 1, desc(0, 0xfffff, ACC.code0));
  m.setDesc(GDT, 2, desc(0, 0xfffff, ACC.data0));
  m.setDesc(GDT, 3, desc(0, 0xfffff, ACC.code3));
  m.setDesc(GDT, 4, desc(0, 0xfffff, ACC.data3));
  m.setDesc(GDT, 5, desc(TSS, 0x67, ACC.tss32 | 2, 0)); // busy, as after ltr
  env.gdt.base = GDT;
  env.gdt.limit = 16 * 8 - 1;
  env.idt.base = IDT;
  env.idt.limit = 256 * 8 - 1;
  cpu_x86_update_cr0(env, env.cr[0] | 1);
  loadFlat(env, 0);
  Object.assign(env.tr, { selector: SEL.tss, base: TSS, limit: 0x67, flags: ACC.tss32 << 8 }); // QEMU keeps the non-busy type in tr.flags
  return m;
}

/** Load flat segments of ring `cpl` directly into the caches. */
export function loadFlat(env: CPUX86State, cpl: 0 | 3): void {
  const [, ce2] = desc(0, 0xfffff, cpl ? ACC.code3 : ACC.code0);
  const [, de2] = desc(0, 0xfffff, cpl ? ACC.data3 : ACC.data0);
  cpu_x86_load_seg_cache(env, R_CS, cpl ? SEL.code3 : SEL.code0, 0, 0xffffffff, ce2);
  for (const s of [R_SS, R_DS, R_ES, R_FS, R_GS]) {
    cpu_x86_load_seg_cache(env, s, cpl ? SEL.data3 : SEL.data0, 0, 0xffffffff, de2);
  }
}

/** Run fn expecting it to raise `vector` with `errorCode` (as helpers do: throw CpuLoopExit). */
export function expectFault(env: CPUX86State, fn: () => unknown, vector: number, errorCode?: number): void {
  env.exceptionIndex = -1;
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'expected a guest exception').toBe(CpuLoopExit.instance);
  expect(env.exceptionIndex).toBe(vector);
  if (errorCode !== undefined) expect(env.errorCode.toString(16)).toBe(errorCode.toString(16));
}
