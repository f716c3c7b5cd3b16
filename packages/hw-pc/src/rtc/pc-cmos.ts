/**
 * The CMOS fields the pc machine fills for the BIOS (QEMU's pc_cmos_init and pc_cmos_init_late in
 * hw/i386/pc.c, x86_rtc_set_cpus_count): memory sizes, equipment byte, boot order, floppy and
 * hard-disk types. The machine calls pcCmosInit once after creating the RTC, and
 * pcCmosInitLate at every reset (QEMU registers it as a reset handler).
 */
import { type RTCState, rtcGetMemory, rtcSetMemory } from './mc146818rtc.js';

const KiB = 1024;
const MiB = 1024 * KiB;
export const REG_EQUIPMENT_BYTE = 0x14;

export type FloppyDriveType = '144' | '288' | '120' | 'none';

export interface HdGeometry {
  cylinders: number;
  heads: number;
  sectors: number;
  /** BIOS translation (ide_get_bios_chs_trans): 1 none, 2 lba, 3 large, 4 rechs */
  trans: number;
}

export interface PcCmosConfig {
  /** RAM below 4 GiB, bytes */
  belowRamSize: number;
  /** RAM above 4 GiB, bytes */
  aboveRamSize?: number;
  /** -boot order (default "cad") */
  bootOrder?: string;
  /** -boot strict floppy signature check (fd_bootchk, default on) */
  fdBootchk?: boolean;
  /** boot vCPUs for byte 0x5f (default 1) */
  bootCpus?: number;
}

export interface PcCmosLateConfig {
  /** drives of the first two IDE buses: primary master, primary slave, secondary master, slave */
  ide?: (HdGeometry | undefined)[];
  /** drive types of the first floppy controller's two drives (none when there is no fdc) */
  floppy?: [FloppyDriveType, FloppyDriveType];
}

/** boot_device2nibble */
function bootDevice2Nibble(c: string): number {
  switch (c) {
    case 'a':
    case 'b':
      return 0x01; // floppy
    case 'c':
      return 0x02; // hard disk
    case 'd':
      return 0x03; // CD-ROM
    case 'n':
      return 0x04; // network
    default:
      return 0;
  }
}

/** set_boot_dev: QEMU's errors for a bad -boot order */
export function setBootDev(s: RTCState, bootDevice: string, fdBootchk = true): void {
  if (bootDevice.length > 3) throw new Error('Too many boot devices for PC');
  const bds = [0, 0, 0];
  for (let i = 0; i < bootDevice.length; i++) {
    bds[i] = bootDevice2Nibble(bootDevice[i]);
    if (bds[i] === 0) throw new Error(`Invalid boot device for PC: '${bootDevice[i]}'`);
  }
  rtcSetMemory(s, 0x3d, (bds[1] << 4) | bds[0]);
  rtcSetMemory(s, 0x38, (bds[2] << 4) | (fdBootchk ? 0x0 : 0x1));
}

/** pc_cmos_init */
export function pcCmosInit(s: RTCState, cfg: PcCmosConfig): void {
  const below = cfg.belowRamSize;
  // base memory (first MiB)
  let val = Math.min(Math.floor(below / KiB), 640);
  rtcSetMemory(s, 0x15, val);
  rtcSetMemory(s, 0x16, val >> 8);
  // extended memory (next 64 MiB)
  val = below > 1 * MiB ? Math.floor((below - 1 * MiB) / KiB) : 0;
  if (val > 65535) val = 65535;
  rtcSetMemory(s, 0x17, val);
  rtcSetMemory(s, 0x18, val >> 8);
  rtcSetMemory(s, 0x30, val);
  rtcSetMemory(s, 0x31, val >> 8);
  // memory between 16 MiB and 4 GiB, in 64 KiB
  val = below > 16 * MiB ? Math.floor((below - 16 * MiB) / (64 * KiB)) : 0;
  if (val > 65535) val = 65535;
  rtcSetMemory(s, 0x34, val);
  rtcSetMemory(s, 0x35, val >> 8);
  // memory above 4 GiB, in 64 KiB
  val = Math.floor((cfg.aboveRamSize ?? 0) / 65536);
  rtcSetMemory(s, 0x5b, val);
  rtcSetMemory(s, 0x5c, val >> 8);
  rtcSetMemory(s, 0x5d, val >> 16);
  // x86_rtc_set_cpus_count
  const cpus = cfg.bootCpus ?? 1;
  rtcSetMemory(s, 0x5f, cpus > 0xff ? 0 : cpus - 1);
  setBootDev(s, cfg.bootOrder ?? 'cad', cfg.fdBootchk ?? true);
  // FPU present, PS/2 mouse installed
  rtcSetMemory(s, REG_EQUIPMENT_BYTE, 0x02 | 0x04);
}

function cmosInitHd(s: RTCState, typeOfs: number, infoOfs: number, g: HdGeometry): void {
  rtcSetMemory(s, typeOfs, 47); // user-defined type
  rtcSetMemory(s, infoOfs, g.cylinders);
  rtcSetMemory(s, infoOfs + 1, g.cylinders >> 8);
  rtcSetMemory(s, infoOfs + 2, g.heads);
  rtcSetMemory(s, infoOfs + 3, 0xff);
  rtcSetMemory(s, infoOfs + 4, 0xff);
  rtcSetMemory(s, infoOfs + 5, 0xc0 | ((g.heads > 8 ? 1 : 0) << 3));
  rtcSetMemory(s, infoOfs + 6, g.cylinders);
  rtcSetMemory(s, infoOfs + 7, g.cylinders >> 8);
  rtcSetMemory(s, infoOfs + 8, g.sectors);
}

/** cmos_get_fd_drive_type */
function cmosFdDriveType(t: FloppyDriveType): number {
  switch (t) {
    case '144':
      return 4;
    case '288':
      return 5;
    case '120':
      return 2;
    default:
      return 0;
  }
}

/** pc_cmos_init_late: disk geometry and floppy fields, rewritten at each reset */
export function pcCmosInitLate(s: RTCState, cfg: PcCmosLateConfig = {}): void {
  const ide = cfg.ide ?? [];
  let val = 0;
  if (ide[0]) {
    cmosInitHd(s, 0x19, 0x1b, ide[0]);
    val |= 0xf0;
  }
  if (ide[1]) {
    cmosInitHd(s, 0x1a, 0x24, ide[1]);
    val |= 0x0f;
  }
  rtcSetMemory(s, 0x12, val);
  val = 0;
  for (let i = 0; i < 4; i++) {
    const g = ide[i];
    if (g) val |= ((g.trans - 1) & 3) << (i * 2);
  }
  rtcSetMemory(s, 0x39, val);
  // pc_cmos_init_floppy
  const fd = cfg.floppy ?? ['none', 'none'];
  rtcSetMemory(s, 0x10, (cmosFdDriveType(fd[0]) << 4) | cmosFdDriveType(fd[1]));
  val = rtcGetMemory(s, REG_EQUIPMENT_BYTE);
  const nb = fd.filter((t) => t !== 'none').length;
  if (nb === 1) val |= 0x01;
  else if (nb === 2) val |= 0x41;
  rtcSetMemory(s, REG_EQUIPMENT_BYTE, val);
}
