/**
 * The 8259A programmable interrupt controller pair (QEMU's hw/intc/i8259.c, i8259_common.c):
 * ICW1-ICW4, OCW1-OCW3, IRR/ISR/IMR, rotation, specific/non-specific EOI, AEOI, special mask,
 * poll, ELCR, level/edge inputs, spurious IRQ 7/15. The master's INT output goes to the CPU's INTR
 * line; the CPU acknowledges with picReadIrq.
 */
import { MemoryRegion } from '@tsemu/memory';
import {
  type DeviceClass,
  type DeviceState,
  definePropBool,
  definePropUint8,
  definePropUint32,
  deviceClassSetProps,
  type IRQState,
  type QomObject,
  qdevConnectGpioOut,
  qdevGetGpioIn,
  qdevInitGpioIn,
  qdevInitGpioOut,
  qdevNew,
  qdevPropSet,
  qdevRealizeAndUnref,
  qdevSetGpioOut,
  typeRegister,
} from '@tsemu/qdev';
import { type ISABus, ISADevice, isaRegisterIoport, TYPE_ISA_DEVICE } from '../isa/isa-bus.js';

export const TYPE_PIC_COMMON = 'pic-common';
export const TYPE_I8259 = 'isa-i8259';

/** PICCommonState */
export class PICCommonState extends ISADevice {
  lastIrr = 0;
  irr = 0;
  imr = 0;
  isr = 0;
  priorityAdd = 0;
  irqBase = 0;
  readRegSelect = 0;
  poll = 0;
  specialMask = 0;
  initState = 0;
  autoEoi = 0;
  rotateOnAutoEoi = 0;
  specialFullyNestedMode = 0;
  init4 = 0;
  singleMode = 0;
  elcr = 0;
  elcrMask = 0;
  ltim = 0;
  master = false;
  iobase = 0;
  elcrAddr = 0;
  /** the slave of a master (pic_read_irq cascades through it) */
  slave: PICCommonState | undefined;
  /** per-input interrupt counts (info irq) */
  irqCount = new Array<number>(8).fill(0);
  /** "pic": the two command/data ports */
  io!: MemoryRegion;
  /** "elcr": the edge/level control register */
  elcrIo!: MemoryRegion;
}

/** get_priority: 8 when no bit is set */
function getPriority(s: PICCommonState, mask: number): number {
  if (mask === 0) return 8;
  let priority = 0;
  while ((mask & (1 << ((priority + s.priorityAdd) & 7))) === 0) priority++;
  return priority;
}

/** pic_get_irq: the input to request, or -1 */
export function picGetIrq(s: PICCommonState): number {
  let mask = s.irr & ~s.imr;
  const priority = getPriority(s, mask);
  if (priority === 8) return -1;
  // an interrupt of higher priority in service blocks it (fully nested mode keeps the cascade open)
  mask = s.isr;
  if (s.specialMask) mask &= ~s.imr;
  if (s.specialFullyNestedMode && s.master) mask &= ~(1 << 2);
  const curPriority = getPriority(s, mask);
  return priority < curPriority ? (priority + s.priorityAdd) & 7 : -1;
}

function picUpdateIrq(s: PICCommonState): void {
  qdevSetGpioOut(s, undefined, 0, picGetIrq(s) >= 0 ? 1 : 0);
}

/** pic_set_irq: an input line changed */
function picSetIrq(opaque: unknown, irq: number, level: number): void {
  const s = opaque as PICCommonState;
  const mask = 1 << irq;
  if (level) s.irqCount[irq]++;
  // the trigger mode comes from the ELCR only: QEMU 7.2 records ICW1's LTIM bit but ignores it
  if (s.elcr & mask) {
    if (level) {
      s.irr |= mask;
      s.lastIrr |= mask;
    } else {
      s.irr &= ~mask;
      s.lastIrr &= ~mask;
    }
  } else if (level) {
    if ((s.lastIrr & mask) === 0) s.irr |= mask;
    s.lastIrr |= mask;
  } else {
    s.lastIrr &= ~mask;
  }
  picUpdateIrq(s);
}

/** pic_intack */
function picIntack(s: PICCommonState, irq: number): void {
  if (s.autoEoi) {
    if (s.rotateOnAutoEoi) s.priorityAdd = (irq + 1) & 7;
  } else {
    s.isr |= 1 << irq;
  }
  // a level-triggered request stays in IRR until the line goes down
  if (!(s.elcr & (1 << irq))) s.irr &= ~(1 << irq);
  picUpdateIrq(s);
}

/** pic_read_irq: the INTA cycle of the CPU; returns the vector. */
export function picReadIrq(s: PICCommonState): number {
  let irq = picGetIrq(s);
  let intno: number;
  if (irq >= 0) {
    if (irq === 2 && s.slave) {
      const slave = s.slave;
      let irq2 = picGetIrq(slave);
      if (irq2 >= 0) picIntack(slave, irq2);
      else irq2 = 7; // spurious IRQ on the slave
      intno = slave.irqBase + irq2;
    } else {
      intno = s.irqBase + irq;
    }
    picIntack(s, irq);
  } else {
    irq = 7; // spurious IRQ on the master
    intno = s.irqBase + irq;
  }
  return intno;
}

/** pic_reset_common: what ICW1 and reset clear (not the ELCR) */
function picResetCommon(s: PICCommonState): void {
  s.lastIrr = 0;
  s.irr &= s.elcr;
  s.imr = 0;
  s.isr = 0;
  s.priorityAdd = 0;
  s.irqBase = 0;
  s.readRegSelect = 0;
  s.poll = 0;
  s.specialMask = 0;
  s.initState = 0;
  s.autoEoi = 0;
  s.rotateOnAutoEoi = 0;
  s.specialFullyNestedMode = 0;
  s.init4 = 0;
  s.singleMode = 0;
}

function picInitReset(s: PICCommonState): void {
  picResetCommon(s);
  picUpdateIrq(s);
}

function picReset(dev: DeviceState): void {
  const s = dev as PICCommonState;
  s.elcr = 0;
  picInitReset(s);
}

export function picIoportWrite(s: PICCommonState, addr: number, val: number): void {
  val &= 0xff;
  if ((addr & 1) === 0) {
    if (val & 0x10) {
      // ICW1
      picInitReset(s);
      s.initState = 1;
      s.init4 = val & 1;
      s.singleMode = val & 2;
      s.ltim = val & 8;
    } else if (val & 0x08) {
      // OCW3
      if (val & 0x04) s.poll = 1;
      if (val & 0x02) s.readRegSelect = val & 1;
      if (val & 0x40) s.specialMask = (val >> 5) & 1;
    } else {
      // OCW2
      const cmd = val >> 5;
      switch (cmd) {
        case 0:
        case 4:
          s.rotateOnAutoEoi = cmd >> 2;
          break;
        case 1: // non-specific EOI
        case 5: {
          // ... with rotation
          const priority = getPriority(s, s.isr);
          if (priority !== 8) {
            const irq = (priority + s.priorityAdd) & 7;
            s.isr &= ~(1 << irq);
            if (cmd === 5) s.priorityAdd = (irq + 1) & 7;
            picUpdateIrq(s);
          }
          break;
        }
        case 3: // specific EOI
          s.isr &= ~(1 << (val & 7));
          picUpdateIrq(s);
          break;
        case 6: // set priority
          s.priorityAdd = (val + 1) & 7;
          picUpdateIrq(s);
          break;
        case 7: {
          // rotate on specific EOI
          const irq = val & 7;
          s.isr &= ~(1 << irq);
          s.priorityAdd = (irq + 1) & 7;
          picUpdateIrq(s);
          break;
        }
        default:
          break;
      }
    }
    return;
  }
  switch (s.initState) {
    case 0: // OCW1
      s.imr = val;
      picUpdateIrq(s);
      break;
    case 1: // ICW2
      s.irqBase = val & 0xf8;
      s.initState = s.singleMode ? (s.init4 ? 3 : 0) : 2;
      break;
    case 2: // ICW3
      s.initState = s.init4 ? 3 : 0;
      break;
    case 3: // ICW4
      s.specialFullyNestedMode = (val >> 4) & 1;
      s.autoEoi = (val >> 1) & 1;
      s.initState = 0;
      break;
  }
}

export function picIoportRead(s: PICCommonState, addr: number): number {
  if (s.poll) {
    let ret = picGetIrq(s);
    if (ret >= 0) {
      picIntack(s, ret);
      ret |= 0x80;
    } else {
      ret = 0;
    }
    s.poll = 0;
    return ret;
  }
  if ((addr & 1) === 0) return s.readRegSelect ? s.isr : s.irr;
  return s.imr;
}

/** pic_print_info: one `info pic` line */
export function picPrintInfo(s: PICCommonState): string {
  const h = (v: number) => v.toString(16).padStart(2, '0');
  return (
    `pic${s.master ? 0 : 1}: irr=${h(s.irr)} imr=${h(s.imr)} isr=${h(s.isr)} hprio=${s.priorityAdd} ` +
    `irq_base=${h(s.irqBase)} rr_sel=${s.readRegSelect} elcr=${h(s.elcr)} fnm=${s.specialFullyNestedMode}\n`
  );
}

typeRegister<PICCommonState, DeviceClass>({
  name: TYPE_PIC_COMMON,
  parent: TYPE_ISA_DEVICE,
  instance: PICCommonState,
  abstract: true,
  classInit: (dc) => {
    dc.userCreatable = false;
    deviceClassSetProps(dc, [
      definePropUint32('iobase', 'iobase', 0xffffffff),
      definePropUint32('elcr_addr', 'elcrAddr', 0xffffffff),
      definePropUint8('elcr_mask', 'elcrMask', 0xff),
      definePropBool('master', 'master', false),
    ]);
  },
});

typeRegister<PICCommonState, DeviceClass>({
  name: TYPE_I8259,
  parent: TYPE_PIC_COMMON,
  instance: PICCommonState,
  instanceInit: (obj) => {
    const s = obj as PICCommonState;
    qdevInitGpioOut(s, 1);
    qdevInitGpioIn(s, picSetIrq, 8);
  },
  classInit: (dc) => {
    dc.desc = 'ISA PIC';
    dc.realize = (dev) => {
      const s = dev as PICCommonState;
      s.io = MemoryRegion.io(
        'pic',
        2,
        {
          read: (addr) => picIoportRead(s, addr),
          write: (addr, v) => picIoportWrite(s, addr, Number(v)),
          impl: { minAccessSize: 1, maxAccessSize: 1 },
        },
        { owner: s },
      );
      s.elcrIo = MemoryRegion.io(
        'elcr',
        1,
        {
          read: () => s.elcr,
          write: (_a, v) => {
            s.elcr = Number(v) & s.elcrMask;
          },
          impl: { minAccessSize: 1, maxAccessSize: 1 },
        },
        { owner: s },
      );
      isaRegisterIoport(s, s.io, s.iobase);
      if (s.elcrAddr !== 0xffffffff) isaRegisterIoport(s, s.elcrIo, s.elcrAddr);
    };
    dc.reset = picReset;
  },
});

/**
 * i8259_init: the master at 0x20/0x4d0 and the slave at 0xa0/0x4d1 cascaded on IRQ 2; the master's
 * output drives `parentIrq` (the CPU's INTR). Returns the 16 ISA interrupt inputs.
 */
export function i8259Init(
  bus: ISABus,
  parentIrq: QomObject | undefined,
): { irqs: IRQState[]; master: PICCommonState; slave: PICCommonState } {
  const mk = (iobase: number, elcrAddr: number, elcrMask: number, master: boolean) => {
    const dev = qdevNew<PICCommonState>(TYPE_I8259);
    qdevPropSet(dev, 'iobase', iobase);
    qdevPropSet(dev, 'elcr_addr', elcrAddr);
    qdevPropSet(dev, 'elcr_mask', elcrMask);
    qdevPropSet(dev, 'master', master);
    qdevRealizeAndUnref(dev, bus);
    return dev;
  };
  const master = mk(0x20, 0x4d0, 0xf8, true);
  qdevConnectGpioOut(master, 0, parentIrq);
  const irqs: IRQState[] = [];
  for (let i = 0; i < 8; i++) irqs.push(qdevGetGpioIn(master, i));
  const slave = mk(0xa0, 0x4d1, 0xde, false);
  qdevConnectGpioOut(slave, 0, irqs[2]);
  for (let i = 0; i < 8; i++) irqs.push(qdevGetGpioIn(slave, i));
  master.slave = slave;
  return { irqs, master, slave };
}
