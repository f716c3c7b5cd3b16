/**
 * `-cpu model,+feat,-feat,feat=on|off,prop=value` (QEMU 7.2's x86_cpu_parse_featurestr,
 * x86_cpu_expand_features and x86_cpu_filter_features): QEMU's feature names for the CPUID words,
 * the globals-then-plus-then-minus order, and the warning for each requested feature the
 * accelerator (here: tsemu's TCG, which implements IMPLEMENTED_FEATURES) cannot provide.
 */
import type { CPUX86State } from './cpu.js';
import { IMPLEMENTED_FEATURES, type X86CpuDef, x86CpuGetModel, x86CpuSetDef } from './cpu-models.js';

interface FeatureWord {
  /** how QEMU's warnings name the register ("CPUID.01H:ECX") */
  desc: string;
  /** index into env.features, for the words tsemu models */
  index?: number;
  names: readonly (string | null)[];
}

// biome-ignore format: tables
const FEATURE_WORDS: readonly FeatureWord[] = [
  { desc: 'CPUID.01H:EDX', index: 0, names: [
    'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', null, 'sep', 'mtrr', 'pge', 'mca', 'cmov',
    'pat', 'pse36', 'pn', 'clflush', null, 'ds', 'acpi', 'mmx', 'fxsr', 'sse', 'sse2', 'ss', 'ht', 'tm', 'ia64', 'pbe',
  ] },
  { desc: 'CPUID.01H:ECX', index: 1, names: [
    'pni', 'pclmulqdq', 'dtes64', 'monitor', 'ds-cpl', 'vmx', 'smx', 'est', 'tm2', 'ssse3', 'cid', null, 'fma',
    'cx16', 'xtpr', 'pdcm', null, 'pcid', 'dca', 'sse4.1', 'sse4.2', 'x2apic', 'movbe', 'popcnt', 'tsc-deadline',
    'aes', 'xsave', null, 'avx', 'f16c', 'rdrand', 'hypervisor',
  ] },
  { desc: 'CPUID.07H:EBX', names: [
    'fsgsbase', 'tsc-adjust', 'sgx', 'bmi1', 'hle', 'avx2', null, 'smep', 'bmi2', 'erms', 'invpcid', 'rtm', null,
    null, 'mpx', null, 'avx512f', 'avx512dq', 'rdseed', 'adx', 'smap', 'avx512ifma', 'pcommit', 'clflushopt',
    'clwb', 'intel-pt', 'avx512pf', 'avx512er', 'avx512cd', 'sha-ni', 'avx512bw', 'avx512vl',
  ] },
  { desc: 'CPUID.07H:ECX', names: [
    null, 'avx512vbmi', 'umip', 'pku', null, 'waitpkg', 'avx512vbmi2', null, 'gfni', 'vaes', 'vpclmulqdq',
    'avx512vnni', 'avx512bitalg', null, 'avx512-vpopcntdq', null, 'la57', null, null, null, null, null, 'rdpid',
    null, 'bus-lock-detect', 'cldemote', null, 'movdiri', 'movdir64b', null, 'sgxlc', 'pks',
  ] },
  { desc: 'CPUID.07H:EDX', names: [
    null, null, 'avx512-4vnniw', 'avx512-4fmaps', 'fsrm', null, null, null, 'avx512-vp2intersect', null,
    'md-clear', null, null, null, 'serialize', null, 'tsx-ldtrk', null, null, 'arch-lbr', null, null, 'amx-bf16',
    'avx512-fp16', 'amx-tile', 'amx-int8', 'spec-ctrl', 'stibp', null, 'arch-capabilities', 'core-capability',
    'ssbd',
  ] },
  { desc: 'CPUID.80000001H:EDX', index: 2, names: [
    null, null, null, null, null, null, null, null, null, null, null, 'syscall', null, null, null, null, null,
    null, null, null, 'nx', null, 'mmxext', null, null, 'fxsr-opt', 'pdpe1gb', 'rdtscp', null, 'lm', '3dnowext',
    '3dnow',
  ] },
  { desc: 'CPUID.80000001H:ECX', index: 3, names: [
    'lahf-lm', 'cmp-legacy', 'svm', 'extapic', 'cr8legacy', 'abm', 'sse4a', 'misalignsse', '3dnowprefetch', 'osvw',
    'ibs', 'xop', 'skinit', 'wdt', null, 'lwp', 'fma4', 'tce', null, 'nodeid-msr', null, 'tbm', 'topoext',
    'perfctr-core', 'perfctr-nb',
  ] },
  { desc: 'CPUID.0DH:EAX', names: ['xsaveopt', 'xsavec', 'xgetbv1', 'xsaves', 'xfd'] },
  { desc: 'CPUID.06H:EAX', names: [null, null, 'arat'] },
];

/** Other spellings QEMU registers as property aliases. */
const ALIASES: Record<string, string> = {
  sse3: 'pni',
  pclmuldq: 'pclmulqdq',
  'sse4-1': 'sse4.1',
  'sse4-2': 'sse4.2',
  sse4_1: 'sse4.1',
  sse4_2: 'sse4.2',
  xd: 'nx',
  ffxsr: 'fxsr-opt',
  i64: 'lm',
  ds_cpl: 'ds-cpl',
  tsc_adjust: 'tsc-adjust',
  fxsr_opt: 'fxsr-opt',
  lahf_lm: 'lahf-lm',
  cmp_legacy: 'cmp-legacy',
  nodeid_msr: 'nodeid-msr',
  perfctr_core: 'perfctr-core',
  perfctr_nb: 'perfctr-nb',
};

function findFeature(name: string): { word: number; bit: number } | undefined {
  const n = ALIASES[name] ?? name;
  for (const [word, w] of FEATURE_WORDS.entries()) {
    const bit = w.names.indexOf(n);
    if (bit >= 0) return { word, bit };
  }
  return undefined;
}

/** Every CPUID flag name `-cpu` accepts (QEMU's spelling, without aliases), sorted. */
export function x86CpuFeatureNames(): string[] {
  return FEATURE_WORDS.flatMap((w) => w.names.filter((n): n is string => !!n)).sort();
}

/** A -cpu option split as QEMU's parser does. */
export interface X86CpuOption {
  model: string;
  plus: string[];
  minus: string[];
  /** name=value pairs in order (names with '_' already turned into '-'), as QEMU registers globals */
  props: [string, string][];
  /** "Ambiguous CPU model string" warnings */
  warnings: string[];
}

/** x86_cpu_parse_featurestr for `model[,features]`. */
export function x86CpuParseOption(option: string): X86CpuOption {
  const [model, ...rest] = option.split(',');
  const out: X86CpuOption = { model, plus: [], minus: [], props: [], warnings: [] };
  let ambiguous = false;
  for (const f of rest) {
    if (f === '') continue;
    if (f[0] === '+') {
      out.plus.push(f.slice(1));
      continue;
    }
    if (f[0] === '-') {
      out.minus.push(f.slice(1));
      continue;
    }
    const eq = f.indexOf('=');
    const name = (eq < 0 ? f : f.slice(0, eq)).replaceAll('_', '-');
    const val = eq < 0 ? 'on' : f.slice(eq + 1);
    for (const [list, sign] of [
      [out.plus, '+'],
      [out.minus, '-'],
    ] as const) {
      if (list.includes(name)) {
        out.warnings.push(
          `warning: Ambiguous CPU model string. Don't mix both "${sign}${name}" and "${name}=${val}"`,
        );
        ambiguous = true;
      }
    }
    out.props.push([name, val]);
  }
  if (ambiguous)
    out.warnings.push(
      "warning: Compatibility of ambiguous CPU model strings won't be kept on future QEMU versions",
    );
  return out;
}

function parseBool(name: string, v: string): boolean {
  if (['on', 'yes', 'true', 'y'].includes(v)) return true;
  if (['off', 'no', 'false', 'n'].includes(v)) return false;
  throw new Error(`Parameter '${name}' expects 'on' or 'off'`);
}

function parseUint32(name: string, v: string): number {
  if (!/^(0x[0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(v)) {
    if (/^-\d+$/.test(v)) throw new Error(`Parameter '${name}' expects uint32_t`);
    throw new Error(`Parameter '${name}' expects uint64`);
  }
  const n = Number(v);
  if (n > 0xffffffff) throw new Error(`Parameter '${name}' expects uint32_t`);
  return n;
}

/** Model identity properties a -cpu option may set (a subset of QEMU's X86CPU properties). */
const INT_PROPS: Record<string, { key: 'level' | 'xlevel' | 'family' | 'model' | 'stepping'; max: number }> =
  {
    level: { key: 'level', max: 0xffffffff },
    xlevel: { key: 'xlevel', max: 0xffffffff },
    family: { key: 'family', max: 0xff + 0xf },
    model: { key: 'model', max: 0xff },
    stepping: { key: 'stepping', max: 0xf },
  };

/**
 * Apply a parsed -cpu option to a CPU of that model (the globals, then +features, then -features),
 * then drop what tsemu does not implement. Warnings go to `warn`; errors are thrown, as QEMU words them.
 * `typename` is the CPU's QOM type as errors name it (e.g. `qemu32-x86_64-cpu`).
 */
export function x86CpuApplyOption(
  env: CPUX86State,
  opt: X86CpuOption,
  typename: string,
  warn: (message: string) => void,
): void {
  const base = x86CpuGetModel(env);
  const def: { -readonly [K in keyof X86CpuDef]: X86CpuDef[K] } = { ...base };
  // the model's own words (all of QEMU's, before tsemu's filter) and what the user turned on
  const words = FEATURE_WORDS.map((w) => (w.index === undefined ? 0 : def.features[w.index] >>> 0));
  const asked = FEATURE_WORDS.map(() => 0);
  let check = true;
  let enforce = false;
  const setFeature = (name: string, on: boolean): boolean => {
    const f = findFeature(name);
    if (!f) return false;
    const m = (1 << f.bit) >>> 0;
    if (on) {
      words[f.word] = (words[f.word] | m) >>> 0;
      asked[f.word] = (asked[f.word] | m) >>> 0;
    } else {
      words[f.word] = (words[f.word] & ~m) >>> 0;
      asked[f.word] = (asked[f.word] & ~m) >>> 0;
    }
    return true;
  };
  for (const [name, val] of opt.props) {
    const fail = (m: string): never => {
      throw new Error(`can't apply global ${typename}.${name}=${val}: ${m}`);
    };
    try {
      if (findFeature(name)) setFeature(name, parseBool(name, val));
      else if (name === 'check') check = parseBool(name, val);
      else if (name === 'enforce') enforce = parseBool(name, val);
      else if (name === 'model-id') def.modelId = val;
      else if (INT_PROPS[name]) {
        const p = INT_PROPS[name];
        const n = parseUint32(name, val);
        if (n > p.max) fail(`Property .${name} doesn't take value ${n} (minimum: 0, maximum: ${p.max})`);
        def[p.key] = n;
      } else fail(`Property '${typename}.${name}' not found`);
    } catch (e) {
      if (e instanceof Error && e.message.startsWith("can't apply global")) throw e;
      fail((e as Error).message);
    }
  }
  for (const name of opt.plus)
    if (!setFeature(name, true)) throw new Error(`Property '${typename}.${name}' not found`);
  for (const name of opt.minus)
    if (!setFeature(name, false)) throw new Error(`Property '${typename}.${name}' not found`);

  // x86_cpu_filter_features: what was asked for and cannot be provided is reported and dropped
  let unavailable = 0;
  for (const [i, w] of FEATURE_WORDS.entries()) {
    const have = w.index === undefined ? 0 : IMPLEMENTED_FEATURES[w.index];
    const missing = (asked[i] & ~have) >>> 0;
    if (!check && !enforce) continue;
    for (let bit = 0; bit < 32; bit++)
      if (missing & (1 << bit)) {
        const n = w.names[bit];
        warn(`warning: TCG doesn't support requested feature: ${w.desc}${n ? `.${n}` : ''} [bit ${bit}]`);
        unavailable++;
      }
  }
  if (enforce && unavailable) throw new Error("TCG doesn't support requested features");
  const features: [number, number, number, number] = [0, 0, 0, 0];
  for (const [i, w] of FEATURE_WORDS.entries())
    if (w.index !== undefined) features[w.index] = (words[i] & IMPLEMENTED_FEATURES[w.index]) >>> 0;
  def.features = features;
  x86CpuSetDef(env, def);
}
