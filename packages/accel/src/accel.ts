/**
 * Accelerators as QOM types (QEMU's accel/accel-common.c, accel-softmmu.c): the abstract `accel`
 * type, one concrete `<name>-accel` type per accelerator, chosen by `-accel name[,props]` or
 * `-machine accel=name`. The object only holds the configuration; the emulator runs the machine
 * with the loop the accelerator asks for (RoundRobinVcpuLoop for tcg, QtestServer for qtest).
 */
import {
  objectClassByName,
  objectClassPropertyAddTyped,
  objectGetClass,
  objectNew,
  objectPropertyFind,
  objectPropertyParse,
  QomError,
  QomObject,
  typeRegister,
} from '@tsemu/qom';
import { SYSTEM_JS_THRESHOLD, SYSTEM_WASM_THRESHOLD } from '@tsemu/tcg';

export const TYPE_ACCEL = 'accel';
export const ACCEL_CLASS_SUFFIX = '-accel';
export const TYPE_TCG_ACCEL = `tcg${ACCEL_CLASS_SUFFIX}`;
export const TYPE_QTEST_ACCEL = `qtest${ACCEL_CLASS_SUFFIX}`;

/** AccelState */
export class AccelState extends QomObject {
  /** the accelerator's name as -accel spells it */
  get accelName(): string {
    return objectGetClass(this).type.name.slice(0, -ACCEL_CLASS_SUFFIX.length);
  }
}

export type TcgBackend = 'interp' | 'js' | 'wasm';

/** TCGState (accel/tcg/tcg-all.c) with tsemu's choice of code generator backend. */
export class TcgAccelState extends AccelState {
  /** translation cache size in MiB; 0 = default */
  tbSize = 0;
  /** only "single": tsemu runs vCPUs round-robin on the one JavaScript thread */
  thread = 'single';
  splitWx = false;
  /** one guest instruction per TB (QEMU's -singlestep / one-insn-per-tb) */
  oneInsnPerTb = false;
  /** tsemu: the TCG backend: interpreter, generated JavaScript or generated WebAssembly (the default) */
  backend: TcgBackend = 'wasm';
  /** tsemu: interpreted executions of a TB before it is compiled; undefined: the backend's default */
  compileThreshold: number | undefined = undefined;
  /** the threshold in effect for the chosen backend */
  get effectiveCompileThreshold(): number {
    return this.compileThreshold ?? (this.backend === 'wasm' ? SYSTEM_WASM_THRESHOLD : SYSTEM_JS_THRESHOLD);
  }
}

/** The qtest accelerator: no CPU runs; the virtual clock moves only by the qtest protocol. */
export class QtestAccelState extends AccelState {}

const accelNames: string[] = [];

typeRegister({ name: TYPE_ACCEL, parent: 'object', abstract: true, instance: AccelState });

function registerAccel(
  name: string,
  info: Omit<Parameters<typeof typeRegister>[0], 'name' | 'parent'>,
): void {
  typeRegister({ name: `${name}${ACCEL_CLASS_SUFFIX}`, parent: TYPE_ACCEL, ...info });
  accelNames.push(name);
}

registerAccel('tcg', {
  instance: TcgAccelState,
  classInit: (klass) => {
    const t = (o: QomObject) => o as TcgAccelState;
    objectClassPropertyAddTyped<number>(klass, 'tb-size', 'uint32', {
      get: (o) => t(o).tbSize,
      set: (o, v) => {
        t(o).tbSize = Number(v);
      },
      description: 'TCG translation block cache size',
    });
    objectClassPropertyAddTyped<string>(klass, 'thread', 'str', {
      get: (o) => t(o).thread,
      set: (o, v) => {
        if (v === 'multi') throw new QomError('No MTTCG when guest word size > hosts', 'GenericError');
        if (v !== 'single') throw new QomError(`Invalid 'thread' setting ${v}`, 'GenericError');
        t(o).thread = v;
      },
      description: 'Enable/disable multi-threaded TCG',
    });
    objectClassPropertyAddTyped<boolean>(klass, 'split-wx', 'bool', {
      get: (o) => t(o).splitWx,
      set: (o, v) => {
        t(o).splitWx = v;
      },
      description: 'Map jit pages into separate RW and RX regions',
    });
    objectClassPropertyAddTyped<boolean>(klass, 'one-insn-per-tb', 'bool', {
      get: (o) => t(o).oneInsnPerTb,
      set: (o, v) => {
        t(o).oneInsnPerTb = v;
      },
      description: 'Only put one guest insn in each translation block',
    });
    objectClassPropertyAddTyped<string>(klass, 'backend', 'str', {
      get: (o) => t(o).backend,
      set: (o, v) => {
        if (v !== 'interp' && v !== 'js' && v !== 'wasm')
          throw new QomError(`Invalid 'backend' setting ${v} (interp, js or wasm)`, 'GenericError');
        t(o).backend = v;
      },
      description:
        'tsemu: TCG backend, interp (interpreter), js (generated JavaScript) or wasm (generated WebAssembly, the default)',
    });
    objectClassPropertyAddTyped<number>(klass, 'compile-threshold', 'uint32', {
      get: (o) => t(o).effectiveCompileThreshold,
      set: (o, v) => {
        t(o).compileThreshold = Number(v);
      },
      description: `tsemu: executions of a TB in the interpreter before it is compiled (default ${SYSTEM_JS_THRESHOLD} for js, ${SYSTEM_WASM_THRESHOLD} for wasm)`,
    });
  },
});
registerAccel('qtest', { instance: QtestAccelState });

/** The accelerator names, as `-accel help` lists them. */
export function accelNamesList(): string[] {
  return [...accelNames];
}

/** `-accel help` output. */
export function accelHelp(): string {
  return `Accelerators supported in QEMU binary:\n${accelNames.join('\n')}\n`;
}

/** accel_find: the class for a name, undefined for an unknown one. */
export function accelFind(name: string): boolean {
  return accelNames.includes(name) && objectClassByName(`${name}${ACCEL_CLASS_SUFFIX}`) !== undefined;
}

export class AccelError extends Error {}

/**
 * do_configure_accelerator: a new accelerator object with the -accel properties applied (string
 * values, as the command line gives them). Throws QEMU's messages for unknown names/properties.
 */
export function accelNew(name: string, props: Record<string, string> = {}): AccelState {
  if (!accelFind(name)) throw new AccelError(`invalid accelerator ${name}`);
  const accel = objectNew<AccelState>(`${name}${ACCEL_CLASS_SUFFIX}`);
  for (const [k, v] of Object.entries(props)) {
    if (!objectPropertyFind(accel, k))
      throw new AccelError(`Property '${name}${ACCEL_CLASS_SUFFIX}.${k}' not found`);
    try {
      objectPropertyParse(accel, k, v);
    } catch (e) {
      throw new AccelError(e instanceof Error ? e.message : String(e));
    }
  }
  return accel;
}
