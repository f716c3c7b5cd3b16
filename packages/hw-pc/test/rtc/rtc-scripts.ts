// CMOS/RTC op scripts for the differential tests.
import type { Op } from '../intc/board.js';

export const BASE = '2006-06-17T16:01:21';
export const all128: Op[] = Array.from({ length: 128 }, (_, i) => [
  ['o', 0x70, i] as Op,
  ['i', 0x71] as Op,
]).flat();
const reg = (i: number, v?: number): Op[] =>
  v === undefined
    ? [
        ['o', 0x70, i],
        ['i', 0x71],
      ]
    : [
        ['o', 0x70, i],
        ['o', 0x71, v],
      ];
const time: Op[] = [9, 8, 7, 6, 4, 2, 0, 0x32].flatMap((i) => reg(i));

export const scripts: [string, Op[]][] = [
  ['all 128 bytes', all128],
  [
    'index port, NMI bit, PS/2 century alias',
    [['i', 0x70], ['o', 0x70, 0x8b], ['i', 0x71], ...reg(0x37), ...reg(0x37, 0x19), ...reg(0x32)],
  ],
  ['binary mode', [...reg(11, 0x06), ...time, ...reg(11)]],
  [
    '12-hour mode, BCD and binary',
    [...reg(11, 0x00), ...reg(4), ...reg(11, 0x04), ...reg(4), ...reg(11, 0x02), ...reg(4)],
  ],
  [
    'set mode, new time, leave set mode',
    [
      ...reg(11, 0x82),
      ...reg(0, 0x59),
      ...reg(2, 0x59),
      ...reg(4, 0x23),
      ...reg(7, 0x31),
      ...reg(8, 0x12),
      ...reg(9, 0x99),
      ...time,
      ...reg(11, 0x02),
      ...time,
    ],
  ],
  [
    'registers A-D writes',
    [
      ...reg(10, 0x2f),
      ...reg(10),
      ...reg(10, 0xff),
      ...reg(10),
      ...reg(10, 0x26),
      ...reg(11, 0x7a),
      ...reg(11),
      ...reg(12),
      ...reg(13, 0x00),
      ...reg(13),
      ...reg(12, 0xff),
      ...reg(12),
    ],
  ],
  ['divider reset and restart', [...reg(10, 0x66), ...reg(10), ...time, ...reg(10, 0x26), ...time]],
  [
    'system_reset: interrupt enables and flags, shutdown status byte, CMOS kept',
    [
      ...reg(0x0f, 0x0a),
      ...reg(0x40, 0x77),
      ...reg(11, 0x7a),
      ['system_reset'],
      ...reg(0x0f),
      ...reg(11),
      ...reg(12),
      ...reg(0x40),
      ...reg(0x0f, 0xfe),
      ['system_reset'],
      ...reg(0x0f),
    ],
  ],
  [
    '12-hour time written in set mode, read back in 24-hour and binary',
    [
      ...reg(11, 0x80),
      ...reg(4, 0x92),
      ...reg(2, 0x30),
      ...reg(11, 0x00),
      ...reg(4),
      ...reg(11, 0x02),
      ...reg(4),
      ...reg(11, 0x06),
      ...reg(4),
      ...reg(2),
      ...reg(11, 0x84),
      ...reg(4, 0x8c),
      ...reg(11, 0x04),
      ...reg(4),
    ],
  ],
  [
    'CMOS RAM bytes',
    [...reg(0x40, 0x5a), ...reg(0x7f, 0xa5), ...reg(0x0e, 0x33), ...reg(0x40), ...reg(0x7f), ...reg(0x0e)],
  ],
];
