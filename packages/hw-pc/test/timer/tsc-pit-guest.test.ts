// Linux's two TSC calibrations against the PIT (arch/x86/kernel/tsc.c: quick_pit_calibrate, following
// channel 2's MSB from 0xffff in mode 0, and pit_calibrate_tsc, timing a 50 ms mode-0 countdown by
// port 0x61 bit 5), as a multiboot guest on the whole emulator: gate through port 0x61, counts from
// 0x42, rdtsc, results on the debug console (0xe9), exit through isa-debug-exit. The TSC/PIT ratio
// must be tsemu's TSC frequency (the TSC counts virtual nanoseconds: 1 GHz) in every warm round and
// in every run: the TSC and the PIT read one clock.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const tool = (cmd: string, arg: string) => spawnSync(cmd, [arg]).status === 0;
const haveNasm = tool('nasm', '-v');
const haveQemu = tool('qemu-system-i386', '--version');
if (!haveNasm) console.warn('nasm missing: TSC/PIT calibration guest test skipped');
if (haveNasm && !haveQemu)
  console.warn('qemu-system-i386 missing: the calibration guest is not checked on QEMU');

const ROUNDS = 5;
/** tsemu's TSC rate in kHz (cpuGetTicks: virtual nanoseconds) */
const TSEMU_TSC_KHZ = 1_000_000;

const SOURCE = `bits 32
org 0x100000
MB_MAGIC equ 0x1BADB002
MB_FLAGS equ 0x00010000
PIT_TICK_RATE equ 1193182
CAL_MS equ 50
CAL_LATCH equ PIT_TICK_RATE / (1000 / CAL_MS)
ROUNDS equ ${ROUNDS}
header:
  dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
  dd header, header, load_end, bss_end, start

%macro PUTS 1
  jmp %%go
%%s: db %1, 0
%%go:
  mov esi, %%s
  call puts
%endmacro
%macro PUTN 1            ; print a 32-bit value in decimal
  mov eax, %1
  call putdec
%endmacro

start:
  cli
  mov esp, stack_top
  mov dword [round], 0
.round:
  call quick
  call pitcal
  call ratio
  inc dword [round]
  cmp dword [round], ROUNDS
  jb .round
  mov al, 0
  out 0xf4, al
  hlt


; ---- the TSC/PIT ratio with bounded error: channel 2 counts down from 0xffff in mode 0; two
; samples (TSC, latched count, TSC) 40 ms apart, before the count reaches 0, each retried until
; its two TSC reads are within TIGHT cycles, so a host pause between the reads cannot skew it
TIGHT equ 100000
SPAN equ 47727                ; 40 ms of PIT ticks
ratio:
  mov dword [r_retry], 0
.start:
  in al, 0x61
  and al, 0xfd
  or al, 1
  out 0x61, al
  mov al, 0xb0
  out 0x43, al
  mov al, 0xff
  out 0x42, al
  out 0x42, al
  call sample
  mov [r_tsc], esi
  mov [r_cnt], edi
  mov dword [r_acc], 0
.wait:                        ; sum the count's steps mod 2^16: mode 0 wraps after 0
  call sample
  test byte [r_out], 0x20     ; the count passed 0 (a host pause over 15 ms): start again
  jz .nowrap
  inc dword [r_retry]
  jmp .start
.nowrap:
  mov eax, [r_cnt]
  sub eax, edi
  and eax, 0xffff
  add [r_acc], eax
  mov [r_cnt], edi
  cmp dword [r_acc], SPAN
  jb .wait
  mov ecx, [r_acc]            ; PIT ticks
  mov eax, esi
  sub eax, [r_tsc]            ; TSC cycles
  mov edx, PIT_TICK_RATE
  mul edx
  imul ecx, ecx, 1000
  div ecx
  mov [r_khz], eax
  PUTS 'ratio khz='
  PUTN [r_khz]
  PUTS ' retries='
  PUTN [r_retry]
  mov al, 10
  out 0xe9, al
  ret

; esi = TSC at the middle of the read, edi = channel 2's count
sample:
.again:
  rdtsc
  mov ebx, eax
  mov al, 0x80                ; latch channel 2
  out 0x43, al
  in al, 0x42
  mov ah, al
  in al, 0x42
  xchg al, ah
  movzx edi, ax
  in al, 0x61                 ; channel 2's output: high once the count reached 0
  mov [r_out], al
  rdtsc
  sub eax, ebx
  cmp eax, TIGHT
  jb .ok
  inc dword [r_retry]
  jmp .again
.ok:
  shr eax, 1
  lea esi, [ebx + eax]
  ret

; ---- quick_pit_calibrate: PIT channel 2 mode 0 from 0xffff, follow the MSB
quick:
  in al, 0x61
  and al, 0xfd
  or al, 1
  out 0x61, al
  mov al, 0xb0
  out 0x43, al
  mov al, 0xff
  out 0x42, al
  out 0x42, al
  in al, 0x42               ; pit_verify_msb(0): the count starts at the next edge
  in al, 0x42
  mov cl, 0xff
  call expect_msb
  cmp eax, 5
  jbe .fail
  mov [q_tsc], esi
  mov [q_d1], edi
  mov dword [q_i], 1
.loop:
  cmp dword [q_i], CAL_MS * PIT_TICK_RATE / 1000 / 256
  ja .fail
  mov cl, 0xff
  sub cl, [q_i]
  call expect_msb
  cmp eax, 5
  jbe .fail
  sub esi, [q_tsc]          ; delta
  mov ebx, [q_d1]
  add ebx, edi              ; d1 + d2
  cmp dword [q_i], 1
  jne .notfirst
  mov eax, CAL_MS * PIT_TICK_RATE / 1000 / 256
  mul esi
  shrd eax, edx, 11
  cmp ebx, eax
  jae .fail
.notfirst:
  mov eax, esi
  shr eax, 11
  cmp ebx, eax
  jae .next
  in al, 0x42
  in al, 0x42
  mov cl, 0xfe
  sub cl, [q_i]
  cmp al, cl
  jne .fail
  mov eax, esi
  mov ecx, PIT_TICK_RATE
  mul ecx
  mov ecx, [q_i]
  imul ecx, ecx, 256000
  div ecx
  mov [q_khz], eax
  PUTS 'quick khz='
  PUTN [q_khz]
  PUTS ' i='
  PUTN [q_i]
  PUTS ' err='
  PUTN ebx
  jmp .end
.next:
  inc dword [q_i]
  jmp .loop
.fail:
  mov [q_cnt], eax
  PUTS 'quick failed i='
  PUTN [q_i]
  PUTS ' count='
  PUTN [q_cnt]
.end:
  mov al, 10
  out 0xe9, al
  ret

; pit_expect_msb(cl): eax = reads that saw cl, esi = last TSC, edi = TSC after the loop - previous
expect_msb:
  xor ebp, ebp
  xor esi, esi
  xor ebx, ebx
.l:
  cmp ebp, 50000
  jae .e
  in al, 0x42
  in al, 0x42
  cmp al, cl
  jne .e
  mov ebx, esi
  rdtsc
  mov esi, eax
  inc ebp
  jmp .l
.e:
  rdtsc
  sub eax, ebx
  mov edi, eax
  mov eax, ebp
  ret

; ---- pit_calibrate_tsc(CAL_LATCH, CAL_MS, loopmin)
pitcal:
  in al, 0x61
  and al, 0xfd
  or al, 1
  out 0x61, al
  mov al, 0xb0
  out 0x43, al
  mov al, CAL_LATCH & 0xff
  out 0x42, al
  mov al, CAL_LATCH >> 8
  out 0x42, al
  rdtsc
  mov [p_t1], eax
  mov esi, eax
  xor ecx, ecx
  mov ebx, 0xffffffff
  xor ebp, ebp
.loop:
  in al, 0x61
  test al, 0x20
  jnz .done
  rdtsc
  mov edi, eax
  sub edi, esi
  mov esi, eax
  cmp edi, ebx
  jae .notmin
  mov ebx, edi
.notmin:
  cmp edi, ebp
  jbe .notmax
  mov ebp, edi
.notmax:
  inc ecx
  jmp .loop
.done:
  mov [p_cnt], ecx
  mov [p_min], ebx
  mov [p_max], ebp
  mov eax, esi
  sub eax, [p_t1]
  xor edx, edx
  mov ecx, CAL_MS
  div ecx
  mov [p_khz], eax
  PUTS 'pit khz='
  PUTN [p_khz]
  PUTS ' loops='
  PUTN [p_cnt]
  PUTS ' min='
  PUTN [p_min]
  PUTS ' max='
  PUTN [p_max]
  mov al, 10
  out 0xe9, al
  ret

puts:
  lodsb
  test al, al
  jz .e
  out 0xe9, al
  jmp puts
.e:
  ret

putdec:                      ; eax, no leading zeros
  mov ecx, 10
  xor edi, edi
.d:
  xor edx, edx
  div ecx
  push edx
  inc edi
  test eax, eax
  jnz .d
.p:
  pop eax
  add al, '0'
  out 0xe9, al
  dec edi
  jnz .p
  ret

load_end:
alignb 4096
round: resd 1
q_tsc: resd 1
q_d1: resd 1
q_i: resd 1
q_khz: resd 1
q_cnt: resd 1
p_t1: resd 1
p_cnt: resd 1
p_min: resd 1
p_max: resd 1
p_khz: resd 1
r_tsc: resd 1
r_cnt: resd 1
r_khz: resd 1
r_retry: resd 1
r_acc: resd 1
r_out: resd 1
  resb 4096
stack_top:
bss_end:
`;

const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'tsemu-tsc-pit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function assemble(): string {
  writeFileSync(join(dir, 'cal.asm'), SOURCE);
  const out = join(dir, 'cal.bin');
  execFileSync('nasm', ['-f', 'bin', '-w-zeroing', '-o', out, join(dir, 'cal.asm')]);
  return out;
}

interface Round {
  /** Linux's two methods, as printed (for the log: they reject host pauses, see the README) */
  quick: string;
  pit: string;
  /** the error-bounded TSC/PIT ratio, in kHz */
  ratioKhz: number;
}

/** Runs the guest; the emulator is tsemu from its sources (as a user runs it) or a QEMU binary. */
function runGuest(kernel: string, n: number, qemu?: string): Round[] {
  const log = join(dir, `debugcon-${n}.txt`);
  const args = [
    '-M',
    'pc',
    '-nodefaults',
    '-display',
    'none',
    '-kernel',
    kernel,
    '-chardev',
    `file,id=dbg,path=${log}`,
    '-device',
    'isa-debugcon,chardev=dbg',
    '-device',
    'isa-debug-exit,iobase=0xf4,iosize=4',
  ];
  const [cmd, argv] = qemu
    ? [qemu, args]
    : [
        process.execPath,
        [
          '--conditions=@tsemu/source',
          '--import',
          'tsx',
          join(repoRoot, 'apps', 'system-emulator', 'src', 'cli.ts'),
          ...args,
        ],
      ];
  const r = spawnSync(cmd, argv, { cwd: repoRoot, timeout: 120_000 });
  // isa-debug-exit: status (0 << 1) | 1
  expect(r.status, String(r.stderr)).toBe(1);
  const lines = readFileSync(log, 'latin1').trim().split('\n');
  expect(lines).toHaveLength(3 * ROUNDS);
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const [quick, pit, ratio] = lines.slice(3 * i, 3 * i + 3);
    expect(quick).toMatch(/^quick (khz=\d+ i=\d+ err=\d+|failed i=\d+ count=\d+)$/);
    expect(pit).toMatch(/^pit khz=\d+ loops=\d+ min=\d+ max=\d+$/);
    const m = /^ratio khz=(\d+) retries=\d+$/.exec(ratio);
    expect(m, ratio).not.toBeNull();
    rounds.push({ quick, pit, ratioKhz: Number((m as RegExpExecArray)[1]) });
  }
  return rounds;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
const within = (v: number, ref: number, frac: number) => Math.abs(v - ref) <= ref * frac;

describe.skipIf(!haveNasm)('TSC calibration against the PIT, as Linux does it, in a guest', () => {
  test('the TSC/PIT ratio is the TSC frequency, in every round and across runs', () => {
    const kernel = assemble();
    const runs = [runGuest(kernel, 1), runGuest(kernel, 2)];
    for (const rounds of runs) {
      console.log(rounds.map((r) => `${r.quick} | ${r.pit} | ratio ${r.ratioKhz} kHz`).join('\n'));
      // one round may meet a host pause longer than the counter's 55 ms period
      const good = rounds.filter((r) => within(r.ratioKhz, TSEMU_TSC_KHZ, 0.02));
      expect(good.length, rounds.map((r) => r.ratioKhz).join(' ')).toBeGreaterThanOrEqual(ROUNDS - 1);
      // a quick calibration that passed its own error check reports the same rate
      for (const r of rounds) {
        const q = /^quick khz=(\d+)/.exec(r.quick);
        if (q) expect(within(Number(q[1]), TSEMU_TSC_KHZ, 0.02), r.quick).toBe(true);
      }
    }
    const [a, b] = runs.map((rounds) => median(rounds.map((r) => r.ratioKhz)));
    expect(within(a, b, 0.02)).toBe(true);
  }, 300_000);

  test.skipIf(!haveQemu)(
    'on QEMU 7.2 the same guest measures one rate (the host TSC) in every round',
    () => {
      const kernel = assemble();
      const runs = [1, 2].map((n) => runGuest(kernel, 10 + n, 'qemu-system-i386'));
      const ref = median(runs[0].map((r) => r.ratioKhz));
      expect(ref).toBeGreaterThan(100_000);
      for (const rounds of runs) {
        const good = rounds.filter((r) => within(r.ratioKhz, ref, 0.02));
        expect(good.length, rounds.map((r) => r.ratioKhz).join(' ')).toBeGreaterThanOrEqual(ROUNDS - 1);
      }
    },
    300_000,
  );
});
