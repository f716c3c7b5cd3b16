import { SliceExit } from '@tsemu/target-i386';
import { describe, expect, it } from 'vitest';
import { ioportRead, ioportWrite } from '../../src/i386/ioport.js';
import type { ShutdownCause } from '../../src/i386/runstate.js';
import { withMachine } from '../pci/machine.js';

/** multiboot a.out-kludge kernel at 1 MiB running `code` */
function kernel(code: number[]): Uint8Array {
  const k = new Uint8Array(0x20 + code.length);
  const dv = new DataView(k.buffer);
  [0x1badb002, 0x00010003, -(0x1badb002 + 0x00010003) >>> 0, 0x100000, 0x100000, 0, 0, 0x100020].forEach(
    (v, i) => {
      dv.setUint32(i * 4, v, true);
    },
  );
  k.set(code, 0x20);
  return k;
}

// inc dword [0x200000]; out 0x80, al; hlt
const COUNT = [0xff, 0x05, 0x00, 0x00, 0x20, 0x00, 0xe6, 0x80, 0xf4];

const opts = { kernel: 'k.bin', readFile: () => kernel(COUNT) };

describe('reset', () => {
  it('enters a multiboot kernel in flat protected mode with EAX/EBX as the spec says', () =>
    withMachine((m) => {
      const env = m.cpu.env;
      expect(env.eip).toBe(0x100020);
      expect(env.regs[0] >>> 0).toBe(0x2badb002);
      expect(env.regs[3]).toBe(0x9000);
      expect(env.cr[0] & 1).toBe(1);
      expect(env.segs[1]).toMatchObject({ selector: 0x08, base: 0, limit: 0xffffffff });
      expect(env.segs[2]).toMatchObject({ selector: 0x10, base: 0, limit: 0xffffffff });
      expect(env.eflags & 0x200).toBe(0);
      expect(m.cpu.runSlice(100)).toBe(SliceExit.HALTED);
      expect(m.addressSpaceMemory.read32(0x200000)).toBe(1);
    }, opts));

  it('system_reset reloads the kernel and the boot state; RAM keeps its contents', () =>
    withMachine((m) => {
      m.cpu.runSlice(100);
      m.reset('host-qmp-system-reset');
      expect(m.cpu.env.eip).toBe(0x100020);
      expect(m.cpu.env.halted).toBe(false);
      m.cpu.runSlice(100);
      expect(m.addressSpaceMemory.read32(0x200000)).toBe(2);
    }, opts));

  it.each([
    [
      'PIIX3 reset control 0xcf9 bit 2',
      (m: Parameters<Parameters<typeof withMachine>[0]>[0]) => ioportWrite(m.addressSpaceIo, 0xcf9, 1, 0x06),
    ],
    [
      'i8042 pulse of output port bit 0 (0xfe to 0x64)',
      (m: Parameters<Parameters<typeof withMachine>[0]>[0]) => ioportWrite(m.addressSpaceIo, 0x64, 1, 0xfe),
    ],
    [
      'port 0x92 fast reset',
      (m: Parameters<Parameters<typeof withMachine>[0]>[0]) => ioportWrite(m.addressSpaceIo, 0x92, 1, 0x01),
    ],
  ])('%s asks the machine for a guest reset', (_n, poke) =>
    withMachine((m) => {
      const causes: ShutdownCause[] = [];
      m.onResetRequest = (c) => causes.push(c);
      poke(m);
      expect(causes).toEqual(['guest-reset']);
    }, opts),
  );

  it('0xcf9 keeps bit 1 (hard reset) and reads it back; 0xcf8 dwords still reach the index register', () =>
    withMachine((m) => {
      ioportWrite(m.addressSpaceIo, 0xcf9, 1, 0x02);
      expect(ioportRead(m.addressSpaceIo, 0xcf9, 1)).toBe(0x02);
      ioportWrite(m.addressSpaceIo, 0xcf8, 4, 0x80000800);
      expect(ioportRead(m.addressSpaceIo, 0xcf8, 4)).toBe(0x80000800);
      expect(ioportRead(m.addressSpaceIo, 0xcfc, 4).toString(16)).toBe('70008086');
    }, opts));

  it('a triple fault asks for a guest reset', () =>
    withMachine(
      (m) => {
        const causes: ShutdownCause[] = [];
        m.onResetRequest = (c) => causes.push(c);
        // lidt [zero limit]; int3
        expect(m.cpu.runSlice(100)).toBe(SliceExit.RESET);
        expect(causes).toEqual(['guest-reset']);
      },
      {
        kernel: 'k.bin',
        readFile: () => kernel([0x0f, 0x01, 0x1d, 0x00, 0x00, 0x30, 0x00, 0xcc]),
      },
    ));
});
