import { describe, expect, test } from 'vitest';
import { disasBlock, disasOne, formatInsn } from '../src/disas.js';
import { asm, hasNasm, loadSnippet } from './harness/run-code.js';

// 114 bytes of a multiboot probe and the block qemu-system-i386 7.2 logged for them with -d in_asm
const CODE = new Uint8Array([
  0x89, 0x3d, 0xed, 0x00, 0x10, 0x00, 0x89, 0x2d, 0xf1, 0x00, 0x10, 0x00, 0xbf, 0xad, 0x00, 0x10, 0x00, 0x89,
  0x07, 0x89, 0x5f, 0x04, 0x89, 0x4f, 0x08, 0x89, 0x57, 0x0c, 0x89, 0x77, 0x10, 0x89, 0x6f, 0x14, 0x89, 0x67,
  0x18, 0x31, 0xc0, 0x66, 0x8c, 0xc8, 0x89, 0x47, 0x1c, 0x66, 0x8c, 0xd8, 0x89, 0x47, 0x20, 0x66, 0x8c, 0xd0,
  0x89, 0x47, 0x24, 0x66, 0x8c, 0xc0, 0x89, 0x47, 0x28, 0x66, 0x8c, 0xe0, 0x89, 0x47, 0x2c, 0x0f, 0x20, 0xc0,
  0x89, 0x47, 0x30, 0x0f, 0x01, 0x47, 0x34, 0xb9, 0x12, 0x00, 0x00, 0x00, 0xbe, 0xad, 0x00, 0x10, 0x00, 0xad,
  0xbb, 0x08, 0x00, 0x00, 0x00, 0xc1, 0xc0, 0x04, 0x50, 0x83, 0xe0, 0x0f, 0x8a, 0x80, 0x9d, 0x00, 0x10, 0x00,
  0xe6, 0xe9, 0x58, 0x4b, 0x75, 0xed,
]);
const QEMU_IN_ASM = `0x00100020:  89 3d ed 00 10 00        movl     %edi, 0x1000ed
0x00100026:  89 2d f1 00 10 00        movl     %ebp, 0x1000f1
0x0010002c:  bf ad 00 10 00           movl     $0x1000ad, %edi
0x00100031:  89 07                    movl     %eax, (%edi)
0x00100033:  89 5f 04                 movl     %ebx, 4(%edi)
0x00100036:  89 4f 08                 movl     %ecx, 8(%edi)
0x00100039:  89 57 0c                 movl     %edx, 0xc(%edi)
0x0010003c:  89 77 10                 movl     %esi, 0x10(%edi)
0x0010003f:  89 6f 14                 movl     %ebp, 0x14(%edi)
0x00100042:  89 67 18                 movl     %esp, 0x18(%edi)
0x00100045:  31 c0                    xorl     %eax, %eax
0x00100047:  66 8c c8                 movw     %cs, %ax
0x0010004a:  89 47 1c                 movl     %eax, 0x1c(%edi)
0x0010004d:  66 8c d8                 movw     %ds, %ax
0x00100050:  89 47 20                 movl     %eax, 0x20(%edi)
0x00100053:  66 8c d0                 movw     %ss, %ax
0x00100056:  89 47 24                 movl     %eax, 0x24(%edi)
0x00100059:  66 8c c0                 movw     %es, %ax
0x0010005c:  89 47 28                 movl     %eax, 0x28(%edi)
0x0010005f:  66 8c e0                 movw     %fs, %ax
0x00100062:  89 47 2c                 movl     %eax, 0x2c(%edi)
0x00100065:  0f 20 c0                 movl     %cr0, %eax
0x00100068:  89 47 30                 movl     %eax, 0x30(%edi)
0x0010006b:  0f 01 47 34              sgdtl    0x34(%edi)
0x0010006f:  b9 12 00 00 00           movl     $0x12, %ecx
0x00100074:  be ad 00 10 00           movl     $0x1000ad, %esi
0x00100079:  ad                       lodsl    (%esi), %eax
0x0010007a:  bb 08 00 00 00           movl     $8, %ebx
0x0010007f:  c1 c0 04                 roll     $4, %eax
0x00100082:  50                       pushl    %eax
0x00100083:  83 e0 0f                 andl     $0xf, %eax
0x00100086:  8a 80 9d 00 10 00        movb     0x10009d(%eax), %al
0x0010008c:  e6 e9                    outb     %al, $0xe9
0x0010008e:  58                       popl     %eax
0x0010008f:  4b                       decl     %ebx
0x00100090:  75 ed                    jne      0x10007f`;

const at = (bytes: Uint8Array, base: number) => (a: number) => bytes[a - base] ?? 0;

describe('disassembler (-d in_asm)', () => {
  test('prints a block as qemu-system-i386 7.2 does (capstone AT&T)', () => {
    const text = disasBlock(at(CODE, 0x100020), 0x100020, CODE.length, true);
    expect(text).toBe(`----------------\nIN: \n${QEMU_IN_ASM}\n\n`);
  });
  test.each([
    [[0xea, 0x00, 0x00, 0x00, 0x00, 0x30, 0x00], true, 'ljmpl    $0x30:$0x0'],
    [
      [0xc7, 0x05, 0x78, 0x0f, 0x10, 0x00, 0xff, 0xff, 0x00, 0x00],
      true,
      'movl     $0xffff, 0x100f78\n0x00100008:  00 00',
    ],
    [[0xf3, 0xa5], false, 'rep movsw (%si), %es:(%di)'],
    [[0x8e, 0xd8], true, 'movl     %eax, %ds'],
    [[0xf0, 0x01, 0xd8], true, '.byte    0xf0'],
    [[0x8d, 0xc0], true, '.byte    0x8d'],
    [[0x0f, 0xff], true, 'ud0      '],
    [[0xd5, 0x0a], true, 'aad      '],
    [[0x62, 0x05, 0xc0, 0x02, 0x10, 0x00], true, 'bound    0x1002c0, %eax'],
    [[0xe8, 0x8f, 0x00], false, 'callw    0x92'],
  ] as const)('%j (code32 %s) -> %s', (bytes, code32, text) => {
    const b = new Uint8Array(bytes);
    const line = formatInsn(at(b, 0x100000), 0x100000, disasOne(at(b, 0x100000), 0x100000, code32));
    expect(line.replace(/^0x00100000: {2}.{25}/, '')).toBe(text);
  });
  test.skipIf(!hasNasm)('X86CPU logInAsm and logCpu see each translated block and each TB run', () => {
    const blocks: string[] = [];
    const dumps: string[] = [];
    const s = loadSnippet(asm('mov eax, 1\n    add eax, eax\n    jmp next\nnext:\n    hlt'), 'interp', {
      logInAsm: (t) => blocks.push(t),
      logCpu: (t) => dumps.push(t),
    });
    s.run();
    expect(blocks.join('')).toBe(
      [
        '----------------',
        'IN: ',
        '0x00100000:  b8 01 00 00 00           movl     $1, %eax',
        '0x00100005:  01 c0                    addl     %eax, %eax',
        '0x00100007:  eb 00                    jmp      0x100009',
        '',
        '----------------',
        'IN: ',
        '0x00100009:  f4                       hlt      ',
        '',
        '',
      ].join('\n'),
    );
    expect(dumps.length).toBe(2);
    expect(dumps[1]).toContain('EAX=00000002');
    expect(dumps[1]).toContain('EIP=00100009');
  });
});
