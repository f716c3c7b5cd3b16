import { expect, test } from 'vitest';
import { FloatFlag, fromNumber, toHex } from './floatx80.js';
import {
  helper_fadd_ST0_FT0,
  helper_fcom_ST0_FT0,
  helper_fdiv_ST0_FT0,
  helper_fildl_ST0,
  helper_fistl_ST0,
  helper_fmov_FT0_STN,
  helper_fpop,
} from './x87-helpers.js';
import { FPUS_C0, FPUS_C1, FPUS_SE, fldcw, fnstsw, fnstTagWord, newX87State, st } from './x87-state.js';

test('fild 1; fild 3; fdivp-like sequence gives 1/3 and the tag word tracks the stack', () => {
  const s = newX87State();
  helper_fildl_ST0(s, 3);
  helper_fildl_ST0(s, 1);
  helper_fmov_FT0_STN(s, 1);
  helper_fdiv_ST0_FT0(s);
  expect(toHex(st(s, 0))).toBe('3ffdaaaaaaaaaaaaaaab');
  expect(fnstsw(s)).toBe((6 << 11) | FloatFlag.inexact);
  expect(fnstTagWord(s)).toBe(0x0fff);
  helper_fpop(s);
  expect(fnstTagWord(s)).toBe(0x3fff);
});

test('precision control 24 via fldcw', () => {
  const s = newX87State();
  fldcw(s, 0x07f);
  helper_fildl_ST0(s, 3);
  helper_fildl_ST0(s, 1);
  helper_fmov_FT0_STN(s, 1);
  helper_fdiv_ST0_FT0(s);
  expect(toHex(st(s, 0))).toBe('3ffdaaaaab0000000000');
});

test('ninth push wraps without a stack fault, as QEMU 7.2', () => {
  const s = newX87State();
  for (let i = 0; i < 9; i++) helper_fildl_ST0(s, i);
  expect(toHex(st(s, 0))).toBe('40028000000000000000');
  expect(fnstsw(s)).toBe(7 << 11);
  expect(fnstsw(s) & (FPUS_SE | FPUS_C1 | FloatFlag.invalid)).toBe(0);
});

test('unmasked exception sets ES and B', () => {
  const s = newX87State();
  fldcw(s, 0x37b); // unmask divide-by-zero
  helper_fildl_ST0(s, 1);
  s.ft0 = fromNumber(0);
  helper_fdiv_ST0_FT0(s);
  expect(fnstsw(s) & 0x8084).toBe(0x8084);
});

test('fcom sets C0 for less and fistl rounds', () => {
  const s = newX87State();
  helper_fildl_ST0(s, 2);
  s.ft0 = fromNumber(2.5);
  helper_fcom_ST0_FT0(s);
  expect(fnstsw(s) & 0x4500).toBe(FPUS_C0);
  helper_fadd_ST0_FT0(s);
  expect(helper_fistl_ST0(s)).toBe(4);
});
