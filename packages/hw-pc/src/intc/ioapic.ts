/**
 * The I/O APIC register file (QEMU's hw/intc/ioapic.c, ioapic_common.c): IOREGSEL/IOWIN at 0x00/0x10
 * and the EOI register at 0x40 (version 0x20), ID, version, 24 redirection entries with their
 * read-only delivery-status and remote-IRR bits, IRR for the 24 input pins (ISA IRQ 0 arrives on
 * pin 2), and its `info pic` lines. Messages go out as MSI writes through `msiWrite` when the machine
 * gives one; without a local APIC (the CPU models here advertise none) nothing receives them.
 */
import { MemoryRegion } from '@tsemu/memory';
import {
  type DeviceClass,
  DeviceState,
  definePropUint8,
  deviceClassSetProps,
  type IRQState,
  objectPropertyAddChild,
  type QomObject,
  qdevGetGpioIn,
  qdevInitGpioIn,
  qdevNew,
  qdevRealizeAndUnref,
  sysbusGetDefault,
  TYPE_SYS_BUS_DEVICE,
  typeRegister,
} from '@tsemu/qdev';

export const TYPE_IOAPIC_COMMON = 'ioapic-common';
export const TYPE_IOAPIC = 'ioapic';
export const IOAPIC_NUM_PINS = 24;
export const IO_APIC_DEFAULT_ADDRESS = 0xfec00000;

const IOAPIC_IOREGSEL = 0x00;
const IOAPIC_IOWIN = 0x10;
const IOAPIC_EOI = 0x40;
const IOAPIC_REG_ID = 0x00;
const IOAPIC_REG_VER = 0x01;
const IOAPIC_REG_ARB = 0x02;
const IOAPIC_REG_REDTBL_BASE = 0x10;
const IOAPIC_ID_SHIFT = 24;
const IOAPIC_ID_MASK = 0xf;
const IOAPIC_VER_ENTRIES_SHIFT = 16;

const LVT_DEST_SHIFT = 56n;
const LVT_MASKED = 1n << 16n;
const LVT_TRIGGER_MODE = 1n << 15n;
const LVT_REMOTE_IRR = 1n << 14n;
const LVT_POLARITY = 1n << 13n;
const LVT_DELIV_STATUS = 1n << 12n;
const LVT_DEST_MODE = 1n << 11n;
const LVT_DELIV_MODE_SHIFT = 8n;
const LVT_DELIV_MODE = 7n << 8n;
const VECTOR_MASK = 0xffn;
const RO_BITS = LVT_REMOTE_IRR | LVT_DELIV_STATUS;
const U64 = (1n << 64n) - 1n;
const RW_BITS = U64 & ~RO_BITS;

export class IOAPICCommonState extends DeviceState {
  /** the I/O APIC ID register (4 bits) */
  apicId = 0;
  ioregsel = 0;
  irr = 0;
  version = 0x20;
  ioredtbl = new Array<bigint>(IOAPIC_NUM_PINS).fill(LVT_MASKED);
  irqCount = new Array<number>(IOAPIC_NUM_PINS).fill(0);
  /** where an unmasked interrupt's message goes (address_space_stl_le to the MSI window) */
  msiWrite: ((addr: number, data: number) => void) | undefined;
  /** "ioapic": the 4 KiB MMIO window the machine maps at 0xfec00000 */
  io!: MemoryRegion;
}

/** ioapic_entry_parse: the MSI address and data of a redirection entry */
function entryMessage(entry: bigint): { addr: number; data: number } {
  const dest = Number((entry >> LVT_DEST_SHIFT) & 0xffn);
  const destMode = Number((entry >> 11n) & 1n);
  const delivMode = Number((entry & LVT_DELIV_MODE) >> LVT_DELIV_MODE_SHIFT);
  const trig = Number((entry >> 15n) & 1n);
  const vector = Number(entry & VECTOR_MASK);
  return {
    addr: 0xfee00000 | (dest << 12) | (destMode << 2),
    data: vector | (delivMode << 8) | (trig << 15),
  };
}

/** ioapic_service: deliver every pending unmasked pin */
function ioapicService(s: IOAPICCommonState): void {
  for (let i = 0; i < IOAPIC_NUM_PINS; i++) {
    const mask = 1 << i;
    if (!(s.irr & mask)) continue;
    const entry = s.ioredtbl[i];
    if (entry & LVT_MASKED) continue;
    let coalesce = false;
    if (!(entry & LVT_TRIGGER_MODE)) {
      s.irr &= ~mask;
    } else {
      coalesce = (entry & LVT_REMOTE_IRR) !== 0n;
      s.ioredtbl[i] |= LVT_REMOTE_IRR;
    }
    // a level interrupt still being handled is not sent again
    if (coalesce) continue;
    const msg = entryMessage(entry);
    s.msiWrite?.(msg.addr, msg.data);
  }
}

/** ioapic_set_irq: ISA IRQ 0 goes to pin 2, everything else 1:1 */
function ioapicSetIrq(opaque: unknown, vector: number, level: number): void {
  const s = opaque as IOAPICCommonState;
  if (level) s.irqCount[vector]++;
  if (vector === 0) vector = 2;
  if (vector >= IOAPIC_NUM_PINS) return;
  const mask = 1 << vector;
  const entry = s.ioredtbl[vector];
  if (entry & LVT_TRIGGER_MODE) {
    if (level) {
      s.irr |= mask;
      if (!(entry & LVT_REMOTE_IRR)) ioapicService(s);
    } else {
      s.irr &= ~mask;
    }
  } else if (level && !(entry & LVT_MASKED)) {
    // edges on a masked pin are ignored (82093AA)
    s.irr |= mask;
    ioapicService(s);
  }
}

/** ioapic_eoi_broadcast for this I/O APIC: a local APIC's EOI of `vector` */
export function ioapicEoiBroadcast(s: IOAPICCommonState, vector: number): void {
  for (let n = 0; n < IOAPIC_NUM_PINS; n++) {
    const entry = s.ioredtbl[n];
    if (Number(entry & VECTOR_MASK) !== vector || !(entry & LVT_TRIGGER_MODE)) continue;
    if (!(entry & LVT_REMOTE_IRR)) continue;
    s.ioredtbl[n] = entry & ~LVT_REMOTE_IRR;
    if (!(entry & LVT_MASKED) && s.irr & (1 << n)) ioapicService(s);
  }
}

export function ioapicMemRead(s: IOAPICCommonState, addr: number, size: number): number {
  switch (addr & 0xff) {
    case IOAPIC_IOREGSEL:
      return s.ioregsel;
    case IOAPIC_IOWIN: {
      if (size !== 4) return 0;
      switch (s.ioregsel) {
        case IOAPIC_REG_ID:
        case IOAPIC_REG_ARB:
          return (s.apicId << IOAPIC_ID_SHIFT) >>> 0;
        case IOAPIC_REG_VER:
          return s.version | ((IOAPIC_NUM_PINS - 1) << IOAPIC_VER_ENTRIES_SHIFT);
        default: {
          const index = (s.ioregsel - IOAPIC_REG_REDTBL_BASE) >> 1;
          if (index < 0 || index >= IOAPIC_NUM_PINS) return 0;
          const e = s.ioredtbl[index];
          return Number(s.ioregsel & 1 ? e >> 32n : e & 0xffffffffn);
        }
      }
    }
    default:
      return 0;
  }
}

export function ioapicMemWrite(s: IOAPICCommonState, addr: number, val: number, size: number): void {
  switch (addr & 0xff) {
    case IOAPIC_IOREGSEL:
      s.ioregsel = val & 0xff;
      break;
    case IOAPIC_IOWIN: {
      if (size !== 4) break;
      switch (s.ioregsel) {
        case IOAPIC_REG_ID:
          s.apicId = (val >>> IOAPIC_ID_SHIFT) & IOAPIC_ID_MASK;
          break;
        case IOAPIC_REG_VER:
        case IOAPIC_REG_ARB:
          break;
        default: {
          const index = (s.ioregsel - IOAPIC_REG_REDTBL_BASE) >> 1;
          if (index < 0 || index >= IOAPIC_NUM_PINS) break;
          let e = s.ioredtbl[index];
          const ro = e & RO_BITS;
          const v = BigInt(val >>> 0);
          e = s.ioregsel & 1 ? (e & 0xffffffffn) | (v << 32n) : (e & ~0xffffffffn & U64) | v;
          e = (e & RW_BITS) | ro;
          // ioapic_fix_edge_remote_irr: an edge entry has no remote IRR
          if (!(e & LVT_TRIGGER_MODE)) e &= ~LVT_REMOTE_IRR;
          s.ioredtbl[index] = e;
          ioapicService(s);
        }
      }
      break;
    }
    case IOAPIC_EOI:
      // the EOI register exists from version 0x20
      if (size === 4 && s.version === 0x20) ioapicEoiBroadcast(s, val & 0xff);
      break;
  }
}

function irrDump(name: string, bitmap: number): string {
  let out = `${name.padEnd(10)} `;
  if (bitmap === 0) return `${out}(none)\n`;
  for (let i = 0; i < IOAPIC_NUM_PINS; i++) if (bitmap & (1 << i)) out += `${String(i).padEnd(2)} `;
  return `${out}\n`;
}

const DELM_STR = ['fixed', 'lowest', 'SMI', '...', 'NMI', 'INIT', '...', 'extINT'];

/** ioapic_print_redtbl: the I/O APIC's `info pic` lines */
export function ioapicPrintRedtbl(s: IOAPICCommonState): string {
  const h2 = (v: number) => v.toString(16).padStart(2, '0');
  let out = `ioapic0: ver=0x${s.version.toString(16)} id=0x${h2(s.apicId)} sel=0x${h2(s.ioregsel)}`;
  out += s.ioregsel ? ` (redir[${(s.ioregsel - IOAPIC_REG_REDTBL_BASE) >> 1}])\n` : '\n';
  let remoteIrr = 0;
  for (let i = 0; i < IOAPIC_NUM_PINS; i++) {
    const e = s.ioredtbl[i];
    const delm = Number((e & LVT_DELIV_MODE) >> LVT_DELIV_MODE_SHIFT);
    const dest = (e >> LVT_DEST_SHIFT) & (e & LVT_DEST_MODE ? 0xffn : 0xfn);
    out +=
      `  pin ${String(i).padEnd(2)} 0x${e.toString(16).padStart(16, '0')} dest=${dest.toString(16)}` +
      ` vec=${String(e & VECTOR_MASK).padEnd(3)} ${e & LVT_POLARITY ? 'active-lo' : 'active-hi'}` +
      ` ${(e & LVT_TRIGGER_MODE ? 'level' : 'edge').padEnd(5)} ${(e & LVT_MASKED ? 'masked' : '').padEnd(6)}` +
      ` ${DELM_STR[delm].padEnd(6)} ${e & LVT_DEST_MODE ? 'logical' : 'physical'}\n`;
    if (e & LVT_TRIGGER_MODE && e & LVT_REMOTE_IRR) remoteIrr |= 1 << i;
  }
  return out + irrDump('  IRR', s.irr) + irrDump('  Remote IRR', remoteIrr);
}

/** ioapic_reset_common */
function ioapicReset(dev: DeviceState): void {
  const s = dev as IOAPICCommonState;
  s.apicId = 0;
  s.ioregsel = 0;
  s.irr = 0;
  s.ioredtbl.fill(LVT_MASKED);
}

typeRegister<IOAPICCommonState, DeviceClass>({
  name: TYPE_IOAPIC_COMMON,
  parent: TYPE_SYS_BUS_DEVICE,
  instance: IOAPICCommonState,
  abstract: true,
  classInit: (dc) => {
    dc.userCreatable = false;
  },
});

typeRegister<IOAPICCommonState, DeviceClass>({
  name: TYPE_IOAPIC,
  parent: TYPE_IOAPIC_COMMON,
  instance: IOAPICCommonState,
  instanceInit: (obj) => {
    const s = obj as IOAPICCommonState;
    qdevInitGpioIn(s, ioapicSetIrq, IOAPIC_NUM_PINS);
  },
  classInit: (dc) => {
    deviceClassSetProps(dc, [definePropUint8('version', 'version', 0x20)]);
    dc.realize = (dev) => {
      const s = dev as IOAPICCommonState;
      if (s.version !== 0x11 && s.version !== 0x20)
        throw new Error(`IOAPIC only supports version 0x11 or 0x20 (default: 0x20).`);
      s.io = MemoryRegion.io(
        'ioapic',
        0x1000,
        {
          read: (addr, size) => ioapicMemRead(s, addr, size),
          write: (addr, v, size) => ioapicMemWrite(s, addr, Number(v), size),
          impl: { minAccessSize: 4, maxAccessSize: 4 },
        },
        { owner: s },
      );
    };
    dc.reset = ioapicReset;
  },
});

/**
 * ioapic_init_gsi: the I/O APIC as child "ioapic" of `parent` (the i440FX host bridge on a PC),
 * mapped at 0xfec00000 of `systemMemory`; returns it with its 24 GSI inputs.
 */
export function ioapicInitGsi(
  parent: QomObject | undefined,
  systemMemory: MemoryRegion,
): { ioapic: IOAPICCommonState; irqs: IRQState[] } {
  const dev = qdevNew<IOAPICCommonState>(TYPE_IOAPIC);
  if (parent) objectPropertyAddChild(parent, 'ioapic', dev);
  qdevRealizeAndUnref(dev, sysbusGetDefault());
  systemMemory.addSubregion(IO_APIC_DEFAULT_ADDRESS, dev.io);
  const irqs: IRQState[] = [];
  for (let i = 0; i < IOAPIC_NUM_PINS; i++) irqs.push(qdevGetGpioIn(dev, i));
  return { ioapic: dev, irqs };
}
