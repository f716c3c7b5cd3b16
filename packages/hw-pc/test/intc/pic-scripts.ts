// PIC op scripts for the differential tests (HMP o/i and info pic).
import type { Op } from './board.js';

const i = (p: number): Op => ['i', p];
const o = (p: number, v: number): Op => ['o', p, v];
const info: Op = ['info pic'];
const regs: Op[] = [
  o(0x20, 0x0a),
  i(0x20),
  o(0x20, 0x0b),
  i(0x20),
  i(0x21),
  o(0xa0, 0x0a),
  i(0xa0),
  o(0xa0, 0x0b),
  i(0xa0),
  i(0xa1),
];
const init = (icw4 = 0x01, mBase = 0x08, sBase = 0x70): Op[] => [
  o(0x20, 0x11),
  o(0x21, mBase),
  o(0x21, 0x04),
  o(0x21, icw4),
  o(0xa0, 0x11),
  o(0xa1, sBase),
  o(0xa1, 0x02),
  o(0xa1, icw4),
];
const irq0: Op[] = [o(0x43, 0x36), o(0x40, 0x00), o(0x40, 0x00)]; // PIT mode 3: OUT goes high

export const scripts: [string, Op[]][] = [
  ['reset state', [info, ...regs, i(0x4d0), i(0x4d1)]],
  ['Linux init_8259A, masks', [...init(), o(0x21, 0xfb), o(0xa1, 0xff), info, ...regs]],
  [
    'IRQ 0 pending, acknowledged by poll, non-specific EOI',
    [
      ...init(),
      ...irq0,
      info,
      ...regs,
      o(0x20, 0x0c),
      i(0x20),
      info,
      ...regs,
      o(0x20, 0x0c),
      i(0x20),
      o(0x20, 0x20),
      info,
    ],
  ],
  [
    'masked IRQ stays in IRR; poll sees nothing',
    [...init(), o(0x21, 0x01), ...irq0, o(0x20, 0x0c), i(0x20), info],
  ],
  [
    'auto-EOI and rotation commands',
    [
      ...init(0x03, 0x20, 0x28),
      ...irq0,
      o(0x20, 0x0c),
      i(0x20),
      info,
      o(0x20, 0x80),
      o(0x20, 0xc5),
      info,
      o(0x20, 0xe2),
      info,
      o(0x20, 0x00),
      info,
    ],
  ],
  [
    'specific EOI and rotate on EOI',
    [...init(), ...irq0, o(0x20, 0x0c), i(0x20), o(0x20, 0x60), info, o(0x40, 0x10), o(0x20, 0xa0), info],
  ],
  [
    'special mask mode and fully nested mode',
    [...init(0x11), o(0x20, 0x68), info, ...regs, o(0x20, 0x48), info],
  ],
  [
    'system_reset clears the ELCR and the init state',
    [
      o(0x4d0, 0xf8),
      o(0x4d1, 0xde),
      ...init(),
      o(0x21, 0x5a),
      ['system_reset'],
      info,
      ...regs,
      i(0x4d0),
      i(0x4d1),
    ],
  ],
  [
    'edge vs LTIM level mode as IRQ 0 goes high and low',
    [
      ...init(),
      ...irq0,
      o(0x43, 0x30),
      o(0x40, 0x10),
      o(0x40, 0),
      info,
      o(0x20, 0x19),
      o(0x21, 0x08),
      o(0x21, 0x04),
      o(0x21, 0x01),
      ...irq0,
      info,
      o(0x20, 0x0c), // poll: acknowledges IRQ 0; with LTIM the request stays in IRR
      i(0x20),
      o(0x20, 0x0a),
      i(0x20),
      o(0x20, 0x20),
      o(0x43, 0x30),
      o(0x40, 0x10),
      o(0x40, 0),
      info,
    ],
  ],
  [
    'ELCR masks 0xf8 / 0xde',
    [
      o(0x4d0, 0xff),
      o(0x4d1, 0xff),
      i(0x4d0),
      i(0x4d1),
      info,
      ...init(),
      i(0x4d0),
      i(0x4d1),
      o(0x4d0, 0x07),
      i(0x4d0),
    ],
  ],
  ['single mode without ICW4, ICW1 resets IMR', [o(0x21, 0x5a), o(0x20, 0x12), o(0x21, 0x48), info, ...regs]],
];
