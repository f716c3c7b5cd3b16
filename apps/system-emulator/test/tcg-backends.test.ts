import { describe, expect, test } from 'vitest';
import { runGuestToLine } from './guest-run.js';
import { runEmulator } from './helpers.js';
import { assembleGuest, hasNasm } from './nasm-guests.js';

// -accel tcg,backend=wasm|js|interp: one guest, the same output on every backend and on the default
// (wasm). Rounds of fill (imul), rep movsd, a multiply-carry hash, div and indirect calls run hot
// enough for the wasm backend to compile them; then paging: a 4 MiB alias of the buffer, a store
// through it, and the alias moved with a CR3 reload (a stale TLB entry would read the old page).

if (!hasNasm) console.warn('nasm missing: TCG backend guest tests skipped');

const N = 4096;
const ROUNDS = 12;
const GUEST = `
N equ ${N}
BUF equ 0x200000
BUF2 equ 0x280000
ALIAS equ 0x40000000
PD equ 0x500000
ROUNDS equ ${ROUNDS}
  xor ebp, ebp
.round:
  mov edi, BUF
  mov ecx, N
  lea eax, [ebp*8 + 12345]
.fill:
  imul eax, eax, 1103515245
  add eax, 12345
  stosd
  loop .fill
  mov esi, BUF
  mov edi, BUF2
  mov ecx, N
  rep movsd
  mov ebx, [hacc]
  mov esi, BUF2
  mov ecx, N
.hash:
  lodsd
  xor ebx, eax
  rol ebx, 5
  mov edx, 0x9E3779B1
  mul edx
  add ebx, edx
  adc ebx, 0
  loop .hash
  mov [hacc], ebx
  mov esi, BUF2
  mov ecx, N
.div:
  lodsd
  push eax
  xor edx, edx
  mov ebx, 1000003
  div ebx
  add [dacc], edx
  pop eax
  mov edx, eax
  and edx, 1
  call [ftab + edx*4]
  add [facc], eax
  loop .div
  inc ebp
  cmp ebp, ROUNDS
  jb .round
  ; paging: identity 4 MiB pages for 0-8 MiB, BUF2's page again at ALIAS
  mov edi, PD
  xor eax, eax
  mov ecx, 1024
  rep stosd
  mov dword [PD], 0x83
  mov dword [PD + 4], 0x400083
  mov dword [PD + (ALIAS >> 22) * 4], 0x83
  mov eax, cr4
  or eax, 0x10
  mov cr4, eax
  mov eax, PD
  mov cr3, eax
  mov eax, cr0
  or eax, 0x80000000
  mov cr0, eax
  xor ebx, ebx
  mov esi, ALIAS + BUF2
  mov ecx, N
.ah:
  lodsd
  xor ebx, eax
  rol ebx, 7
  add ebx, eax
  loop .ah
  mov [pacc], ebx
  ; a store through the alias is seen at the identity address
  mov dword [ALIAS + BUF2], 0xdeadbeef
  mov eax, [BUF2]
  mov [wacc], eax
  ; the alias moved to 4 MiB: the old translation must not survive the CR3 reload
  mov dword [0x400000 + BUF2], 0x12345678
  mov dword [PD + (ALIAS >> 22) * 4], 0x400083
  mov eax, cr3
  mov cr3, eax
  mov eax, [ALIAS + BUF2]
  mov [racc], eax
  mov esi, hacc
  mov ecx, 6
.out:
  lodsd
  call hex32
  mov al, ' '
  cmp ecx, 1
  jne .sep
  mov al, 10
.sep:
  call putc
  loop .out
.halt:
  cli
  hlt
  jmp .halt
f0:
  lea eax, [eax + eax * 2]
  ret
f1:
  xor eax, 0x5a5a5a5a
  ret
align 4
ftab: dd f0, f1
hacc: dd 0
dacc: dd 0
facc: dd 0
pacc: dd 0
wacc: dd 0
racc: dd 0
`;

/** The guest's line, computed here. */
function expected(): string {
  const rol = (v: number, n: number) => ((v << n) | (v >>> (32 - n))) >>> 0;
  let h = 0;
  let d = 0;
  let f = 0;
  let buf: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    buf = [];
    let a = 12345 + 8 * r;
    for (let i = 0; i < N; i++) {
      a = (Math.imul(a, 1103515245) + 12345) >>> 0;
      buf.push(a);
    }
    for (const x of buf) {
      h = rol((h ^ x) >>> 0, 5);
      const sum = h + Number((BigInt(x) * 0x9e3779b1n) >> 32n);
      h = (sum + (sum > 0xffffffff ? 1 : 0)) >>> 0;
    }
    for (const x of buf) {
      d = (d + (x % 1000003)) >>> 0;
      f = (f + (x & 1 ? (x ^ 0x5a5a5a5a) >>> 0 : Math.imul(x, 3) >>> 0)) >>> 0;
    }
  }
  let p = 0;
  for (const x of buf) p = (rol((p ^ x) >>> 0, 7) + x) >>> 0;
  const hex = (v: number) => v.toString(16).toUpperCase().padStart(8, '0');
  return `${[h, d, f, p, 0xdeadbeef, 0x12345678].map(hex).join(' ')}\n`;
}

const count = (re: RegExp, jit: string) => Number(re.exec(jit)?.[1] ?? Number.NaN);
const jsCompiled = (jit: string) => count(/JS compiled TBs +(\d+)/, jit);
const wasmCompiled = (jit: string) => count(/wasm compiled TBs +(\d+)/, jit);

describe('-accel tcg,backend=', () => {
  test.skipIf(!hasNasm)(
    'wasm (the default), js and interp run the guest to the same output',
    async () => {
      const kernel = assembleGuest('backends', GUEST);
      const want = expected();
      // the default: wasm, TBs compiled after 64 runs
      const dflt = await runGuestToLine(kernel, 'tcg');
      expect(dflt.output).toBe(want);
      expect(wasmCompiled(dflt.jit)).toBeGreaterThan(0);
      const wasm = await runGuestToLine(kernel, 'tcg,backend=wasm');
      expect(wasm.output).toBe(want);
      expect(wasmCompiled(wasm.jit)).toBeGreaterThan(0);
      // js with a threshold low enough for the hot loops to run as generated JavaScript
      const js = await runGuestToLine(kernel, 'tcg,backend=js,compile-threshold=50');
      expect(js.output).toBe(want);
      expect(jsCompiled(js.jit)).toBeGreaterThan(0);
      expect(js.jit).not.toContain('wasm compiled TBs');
      const interp = await runGuestToLine(kernel, 'tcg,backend=interp');
      expect(interp.output).toBe(want);
      expect(jsCompiled(interp.jit)).toBe(0);
      expect(interp.jit).not.toContain('wasm compiled TBs');
    },
    240_000,
  );

  test('an unknown backend fails with the property error', async () => {
    const r = await runEmulator(['-nodefaults', '-display', 'none', '-S', '-accel', 'tcg,backend=bogus']);
    expect([r.status, r.stderr]).toEqual([
      1,
      "tsemu-system-x86_64: -accel tcg,backend=bogus: Invalid 'backend' setting bogus (interp, js or wasm)\n",
    ]);
  });
});
