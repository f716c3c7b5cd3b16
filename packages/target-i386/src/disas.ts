/**
 * An i386 disassembler for `-d in_asm`: AT&T syntax in the style QEMU 7.2 prints through capstone
 * ("0x00100020:  89 3d ed 00 10 00        movl     %edi, 0x1000ed"). Covers the integer, system and
 * x87-escape opcode maps the translator implements; anything else is "(bad)".
 */

const R32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];
const R16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'];
const R8 = ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'];
const SREG = ['es', 'cs', 'ss', 'ds', 'fs', 'gs', '?', '?'];
const CC = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'];
const ALU = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];
const SHIFT = ['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'sal', 'sar'];
const SUF = ['b', 'w', 'l'];
const LOCKABLE =
  /^(add|or|adc|sbb|and|sub|xor|inc|dec|neg|not|xchg|xadd|cmpxchg|cmpxchg8b|bts|btr|btc)[bwl]?$/;

/** capstone's number style: decimal below 10, else hex; negative with a minus */
function num(v: number): string {
  if (v < 0) return `-${num(-v)}`;
  return v < 10 ? String(v) : `0x${v.toString(16)}`;
}
function imm(v: number, ot: number): string {
  const mask = ot === 0 ? 0xff : ot === 1 ? 0xffff : 0xffffffff;
  return `$${num((v & mask) >>> 0)}`;
}

export interface DisasInsn {
  /** bytes consumed */
  length: number;
  mnemonic: string;
  operands: string;
}

class Reader {
  constructor(
    readonly fetch: (addr: number) => number,
    public pc: number,
  ) {}
  u8(): number {
    const v = this.fetch(this.pc >>> 0) & 0xff;
    this.pc = (this.pc + 1) | 0;
    return v;
  }
  s8(): number {
    return (this.u8() << 24) >> 24;
  }
  u16(): number {
    return this.u8() | (this.u8() << 8);
  }
  s16(): number {
    return (this.u16() << 16) >> 16;
  }
  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }
  s32(): number {
    return this.u32() | 0;
  }
}

/** Decode one instruction at `pc` (linear), reading bytes through fetch; code32 = CS.D. */
export function disasOne(fetch: (addr: number) => number, pc: number, code32: boolean): DisasInsn {
  const r = new Reader(fetch, pc);
  let opsize = code32;
  let adsize = code32;
  let seg = '';
  let rep = '';
  let lock = '';
  let b: number;
  for (;;) {
    b = r.u8();
    if (b === 0x66) opsize = !code32;
    else if (b === 0x67) adsize = !code32;
    else if (b === 0xf0) lock = 'lock ';
    else if (b === 0xf2) rep = 'repne ';
    else if (b === 0xf3) rep = 'rep ';
    else if ([0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65].includes(b))
      seg = SREG[[0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65].indexOf(b)];
    else break;
    if (r.pc - pc > 14) break;
  }
  const dOt = opsize ? 2 : 1;
  const reg = (ot: number, n: number) => `%${ot === 0 ? R8[n] : ot === 1 ? R16[n] : R32[n]}`;
  let modrmByte = -1;
  const modrm = () => {
    if (modrmByte < 0) modrmByte = r.u8();
    return modrmByte;
  };
  const ea = (ot: number): string => {
    const m = modrm();
    const mod = m >> 6;
    const rm = m & 7;
    if (mod === 3) return reg(ot, rm);
    const segp = seg ? `%${seg}:` : '';
    if (!adsize) {
      const base = ['%bx, %si', '%bx, %di', '%bp, %si', '%bp, %di', '%si', '%di', '%bp', '%bx'][rm];
      let disp = 0;
      if (mod === 0 && rm === 6) return `${segp}${num(r.u16())}`;
      if (mod === 1) disp = r.s8();
      else if (mod === 2) disp = r.s16();
      return `${segp}${disp ? num(disp) : ''}(${base})`;
    }
    let base = rm;
    let index = -1;
    let scale = 0;
    if (rm === 4) {
      const sib = r.u8();
      scale = sib >> 6;
      index = (sib >> 3) & 7;
      base = sib & 7;
      if (index === 4) index = -1;
    }
    let disp = 0;
    let noBase = false;
    if (mod === 0 && base === 5) {
      noBase = true;
      disp = r.s32();
    } else if (mod === 1) disp = r.s8();
    else if (mod === 2) disp = r.s32();
    if (noBase && index < 0) return `${segp}${num(disp >>> 0)}`;
    const parts = `${noBase ? '' : `%${R32[base]}`}${index >= 0 ? `, %${R32[index]}, ${1 << scale}` : ''}`;
    return `${segp}${disp ? num(disp) : ''}(${parts})`;
  };
  const regf = (ot: number) => reg(ot, (modrm() >> 3) & 7);
  const rel = (d: number) => {
    let t = (r.pc + d) | 0;
    if (!opsize) t &= 0xffff;
    return num(t >>> 0);
  };
  const out = (mnemonic: string, operands = ''): DisasInsn => {
    // lock is only valid with a memory destination of the read-modify-write instructions
    if (lock && (modrmByte < 0 || modrmByte >> 6 === 3 || !LOCKABLE.test(mnemonic))) {
      return { length: 1, mnemonic: '.byte', operands: '0xf0' };
    }
    return { length: r.pc - pc, mnemonic: `${lock}${mnemonic}`, operands };
  };
  // undecodable: capstone shows the first byte as data and resumes after it
  const bad = (): DisasInsn => ({
    length: 1,
    mnemonic: '.byte',
    operands: `0x${(fetch(pc >>> 0) & 0xff).toString(16).padStart(2, '0')}`,
  });

  if (b < 0x40 && (b & 7) < 6) {
    const op = ALU[(b >> 3) & 7];
    const ot = b & 1 ? dOt : 0;
    switch ((b & 7) >> 1) {
      case 0:
        return out(`${op}${SUF[ot]}`, `${regf(ot)}, ${ea(ot)}`);
      case 1: {
        const e = ea(ot);
        return out(`${op}${SUF[ot]}`, `${e}, ${regf(ot)}`);
      }
      default: {
        const v = ot === 0 ? r.u8() : ot === 1 ? r.u16() : r.u32();
        return out(`${op}${SUF[ot]}`, `${imm(v, ot)}, ${reg(ot, 0)}`);
      }
    }
  }
  const str = (name: string, ot: number, src: boolean, dst: boolean, acc: 'src' | 'dst' | '') => {
    const si = `${seg ? `%${seg}:` : ''}(%${adsize ? 'esi' : 'si'})`;
    const di = `%es:(%${adsize ? 'edi' : 'di'})`;
    const a = reg(ot, 0);
    let ops = '';
    if (src && dst) ops = name === 'cmps' ? `${di}, ${si}` : `${si}, ${di}`;
    else if (acc === 'dst') ops = src ? `${si}, ${a}` : `${di}, ${a}`;
    else if (acc === 'src') ops = `${a}, ${di}`;
    const p = rep && (name === 'cmps' || name === 'scas') ? (rep === 'rep ' ? 'repe ' : 'repne ') : rep;
    return out(`${p}${name}${SUF[ot]}`, ops);
  };
  switch (b) {
    case 0x06:
    case 0x0e:
    case 0x16:
    case 0x1e:
      return out(opsize ? 'pushl' : 'pushw', `%${SREG[b >> 3]}`);
    case 0x07:
    case 0x17:
    case 0x1f:
      return out(opsize ? 'popl' : 'popw', `%${SREG[b >> 3]}`);
    case 0x27:
      return out('daa');
    case 0x2f:
      return out('das');
    case 0x37:
      return out('aaa');
    case 0x3f:
      return out('aas');
    case 0x60:
      return out(opsize ? 'pushal' : 'pushaw');
    case 0x61:
      return out(opsize ? 'popal' : 'popaw');
    case 0x62:
      if (modrm() >> 6 === 3) return bad();
      return out('bound', `${ea(dOt)}, ${regf(dOt)}`);
    case 0x63:
      return out('arpl', `${regf(1)}, ${ea(1)}`);
    case 0x68:
      return out(opsize ? 'pushl' : 'pushw', imm(opsize ? r.u32() : r.u16(), dOt));
    case 0x6a:
      return out(opsize ? 'pushl' : 'pushw', imm(r.s8(), dOt));
    case 0x69:
    case 0x6b: {
      const e = ea(dOt);
      const v = b === 0x6b ? r.s8() : opsize ? r.u32() : r.u16();
      return out(`imul${SUF[dOt]}`, `${imm(v, dOt)}, ${e}, ${regf(dOt)}`);
    }
    case 0x6c:
    case 0x6d:
      return out(`${rep}ins${SUF[b & 1 ? dOt : 0]}`, `%dx, %es:(%${adsize ? 'edi' : 'di'})`);
    case 0x6e:
    case 0x6f:
      return out(
        `${rep}outs${SUF[b & 1 ? dOt : 0]}`,
        `${seg ? `%${seg}:` : ''}(%${adsize ? 'esi' : 'si'}), %dx`,
      );
    case 0x80:
    case 0x81:
    case 0x82:
    case 0x83: {
      const ot = b & 1 ? dOt : 0;
      const op = ALU[(modrm() >> 3) & 7];
      const e = ea(ot);
      const v = b === 0x83 ? r.s8() : ot === 0 ? r.u8() : ot === 1 ? r.u16() : r.u32();
      return out(`${op}${SUF[ot]}`, `${imm(v, ot)}, ${e}`);
    }
    case 0x84:
    case 0x85:
    case 0x86:
    case 0x87:
    case 0x88:
    case 0x89: {
      const ot = b & 1 ? dOt : 0;
      const name = b < 0x86 ? 'test' : b < 0x88 ? 'xchg' : 'mov';
      return out(`${name}${SUF[ot]}`, `${regf(ot)}, ${ea(ot)}`);
    }
    case 0x8a:
    case 0x8b: {
      const ot = b & 1 ? dOt : 0;
      const e = ea(ot);
      return out(`mov${SUF[ot]}`, `${e}, ${regf(ot)}`);
    }
    case 0x8c: {
      const m = modrm();
      return out(
        m >> 6 === 3 ? `mov${SUF[dOt]}` : 'movw',
        `%${SREG[(m >> 3) & 7]}, ${ea(m >> 6 === 3 ? dOt : 1)}`,
      );
    }
    case 0x8d: {
      if (modrm() >> 6 === 3) return bad();
      const e = ea(dOt);
      return out(`lea${SUF[dOt]}`, `${e}, ${regf(dOt)}`);
    }
    case 0x8e: {
      const m = modrm();
      const ot = m >> 6 === 3 ? dOt : 1;
      return out(`mov${SUF[ot]}`, `${ea(ot)}, %${SREG[(m >> 3) & 7]}`);
    }
    case 0x8f:
      return out(opsize ? 'popl' : 'popw', ea(dOt));
    case 0x90:
      return out(rep === 'rep ' ? 'pause' : 'nop');
    case 0x98:
      return out(opsize ? 'cwtl' : 'cbtw');
    case 0x99:
      return out(opsize ? 'cltd' : 'cwtd');
    case 0x9a:
    case 0xea: {
      const off = opsize ? r.u32() : r.u16();
      const sel = r.u16();
      return out(
        `${b === 0x9a ? 'lcall' : 'ljmp'}${opsize ? 'l' : 'w'}`,
        `$0x${sel.toString(16)}:$0x${off.toString(16)}`,
      );
    }
    case 0x9b:
      return out('wait');
    case 0x9c:
      return out(opsize ? 'pushfl' : 'pushfw');
    case 0x9d:
      return out(opsize ? 'popfl' : 'popfw');
    case 0x9e:
      return out('sahf');
    case 0x9f:
      return out('lahf');
    case 0xa0:
    case 0xa1:
    case 0xa2:
    case 0xa3: {
      const ot = b & 1 ? dOt : 0;
      const m = `${seg ? `%${seg}:` : ''}${num(adsize ? r.u32() : r.u16())}`;
      return out(`mov${SUF[ot]}`, b & 2 ? `${reg(ot, 0)}, ${m}` : `${m}, ${reg(ot, 0)}`);
    }
    case 0xa4:
    case 0xa5:
      return str('movs', b & 1 ? dOt : 0, true, true, '');
    case 0xa6:
    case 0xa7:
      return str('cmps', b & 1 ? dOt : 0, true, true, '');
    case 0xa8:
    case 0xa9: {
      const ot = b & 1 ? dOt : 0;
      const v = ot === 0 ? r.u8() : ot === 1 ? r.u16() : r.u32();
      return out(`test${SUF[ot]}`, `${imm(v, ot)}, ${reg(ot, 0)}`);
    }
    case 0xaa:
    case 0xab:
      return str('stos', b & 1 ? dOt : 0, false, false, 'src');
    case 0xac:
    case 0xad:
      return str('lods', b & 1 ? dOt : 0, true, false, 'dst');
    case 0xae:
    case 0xaf:
      return str('scas', b & 1 ? dOt : 0, false, false, 'dst');
    case 0xc0:
    case 0xc1:
    case 0xd0:
    case 0xd1:
    case 0xd2:
    case 0xd3: {
      const ot = b & 1 ? dOt : 0;
      const op = SHIFT[(modrm() >> 3) & 7];
      const e = ea(ot);
      if (b >= 0xd2) return out(`${op}${SUF[ot]}`, `%cl, ${e}`);
      if (b >= 0xd0) return out(`${op}${SUF[ot]}`, e);
      return out(`${op}${SUF[ot]}`, `$${num(r.u8())}, ${e}`);
    }
    case 0xc2:
      return out(opsize ? 'retl' : 'retw', `$${num(r.u16())}`);
    case 0xc3:
      return out(opsize ? 'retl' : 'retw');
    case 0xc4:
    case 0xc5: {
      if (modrm() >> 6 === 3) return bad();
      const e = ea(dOt);
      return out(`${b === 0xc4 ? 'les' : 'lds'}${SUF[dOt]}`, `${e}, ${regf(dOt)}`);
    }
    case 0xc6:
    case 0xc7: {
      const ot = b & 1 ? dOt : 0;
      if ((modrm() >> 3) & 7) return bad();
      const e = ea(ot);
      const v = ot === 0 ? r.u8() : ot === 1 ? r.u16() : r.u32();
      return out(`mov${SUF[ot]}`, `${imm(v, ot)}, ${e}`);
    }
    case 0xc8: {
      const size = r.u16();
      return out('enter', `$${num(size)}, $${num(r.u8())}`);
    }
    case 0xc9:
      return out('leave');
    case 0xca:
      return out(opsize ? 'lretl' : 'lretw', `$${num(r.u16())}`);
    case 0xcb:
      return out(opsize ? 'lretl' : 'lretw');
    case 0xcc:
      return out('int3');
    case 0xcd:
      return out('int', `$${num(r.u8())}`);
    case 0xce:
      return out('into');
    case 0xcf:
      return out(opsize ? 'iretl' : 'iretw');
    case 0xd4:
    case 0xd5: {
      const base = r.u8();
      return out(b === 0xd4 ? 'aam' : 'aad', base === 10 ? '' : `$${num(base)}`);
    }
    case 0xd6:
      return out('salc');
    case 0xd7:
      return out('xlatb');
    case 0xe0:
    case 0xe1:
    case 0xe2:
    case 0xe3: {
      const d = r.s8();
      const n = ['loopne', 'loope', 'loop', adsize ? 'jecxz' : 'jcxz'][b & 3];
      return out(n, rel(d));
    }
    case 0xe4:
    case 0xe5:
      return out(`in${SUF[b & 1 ? dOt : 0]}`, `$${num(r.u8())}, ${reg(b & 1 ? dOt : 0, 0)}`);
    case 0xe6:
    case 0xe7:
      return out(`out${SUF[b & 1 ? dOt : 0]}`, `${reg(b & 1 ? dOt : 0, 0)}, $${num(r.u8())}`);
    case 0xe8:
      return out(opsize ? 'calll' : 'callw', rel(opsize ? r.s32() : r.s16()));
    case 0xe9:
      return out('jmp', rel(opsize ? r.s32() : r.s16()));
    case 0xeb:
      return out('jmp', rel(r.s8()));
    case 0xec:
    case 0xed:
      return out(`in${SUF[b & 1 ? dOt : 0]}`, `%dx, ${reg(b & 1 ? dOt : 0, 0)}`);
    case 0xee:
    case 0xef:
      return out(`out${SUF[b & 1 ? dOt : 0]}`, `${reg(b & 1 ? dOt : 0, 0)}, %dx`);
    case 0xf1:
      return out('int1');
    case 0xf4:
      return out('hlt');
    case 0xf5:
      return out('cmc');
    case 0xf6:
    case 0xf7: {
      const ot = b & 1 ? dOt : 0;
      const op = (modrm() >> 3) & 7;
      const e = ea(ot);
      if (op < 2)
        return out(`test${SUF[ot]}`, `${imm(ot === 0 ? r.u8() : ot === 1 ? r.u16() : r.u32(), ot)}, ${e}`);
      return out(`${['', '', 'not', 'neg', 'mul', 'imul', 'div', 'idiv'][op]}${SUF[ot]}`, e);
    }
    case 0xf8:
      return out('clc');
    case 0xf9:
      return out('stc');
    case 0xfa:
      return out('cli');
    case 0xfb:
      return out('sti');
    case 0xfc:
      return out('cld');
    case 0xfd:
      return out('std');
    case 0xfe:
    case 0xff: {
      const ot = b & 1 ? dOt : 0;
      const op = (modrm() >> 3) & 7;
      if (b === 0xfe && op > 1) return bad();
      const e = ea(op >= 2 ? dOt : ot);
      switch (op) {
        case 0:
          return out(`inc${SUF[ot]}`, e);
        case 1:
          return out(`dec${SUF[ot]}`, e);
        case 2:
          return out(opsize ? 'calll' : 'callw', `*${e}`);
        case 3:
          return out(opsize ? 'lcalll' : 'lcallw', `*${e}`);
        case 4:
          return out(opsize ? 'jmpl' : 'jmpw', `*${e}`);
        case 5:
          return out(opsize ? 'ljmpl' : 'ljmpw', `*${e}`);
        case 6:
          return out(opsize ? 'pushl' : 'pushw', e);
      }
      return bad();
    }
    case 0x0f:
      return twoByte();
  }
  if (b >= 0x40 && b < 0x48) return out(`inc${SUF[dOt]}`, reg(dOt, b & 7));
  if (b >= 0x48 && b < 0x50) return out(`dec${SUF[dOt]}`, reg(dOt, b & 7));
  if (b >= 0x50 && b < 0x58) return out(opsize ? 'pushl' : 'pushw', reg(dOt, b & 7));
  if (b >= 0x58 && b < 0x60) return out(opsize ? 'popl' : 'popw', reg(dOt, b & 7));
  if (b >= 0x70 && b < 0x80) return out(`j${CC[b & 15]}`, rel(r.s8()));
  if (b >= 0x91 && b < 0x98) return out(`xchg${SUF[dOt]}`, `${reg(dOt, b & 7)}, ${reg(dOt, 0)}`);
  if (b >= 0xb0 && b < 0xb8) return out('movb', `${imm(r.u8(), 0)}, ${reg(0, b & 7)}`);
  if (b >= 0xb8 && b < 0xc0)
    return out(`mov${SUF[dOt]}`, `${imm(opsize ? r.u32() : r.u16(), dOt)}, ${reg(dOt, b & 7)}`);
  if (b >= 0xd8 && b < 0xe0) {
    const m = modrm();
    return out(`fpu_${b.toString(16)}`, m >> 6 === 3 ? `$${num(m)}` : ea(2));
  }
  return bad();

  function twoByte(): DisasInsn {
    const c = r.u8();
    if (c >= 0x80 && c < 0x90) return out(`j${CC[c & 15]}`, rel(opsize ? r.s32() : r.s16()));
    if (c >= 0x90 && c < 0xa0) return out(`set${CC[c & 15]}`, ea(0));
    if (c >= 0x40 && c < 0x50) {
      const e = ea(dOt);
      return out(`cmov${CC[c & 15]}${SUF[dOt]}`, `${e}, ${regf(dOt)}`);
    }
    if (c >= 0xc8 && c < 0xd0) return out('bswapl', reg(2, c & 7));
    switch (c) {
      case 0x00: {
        const op = (modrm() >> 3) & 7;
        const n = ['sldt', 'str', 'lldt', 'ltr', 'verr', 'verw'][op];
        return n ? out(n, ea(1)) : bad();
      }
      case 0x01: {
        const op = (modrm() >> 3) & 7;
        const n = [
          `sgdt${SUF[dOt]}`,
          `sidt${SUF[dOt]}`,
          `lgdt${SUF[dOt]}`,
          `lidt${SUF[dOt]}`,
          'smsw',
          '',
          'lmsw',
          'invlpg',
        ][op];
        return n ? out(n, ea(1)) : bad();
      }
      case 0x02:
      case 0x03: {
        const e = ea(1);
        return out(`${c === 2 ? 'lar' : 'lsl'}${SUF[dOt]}`, `${e}, ${regf(dOt)}`);
      }
      case 0x06:
        return out('clts');
      case 0x08:
        return out('invd');
      case 0x09:
        return out('wbinvd');
      case 0x0b:
        return out('ud2');
      case 0x20:
      case 0x21:
      case 0x22:
      case 0x23: {
        const m = modrm();
        const x = `%${c & 1 ? 'db' : 'cr'}${(m >> 3) & 7}`;
        const g = `%${R32[m & 7]}`;
        return out('movl', c & 2 ? `${g}, ${x}` : `${x}, ${g}`);
      }
      case 0x30:
        return out('wrmsr');
      case 0x31:
        return out('rdtsc');
      case 0x32:
        return out('rdmsr');
      case 0x34:
        return out('sysenter');
      case 0x35:
        return out('sysexit');
      case 0xa0:
      case 0xa8:
        return out(opsize ? 'pushl' : 'pushw', `%${c === 0xa0 ? 'fs' : 'gs'}`);
      case 0xa1:
      case 0xa9:
        return out(opsize ? 'popl' : 'popw', `%${c === 0xa1 ? 'fs' : 'gs'}`);
      case 0xa2:
        return out('cpuid');
      case 0xa3:
      case 0xab:
      case 0xb3:
      case 0xbb:
        return out(`${['bt', 'bts', 'btr', 'btc'][(c >> 3) & 3]}${SUF[dOt]}`, `${regf(dOt)}, ${ea(dOt)}`);
      case 0xa4:
      case 0xac: {
        const g = regf(dOt);
        const e = ea(dOt);
        return out(`${c === 0xa4 ? 'shld' : 'shrd'}${SUF[dOt]}`, `$${num(r.u8())}, ${g}, ${e}`);
      }
      case 0xa5:
      case 0xad:
        return out(`${c === 0xa5 ? 'shld' : 'shrd'}${SUF[dOt]}`, `%cl, ${regf(dOt)}, ${ea(dOt)}`);
      case 0xaf: {
        const e = ea(dOt);
        return out(`imul${SUF[dOt]}`, `${e}, ${regf(dOt)}`);
      }
      case 0xb0:
      case 0xb1:
      case 0xc0:
      case 0xc1: {
        const ot = c & 1 ? dOt : 0;
        return out(`${c < 0xc0 ? 'cmpxchg' : 'xadd'}${SUF[ot]}`, `${regf(ot)}, ${ea(ot)}`);
      }
      case 0xb2:
      case 0xb4:
      case 0xb5: {
        const e = ea(dOt);
        return out(`${c === 0xb2 ? 'lss' : c === 0xb4 ? 'lfs' : 'lgs'}${SUF[dOt]}`, `${e}, ${regf(dOt)}`);
      }
      case 0xb6:
      case 0xb7:
      case 0xbe:
      case 0xbf: {
        const s = c & 1 ? 1 : 0;
        const e = ea(s);
        return out(`${c & 8 ? 'movs' : 'movz'}${SUF[s]}${SUF[dOt]}`, `${e}, ${regf(dOt)}`);
      }
      case 0xba: {
        const op = (modrm() >> 3) & 7;
        if (op < 4) return bad();
        const e = ea(dOt);
        return out(`${['bt', 'bts', 'btr', 'btc'][op - 4]}${SUF[dOt]}`, `$${num(r.u8())}, ${e}`);
      }
      case 0xbc:
      case 0xbd: {
        const e = ea(dOt);
        return out(`${c === 0xbc ? 'bsf' : 'bsr'}${SUF[dOt]}`, `${e}, ${regf(dOt)}`);
      }
      case 0xc7:
        return ((modrm() >> 3) & 7) === 1 && modrm() >> 6 !== 3 ? out('cmpxchg8b', ea(2)) : bad();
      case 0xff:
        return out('ud0');
      case 0x1f:
        return out(`nop${SUF[dOt]}`, ea(dOt));
    }
    return bad();
  }
}

/**
 * The `-d in_asm` text of one instruction: address, at most 8 bytes, mnemonic padded to 9, operands;
 * longer instructions continue their bytes on a second line (as capstone output does).
 */
export function formatInsn(fetch: (addr: number) => number, pc: number, insn: DisasInsn): string {
  const bytes: string[] = [];
  for (let i = 0; i < insn.length; i++)
    bytes.push(
      fetch((pc + i) >>> 0)
        .toString(16)
        .padStart(2, '0'),
    );
  const addr = (a: number) => `0x${(a >>> 0).toString(16).padStart(8, '0')}:  `;
  let text = `${addr(pc)}${bytes.slice(0, 8).join(' ').padEnd(25)}${insn.mnemonic.length >= 9 ? `${insn.mnemonic} ` : insn.mnemonic.padEnd(9)}${insn.operands}`;
  if (bytes.length > 8) text += `\n${addr(pc + 8)}${bytes.slice(8).join(' ')}`;
  return text;
}

/** The `-d in_asm` block for `size` bytes of code at pc (QEMU's "IN:" dump). */
export function disasBlock(
  fetch: (addr: number) => number,
  pc: number,
  size: number,
  code32: boolean,
): string {
  const lines = ['----------------', 'IN: '];
  let p = pc;
  while (p - pc < size) {
    let insn = disasOne(fetch, p, code32);
    // bytes past the end of the block are not decoded (the TB ended before them)
    if (p - pc + insn.length > size) {
      insn = {
        length: 1,
        mnemonic: '.byte',
        operands: `0x${fetch(p >>> 0)
          .toString(16)
          .padStart(2, '0')}`,
      };
    }
    lines.push(formatInsn(fetch, p, insn));
    p += insn.length;
  }
  return `${lines.join('\n')}\n\n`;
}
