/** `-d op` / `-d op_opt`: the IR as text, in the shape of QEMU's tcg_dump_ops. */
import type { TranslationBlock } from './context.js';
import { type Helper, memopName, OP_DEFS, Opc, TCG_COND_NAMES, type TCGOp, type TCGTemp } from './ir.js';

function hex(v: number): string {
  return `0x${(v >>> 0).toString(16)}`;
}

function helperName(fn: Helper | undefined): string {
  return fn?.name ? fn.name.replace(/^bound /, '') : 'helper';
}

/** One op as QEMU prints it (without the leading space). */
export function dumpOp(op: TCGOp, temps: readonly TCGTemp[], helpers: readonly Helper[]): string {
  const t = (i: number) => temps[i]?.name ?? `?${i}`;
  const a = op.args;
  switch (op.opc) {
    case Opc.insn_start:
      return `---- ${(a[0] >>> 0).toString(16).padStart(8, '0')} ${(a[1] >>> 0).toString(16).padStart(8, '0')}`;
    case Opc.set_label:
      return `set_label $L${a[0]}`;
    case Opc.br:
      return `br $L${a[0]}`;
    case Opc.brcond:
      return `brcond_i32 ${t(a[0])},${t(a[1])},${TCG_COND_NAMES[a[2]]},$L${a[3]}`;
    case Opc.movi:
      return `mov_i32 ${t(a[0])},$${hex(a[1])}`;
    case Opc.setcond:
      return `setcond_i32 ${t(a[0])},${t(a[1])},${t(a[2])},${TCG_COND_NAMES[a[3]]}`;
    case Opc.movcond:
      return `movcond_i32 ${t(a[0])},${t(a[1])},${t(a[2])},${t(a[3])},${t(a[4])},${TCG_COND_NAMES[a[5]]}`;
    case Opc.qemu_ld:
      return `qemu_ld_i32 ${t(a[0])},${t(a[1])},le${memopName(a[2])},${a[3]}`;
    case Opc.qemu_st:
      return `qemu_st_i32 ${t(a[0])},${t(a[1])},le${memopName(a[2])},${a[3]}`;
    case Opc.call: {
      const ret = a[2] >= 0 ? [t(a[2])] : [];
      const args = a.slice(3).map(t);
      return `call ${helperName(helpers[a[0]])},$${hex(a[1])},$${ret.length},${[...ret, 'env', ...args].join(',')}`;
    }
    case Opc.goto_tb:
      return `goto_tb $${hex(a[0])}`;
    case Opc.exit_tb:
      return `exit_tb $${hex(a[0])}`;
    case Opc.lookup_and_goto_ptr:
      return 'goto_ptr';
    case Opc.nop:
      return 'nop';
    default: {
      const def = OP_DEFS[op.opc];
      const parts: string[] = [];
      for (let i = 0; i < def.nOut + def.nIn; i++) parts.push(t(a[i]));
      for (let i = def.nOut + def.nIn; i < a.length; i++) parts.push(`$${hex(a[i])}`);
      return `${def.name}_i32 ${parts.join(',')}`;
    }
  }
}

/** The TB's ops, one per line, after an "OP:" header as QEMU's -d op prints. */
export function dumpOps(tb: TranslationBlock, header = 'OP:'): string {
  const lines = [header];
  for (const op of tb.ops) {
    if (op.opc === Opc.nop) continue;
    // QEMU separates guest instructions with a blank line
    if (op.opc === Opc.insn_start) lines.push('');
    lines.push(` ${dumpOp(op, tb.temps, tb.helpers)}`);
  }
  return `${lines.join('\n')}\n`;
}
