// Differential: PCI configuration space of 00.0, 01.0, 01.1, 01.3 and `info pci`, tsemu's pc vs
// qemu-system-x86_64 -M pc -S -nodefaults, both driven through 0xcf8/0xcfc.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveQemu, QemuHmp } from '../intc/qemu.js';
import { cfgAddr, cfgRead, cfgWrite, withMachine } from './machine.js';

const FUNCTIONS = [
  [0x00, '00.0 i440FX'],
  [0x08, '01.0 PIIX3'],
  [0x09, '01.1 piix3-ide'],
  [0x0b, '01.3 PIIX4_PM'],
] as const;
const CAPTURES = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'reference', 'qemu-7.2');
const qemu = haveQemu();
if (!qemu) console.warn('qemu-system-x86_64 not installed: PCI differential tests skipped');

async function qemuCfgRead(q: QemuHmp, devfn: number, off: number): Promise<number> {
  await q.hmp(`o /w 0xcf8 0x${cfgAddr(devfn, off).toString(16)}`);
  const r = await q.hmp('i /w 0xcfc');
  const m = /= 0x([0-9a-f]+)/.exec(r);
  if (!m) throw new Error(`unexpected i output: ${r}`);
  return Number.parseInt(m[1], 16);
}
async function qemuCfgWrite(q: QemuHmp, devfn: number, off: number, v: number): Promise<void> {
  await q.hmp(`o /w 0xcf8 0x${cfgAddr(devfn, off).toString(16)}`);
  await q.hmp(`o /w 0xcfc 0x${(v >>> 0).toString(16)}`);
}

const hex = (v: number) => (v >>> 0).toString(16).padStart(8, '0');

describe.skipIf(!qemu)('PCI config space vs QEMU 7.2', () => {
  let q: QemuHmp;
  beforeAll(async () => {
    q = await QemuHmp.start();
  });
  afterAll(async () => {
    await q?.close();
  });

  for (const [devfn, name] of FUNCTIONS) {
    it(`${name}: all 64 dwords after reset`, async () => {
      const want: string[] = [];
      for (let off = 0; off < 256; off += 4)
        want.push(`${off.toString(16)}: ${hex(await qemuCfgRead(q, devfn, off))}`);
      const got = withMachine((m) => {
        const out: string[] = [];
        for (let off = 0; off < 256; off += 4)
          out.push(`${off.toString(16)}: ${hex(cfgRead(m, devfn, off))}`);
        return out;
      });
      expect(got).toEqual(want);
    });
  }

  // Writable bits of the standard header: write all ones, read back, write zero, read back.
  // (Device-specific registers with side effects — PAM, SMRAM, PIRQ, PM/SMBus bases — are left alone.)
  const HEADER = [0x04, 0x0c, 0x10, 0x14, 0x18, 0x1c, 0x20, 0x24, 0x30, 0x3c];
  for (const [devfn, name] of FUNCTIONS) {
    it(`${name}: write masks of the header`, async () => {
      const want: string[] = [];
      for (const off of HEADER) {
        const orig = await qemuCfgRead(q, devfn, off);
        await qemuCfgWrite(q, devfn, off, 0xffffffff);
        const ones = await qemuCfgRead(q, devfn, off);
        await qemuCfgWrite(q, devfn, off, 0);
        const zero = await qemuCfgRead(q, devfn, off);
        await qemuCfgWrite(q, devfn, off, orig);
        want.push(`${off.toString(16)}: ${hex(ones)} ${hex(zero)}`);
      }
      const got = withMachine((m) =>
        HEADER.map((off) => {
          cfgWrite(m, devfn, off, 0xffffffff);
          const ones = cfgRead(m, devfn, off);
          cfgWrite(m, devfn, off, 0);
          return `${off.toString(16)}: ${hex(ones)} ${hex(cfgRead(m, devfn, off))}`;
        }),
      );
      expect(got).toEqual(want);
    });
  }

  it('PIRQ route registers and PAM registers hold what is written', async () => {
    const script: [number, number, number][] = [
      [0x08, 0x60, 0x0b0a0980],
      [0x00, 0x58, 0x33113000],
      [0x00, 0x5c, 0x00330011],
    ];
    const want: string[] = [];
    for (const [devfn, off, v] of script) {
      await qemuCfgWrite(q, devfn, off, v);
      want.push(hex(await qemuCfgRead(q, devfn, off)));
    }
    const got = withMachine((m) =>
      script.map(([devfn, off, v]) => {
        cfgWrite(m, devfn, off, v);
        return hex(cfgRead(m, devfn, off));
      }),
    );
    expect(got).toEqual(want);
  });

  it('info pci', async () => {
    const want = await q.hmp('info pci');
    expect(withMachine((m) => m.infoPci())).toBe(want);
  });
});

describe('info pci / query-pci vs the QEMU 7.2 captures', () => {
  const have = existsSync(CAPTURES);
  if (!have) console.warn(`${CAPTURES} absent: capture comparisons skipped`);
  it.skipIf(!have)('hmp/nodefaults/info-pci.txt', () => {
    const want = readFileSync(join(CAPTURES, 'hmp/nodefaults/info-pci.txt'), 'utf8').replace(/\r\n/g, '\n');
    expect(withMachine((m) => m.infoPci())).toBe(want);
  });
  it.skipIf(!have)('qmp/nodefaults/query-pci.json', () => {
    const want = JSON.parse(readFileSync(join(CAPTURES, 'qmp/nodefaults/query-pci.json'), 'utf8')).return;
    const got = withMachine((m) => m.queryPci());
    // the address of an unmapped BAR is -1 on the wire
    expect(JSON.parse(JSON.stringify(got, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)))).toEqual(want);
  });
});
