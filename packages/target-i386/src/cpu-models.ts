/**
 * CPU models and CPUID (QEMU's builtin_x86_defs and cpu_x86_cpuid in target/i386/cpu.c), plus
 * the architectural reset state (x86_cpu_reset). tsemu advertises only what it implements: a
 * model is offered when every feature QEMU's TCG would report for it is implemented here;
 * `qemu32` keeps QEMU's identity (family/model/stepping, brand) with the honest feature subset.
 */
import {
  CPUX86State,
  DESC_A_MASK,
  DESC_CS_MASK,
  DESC_P_MASK,
  DESC_R_MASK,
  DESC_S_MASK,
  DESC_TYPE_SHIFT,
  DESC_W_MASK,
  R_CS,
  R_DS,
  R_EDX,
  R_ES,
  R_FS,
  R_GS,
  R_SS,
} from './cpu.js';
import { newX87State } from './fpu/x87-state.js';
import {
  CPUID_APIC,
  CPUID_CMOV,
  CPUID_CX8,
  CPUID_DE,
  CPUID_EXT_SSE3,
  CPUID_EXT2_NX,
  CPUID_FP87,
  CPUID_FXSR,
  CPUID_MCA,
  CPUID_MCE,
  CPUID_MMX,
  CPUID_MSR,
  CPUID_MTRR,
  CPUID_PAE,
  CPUID_PAT,
  CPUID_PGE,
  CPUID_PSE,
  CPUID_PSE36,
  CPUID_SEP,
  CPUID_SSE,
  CPUID_SSE2,
  CPUID_TSC,
  CPUID_VME,
  cpu_load_eflags,
  cpu_x86_load_seg_cache,
  cpu_x86_update_cr0,
  cpu_x86_update_cr4,
  FEAT_1_ECX,
  FEAT_1_EDX,
  FEAT_8000_0001_ECX,
  FEAT_8000_0001_EDX,
} from './hflags.js';

/** CPUID.1.ECX bit 31: running under a hypervisor (QEMU sets it for every model). */
export const CPUID_EXT_HYPERVISOR = 0x80000000 | 0;

export interface X86CpuDef {
  readonly name: string;
  readonly level: number;
  readonly xlevel: number;
  readonly family: number;
  readonly model: number;
  readonly stepping: number;
  /** feature words as QEMU's TCG reports them for this model: [1.EDX, 1.ECX, 8000_0001.EDX, 8000_0001.ECX] */
  readonly features: readonly [number, number, number, number];
  /** brand string (leaves 0x80000002..4); QEMU's model_id */
  readonly modelId: string;
  /** when set, the model is offered with its features reduced to those tsemu implements */
  readonly honestSubset?: boolean;
}

/** Feature bits tsemu implements (the helpers in this package and the translator/x87 side). */
export const IMPLEMENTED_FEATURES: readonly [number, number, number, number] = [
  CPUID_FP87 |
    CPUID_DE |
    CPUID_PSE |
    CPUID_TSC |
    CPUID_MSR |
    CPUID_PAE |
    CPUID_MCE |
    CPUID_CX8 |
    CPUID_SEP |
    CPUID_MTRR |
    CPUID_PGE |
    CPUID_CMOV |
    CPUID_PAT,
  CPUID_EXT_HYPERVISOR,
  CPUID_EXT2_NX,
  0,
];

const I486_FEATURES = CPUID_FP87 | CPUID_VME | CPUID_PSE;
const PENTIUM_FEATURES =
  I486_FEATURES | CPUID_DE | CPUID_TSC | CPUID_MSR | CPUID_MCE | CPUID_CX8 | CPUID_MMX | CPUID_APIC;
const PENTIUM2_FEATURES =
  PENTIUM_FEATURES |
  CPUID_PAE |
  CPUID_SEP |
  CPUID_MTRR |
  CPUID_PGE |
  CPUID_MCA |
  CPUID_CMOV |
  CPUID_PAT |
  CPUID_PSE36 |
  CPUID_FXSR;
const PENTIUM3_FEATURES = PENTIUM2_FEATURES | CPUID_SSE;
const PPRO_FEATURES =
  CPUID_FP87 |
  CPUID_DE |
  CPUID_PSE |
  CPUID_TSC |
  CPUID_MSR |
  CPUID_MCE |
  CPUID_CX8 |
  CPUID_PGE |
  CPUID_CMOV |
  CPUID_PAT |
  CPUID_FXSR |
  CPUID_MMX |
  CPUID_SSE |
  CPUID_SSE2 |
  CPUID_PAE |
  CPUID_SEP |
  CPUID_APIC;
/** what QEMU's TCG can report at all (VME is filtered out by QEMU's TCG_FEATURES) */
const TCG_EDX_MASK = ~CPUID_VME;

/** QEMU_HW_VERSION as QEMU 7.2 prints it in model ids */
const QEMU_HW_VERSION = '2.5+';

export const X86_CPU_DEFS: readonly X86CpuDef[] = [
  {
    name: 'qemu32',
    level: 4,
    xlevel: 0x80000004,
    family: 6,
    model: 6,
    stepping: 3,
    features: [PPRO_FEATURES, CPUID_EXT_SSE3 | CPUID_EXT_HYPERVISOR, 0, 0],
    modelId: `QEMU Virtual CPU version ${QEMU_HW_VERSION}`,
    honestSubset: true,
  },
  {
    name: '486',
    level: 1,
    xlevel: 0,
    family: 4,
    model: 8,
    stepping: 0,
    features: [I486_FEATURES, CPUID_EXT_HYPERVISOR, 0, 0],
    modelId: '',
  },
  {
    name: 'pentium',
    level: 1,
    xlevel: 0,
    family: 5,
    model: 4,
    stepping: 3,
    features: [PENTIUM_FEATURES, CPUID_EXT_HYPERVISOR, 0, 0],
    modelId: '',
  },
  {
    name: 'pentium2',
    level: 2,
    xlevel: 0,
    family: 6,
    model: 5,
    stepping: 2,
    features: [PENTIUM2_FEATURES, CPUID_EXT_HYPERVISOR, 0, 0],
    modelId: '',
  },
  {
    name: 'pentium3',
    level: 3,
    xlevel: 0,
    family: 6,
    model: 7,
    stepping: 3,
    features: [PENTIUM3_FEATURES, CPUID_EXT_HYPERVISOR, 0, 0],
    modelId: '',
  },
  {
    // QEMU's "max": everything this emulator implements
    name: 'max',
    level: 4,
    xlevel: 0x80000004,
    family: 6,
    model: 6,
    stepping: 3,
    features: IMPLEMENTED_FEATURES,
    modelId: `QEMU TCG CPU version ${QEMU_HW_VERSION}`,
  },
];

/** Feature names by bit, as QEMU's feature_word_info spells them. */
// biome-ignore format: a table
const EDX_NAMES = [
  'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', '', 'sep', 'mtrr', 'pge', 'mca', 'cmov',
  'pat', 'pse36', 'pn', 'clflush', '', 'ds', 'acpi', 'mmx', 'fxsr', 'sse', 'sse2', 'ss', 'ht', 'tm', 'ia64', 'pbe',
];
const ECX_NAMES: Record<number, string> = { 0: 'pni', 31: 'hypervisor' };
const EXT2_NAMES: Record<number, string> = { 11: 'syscall', 20: 'nx', 29: 'lm' };

function tcgFeatures(def: X86CpuDef): [number, number, number, number] {
  return [def.features[0] & TCG_EDX_MASK, def.features[1], def.features[2], def.features[3]];
}

/** Features of the model that tsemu does not implement (QEMU's unavailable-features). */
export function x86CpuUnavailableFeatures(def: X86CpuDef): string[] {
  const want = tcgFeatures(def);
  const out: string[] = [];
  for (let w = 0; w < 4; w++) {
    const missing = (want[w] & ~IMPLEMENTED_FEATURES[w]) >>> 0;
    for (let bit = 0; bit < 32; bit++) {
      if (!(missing & (1 << bit))) continue;
      const name =
        w === 0 ? EDX_NAMES[bit] : w === 1 ? ECX_NAMES[bit] : w === 2 ? EXT2_NAMES[bit] : undefined;
      out.push(name || `feat${w}.${bit}`);
    }
  }
  return out;
}

/** Whether `-cpu name` may be used: all features implemented, or an honest-subset model. */
export function x86CpuModelAvailable(def: X86CpuDef): boolean {
  return def.honestSubset === true || x86CpuUnavailableFeatures(def).length === 0;
}

export function x86CpuFindModel(name: string): X86CpuDef | undefined {
  return X86_CPU_DEFS.find((d) => d.name === name || `${d.name}-v1` === name);
}

/** Names of the CPUID flags tsemu implements, sorted (the flags `-cpu help` lists). */
export function x86CpuImplementedFlags(): string[] {
  const out: string[] = [];
  const tables: (readonly string[] | Record<number, string>)[] = [EDX_NAMES, ECX_NAMES, EXT2_NAMES, {}];
  for (let w = 0; w < 4; w++) {
    for (let bit = 0; bit < 32; bit++) {
      const name = (tables[w] as Record<number, string>)[bit];
      if (IMPLEMENTED_FEATURES[w] & (1 << bit) && name) out.push(name);
    }
  }
  return out.sort();
}

/**
 * `-cpu help` in QEMU's layout: "x86 %-20s  %s" for every offered model and its -v1 version,
 * then max, then the recognized flags.
 */
export function x86CpuListModels(): string {
  const line = (name: string, desc: string) => `x86 ${name.padEnd(20)}  ${desc}`;
  const lines = ['Available CPUs:'];
  const versioned = X86_CPU_DEFS.filter((d) => d.name !== 'max' && x86CpuModelAvailable(d));
  for (const d of versioned.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    lines.push(line(d.name, '(alias configured by machine type)'));
    lines.push(line(`${d.name}-v1`, d.modelId));
  }
  lines.push(line('max', 'Enables all features supported by the accelerator in the current host'));
  lines.push('', 'Recognized CPUID flags:');
  let cur = ' ';
  for (const f of x86CpuImplementedFlags()) {
    if (cur.length + 1 + f.length > 76) {
      lines.push(cur);
      cur = ' ';
    }
    cur += ` ${f}`;
  }
  lines.push(cur);
  return `${lines.join('\n')}\n`;
}

/** query-cpu-definitions entries for the i386 target (typename as QEMU's qemu-system-i386 names it). */
export function x86CpuDefinitions(): {
  name: string;
  typename: string;
  'unavailable-features': string[];
  static: boolean;
  'migration-safe': boolean;
  deprecated: boolean;
}[] {
  return X86_CPU_DEFS.map((d) => ({
    name: d.name,
    typename: `${d.name}-i386-cpu`,
    'unavailable-features': d.honestSubset ? [] : x86CpuUnavailableFeatures(d),
    static: false,
    'migration-safe': d.name !== 'max',
    deprecated: false,
  }));
}

const models = new WeakMap<CPUX86State, X86CpuDef>();

/** Select the CPU model (`-cpu name`); throws QEMU's wording for an unknown name. */
export function x86CpuSetModel(env: CPUX86State, name: string): void {
  const def = x86CpuFindModel(name);
  if (!def) throw new Error(`unable to find CPU model '${name}'`);
  if (!x86CpuModelAvailable(def)) {
    throw new Error(
      `CPU model '${name}' needs features tsemu does not implement: ${x86CpuUnavailableFeatures(def).join(' ')}`,
    );
  }
  const f = tcgFeatures(def);
  x86CpuSetDef(env, { ...def, features: f.map((v, w) => (v & IMPLEMENTED_FEATURES[w]) >>> 0) as never });
}

/** A model as -cpu's properties left it (features already limited to what tsemu implements). */
export function x86CpuSetDef(env: CPUX86State, def: X86CpuDef): void {
  models.set(env, def);
  for (let w = 0; w < 4; w++) env.features[w] = def.features[w] >>> 0;
}

/** The model of env (qemu32, QEMU's default for qemu-system-i386, until set). */
export function x86CpuGetModel(env: CPUX86State): X86CpuDef {
  let def = models.get(env);
  if (!def) {
    x86CpuSetModel(env, 'qemu32');
    def = models.get(env)!;
  }
  return def;
}

/** CPUID.1.EAX: the version signature, also EDX after reset. */
export function cpuidVersion(def: X86CpuDef): number {
  let fam = def.family;
  let ext = 0;
  if (fam > 0x0f) {
    ext = fam - 0x0f;
    fam = 0x0f;
  }
  return (
    ((ext << 20) | ((def.model >> 4) << 16) | (fam << 8) | ((def.model & 0xf) << 4) | def.stepping) >>> 0
  );
}

// Cache descriptors as QEMU 7.2 reports them (leaf 2 and leaf 4), checked against qemu-system-i386.
const LEAF2 = [0x00000001, 0x00000000, 0x0000004d, 0x002c307d];
const LEAF4 = [
  [0x00000121, 0x01c0003f, 0x0000003f, 0x00000001],
  [0x00000122, 0x01c0003f, 0x0000003f, 0x00000001],
  [0x00000143, 0x03c0003f, 0x00000fff, 0x00000001],
  [0x00000163, 0x03c0003f, 0x00003fff, 0x00000006],
];

function str4(s: string, i: number): number {
  let v = 0;
  for (let k = 0; k < 4; k++) v |= (s.charCodeAt(i + k) || 0) << (8 * k);
  return v >>> 0;
}

/** CPUID for (leaf, subleaf): [eax, ebx, ecx, edx] (QEMU's cpu_x86_cpuid). */
export function cpu_x86_cpuid(
  env: CPUX86State,
  index: number,
  count: number,
): [number, number, number, number] {
  const def = x86CpuGetModel(env);
  const vendor = 'GenuineIntel';
  const vb = str4(vendor, 0);
  const vd = str4(vendor, 4);
  const vc = str4(vendor, 8);
  index >>>= 0;
  if (index === 0x40000000) return [0x40000001, str4('TCGT', 0), str4('CGTC', 0), str4('GTCG', 0)];
  if (index === 0x40000001) return [0, 0, 0, 0];
  if (index & 0x80000000) {
    if (index > def.xlevel) index = def.level;
  } else if (index > def.level) {
    index = def.level;
  }
  const f = env.features;
  switch (index) {
    case 0:
      return [def.level, vb, vc, vd];
    case 1:
      return [cpuidVersion(def), 8 << 8, f[FEAT_1_ECX], f[FEAT_1_EDX]];
    case 2:
      return [LEAF2[0], LEAF2[1], LEAF2[2], LEAF2[3]];
    case 4: {
      const e = LEAF4[count >>> 0];
      return e ? [e[0], e[1], e[2], e[3]] : [0, 0, 0, 0];
    }
    case 0x80000000:
      return [def.xlevel, vb, vc, vd];
    case 0x80000001:
      return [cpuidVersion(def), 0, f[FEAT_8000_0001_ECX], f[FEAT_8000_0001_EDX]];
    case 0x80000002:
    case 0x80000003:
    case 0x80000004: {
      const o = (index - 0x80000002) * 16;
      return [
        str4(def.modelId, o),
        str4(def.modelId, o + 4),
        str4(def.modelId, o + 8),
        str4(def.modelId, o + 12),
      ];
    }
    default:
      return [0, 0, 0, 0];
  }
}

/** The architectural reset state (QEMU's x86_cpu_reset for the bootstrap processor). */
export function x86CpuReset(env: CPUX86State): void {
  const def = x86CpuGetModel(env);
  env.gs.fill(0);
  env.exceptionIndex = -1;
  env.errorCode = 0;
  env.exceptionIsInt = false;
  env.exceptionNextEip = 0;
  env.oldException = -1;
  env.interruptRequest = 0;
  env.halted = false;
  env.tripleFault = false;
  env.hflags = 0;
  env.hflags2 = 0;
  env.eflags = 0x2;
  cpu_load_eflags(env, 0, 0);
  env.cr[0] = 0;
  env.cr[2] = 0;
  env.cr[3] = 0;
  env.cr[4] = 0;
  cpu_x86_update_cr0(env, 0x60000010);
  env.a20Mask = -1;
  env.idt.base = 0;
  env.idt.limit = 0xffff;
  env.gdt.base = 0;
  env.gdt.limit = 0xffff;
  Object.assign(env.ldt, {
    selector: 0,
    base: 0,
    limit: 0xffff,
    flags: DESC_P_MASK | (2 << DESC_TYPE_SHIFT),
  });
  Object.assign(env.tr, {
    selector: 0,
    base: 0,
    limit: 0xffff,
    flags: DESC_P_MASK | (11 << DESC_TYPE_SHIFT),
  });
  cpu_x86_load_seg_cache(
    env,
    R_CS,
    0xf000,
    0xffff0000,
    0xffff,
    DESC_P_MASK | DESC_S_MASK | DESC_CS_MASK | DESC_R_MASK | DESC_A_MASK,
  );
  for (const seg of [R_DS, R_ES, R_SS, R_FS, R_GS]) {
    cpu_x86_load_seg_cache(env, seg, 0, 0, 0xffff, DESC_P_MASK | DESC_S_MASK | DESC_W_MASK | DESC_A_MASK);
  }
  env.eip = 0xfff0;
  env.regs[R_EDX] = cpuidVersion(def);
  env.fpu = newX87State();
  env.pat = 0x0007040600070406n;
  env.miscEnable = 1n;
  env.dr.fill(0);
  env.dr[6] = 0xffff0ff0;
  env.dr[7] = 0x400;
  cpu_x86_update_cr4(env, 0);
  env.efer = 0;
  env.star = 0n;
  env.sysenterCs = 0;
  env.sysenterEsp = 0;
  env.sysenterEip = 0;
  env.mtrrDefType = 0n;
  env.mtrrFixed.fill(0n);
  for (const v of env.mtrrVar) {
    v.base = 0n;
    v.mask = 0n;
  }
  env.mcgStatus = 0n;
  env.tscOffset = 0n;
  env.apicBase = 0xfee00000 | (1 << 8) | (1 << 11);
  env.tlb?.flush();
}

/** A CPU of the given model in its reset state. */
export function x86CpuCreate(model = 'qemu32', gs?: Int32Array): CPUX86State {
  const env = new CPUX86State(gs);
  x86CpuSetModel(env, model);
  x86CpuReset(env);
  return env;
}
