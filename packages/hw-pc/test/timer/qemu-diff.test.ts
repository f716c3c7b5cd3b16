// PIT latch/read-back sequences and port 0x61 against qemu-system-x86_64 -S (virtual clock stopped).
import { describe, expect, test } from 'vitest';
import { type Op, tsemuBoard } from '../intc/board.js';
import { haveQemu, qemuBoard } from '../intc/qemu.js';

const i = (p: number): Op => ['i', p];
const o = (p: number, v: number): Op => ['o', p, v];

const scripts: [string, Op[]][] = [
  [
    'reset state: counters, read-back status of all channels',
    [
      i(0x40),
      i(0x41),
      i(0x42),
      i(0x43),
      o(0x43, 0xee),
      i(0x40),
      i(0x41),
      i(0x42),
      o(0x43, 0xde),
      i(0x40),
      i(0x41),
      i(0x42),
    ],
  ],
  [
    'channel 0 mode 2 at 1193 (Linux HZ=1000): latch, word read, read-back',
    [
      o(0x43, 0x34),
      o(0x40, 0xa9),
      o(0x40, 0x04),
      o(0x43, 0x00),
      i(0x40),
      i(0x40),
      i(0x40),
      i(0x40),
      o(0x43, 0xc2),
      i(0x40),
      i(0x40),
      i(0x40),
      ['info pic'],
    ],
  ],
  [
    'latch twice keeps the first; status latch before count',
    [
      o(0x43, 0x36),
      o(0x40, 0x00),
      o(0x40, 0x80),
      o(0x43, 0x00),
      o(0x43, 0x00),
      o(0x43, 0xe2),
      o(0x43, 0xd2),
      i(0x40),
      i(0x40),
      i(0x40),
      i(0x40),
      ['info pic'],
    ],
  ],
  [
    'lsb-only, msb-only and BCD',
    [
      o(0x43, 0x51),
      o(0x41, 0x99),
      i(0x41),
      i(0x41),
      o(0x43, 0x60),
      o(0x41, 0x12),
      i(0x41),
      o(0x43, 0xe4),
      i(0x41),
      o(0x43, 0x75),
      o(0x41, 0x34),
      o(0x41, 0x12),
      o(0x43, 0xe4),
      i(0x41),
    ],
  ],
  [
    'channel 2 and port 0x61 as Linux pit_calibrate_tsc drives them',
    [
      i(0x61),
      i(0x61),
      i(0x61),
      o(0x61, 0x01),
      i(0x61),
      o(0x43, 0xb0),
      o(0x42, 0x9b),
      o(0x42, 0x2e),
      i(0x61),
      i(0x61),
      o(0x43, 0xe8),
      i(0x42),
      i(0x42),
      i(0x42),
      o(0x61, 0x03),
      i(0x61),
      o(0x61, 0x00),
      i(0x61),
    ],
  ],
  [
    'every mode in the status byte',
    [0, 1, 2, 3, 4, 5, 6, 7].flatMap((m) => [
      o(0x43, 0x30 | (m << 1)),
      o(0x40, 0x10),
      o(0x40, 0x00),
      o(0x43, 0xe2),
      i(0x40),
      i(0x40),
      i(0x40),
    ]),
  ],
];

describe.skipIf(!haveQemu())('isa-pit vs qemu-system-x86_64', () => {
  test.each(scripts)(
    '%s',
    async (_name, ops) => {
      const q = await qemuBoard();
      const t = tsemuBoard();
      try {
        expect(await t.run(ops)).toEqual(await q.run(ops));
      } finally {
        await q.close();
        await t.close();
      }
    },
    30_000,
  );
});
