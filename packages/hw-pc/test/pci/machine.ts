// A -nodefaults pc board built in-process, torn down after each test.
import { ioportRead, ioportWrite } from '../../src/i386/ioport.js';
import { createPcMachine, type PcMachine, type PcMachineOptions } from '../../src/i386/pc.js';

export function withMachine<T>(fn: (m: PcMachine) => T, opts: PcMachineOptions = {}): T {
  const m = createPcMachine({ nodefaults: true, ...opts });
  try {
    return fn(m);
  } finally {
    m.destroy();
  }
}

export function cfgAddr(devfn: number, off: number): number {
  return (0x80000000 | (devfn << 8) | off) >>> 0;
}

// Dword port accesses as the CPU's in/out make them (address_space_ldl/stl: the whole access goes
// to the region at the port, even where piix3-reset-control overlays 0xcf9).
export function outl(m: PcMachine, port: number, v: number): void {
  ioportWrite(m.addressSpaceIo, port, 4, v);
}
export function inl(m: PcMachine, port: number): number {
  return ioportRead(m.addressSpaceIo, port, 4);
}

export function cfgRead(m: PcMachine, devfn: number, off: number): number {
  outl(m, 0xcf8, cfgAddr(devfn, off));
  return inl(m, 0xcfc);
}

export function cfgWrite(m: PcMachine, devfn: number, off: number, v: number): void {
  outl(m, 0xcf8, cfgAddr(devfn, off));
  outl(m, 0xcfc, v);
}
