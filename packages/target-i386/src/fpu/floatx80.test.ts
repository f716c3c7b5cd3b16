import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  FloatFlag,
  FloatRound,
  type FloatStatus,
  floatx80Add,
  floatx80Div,
  floatx80Mul,
  floatx80Sub,
  fromNumber,
  int32ToFloatx80,
  make,
  newFloatStatus,
  toHex,
  toNumber,
} from './floatx80.js';

const st53 = (): FloatStatus => ({ roundingMode: FloatRound.NearestEven, precision: 64, flags: 0 });
const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true });

describe('floatx80 hand-checked vectors', () => {
  test('1 + 1 = 2, exact', () => {
    const s = newFloatStatus();
    expect(toHex(floatx80Add(fromNumber(1), fromNumber(1), s))).toBe('40008000000000000000');
    expect(s.flags).toBe(0);
  });
  test('1 / 3 at 64-bit precision rounds to nearest even', () => {
    const s = newFloatStatus();
    expect(toHex(floatx80Div(fromNumber(1), fromNumber(3), s))).toBe('3ffdaaaaaaaaaaaaaaab');
    expect(s.flags).toBe(FloatFlag.inexact);
  });
  test('1 / 3 truncated with round toward zero', () => {
    const s = { ...newFloatStatus(), roundingMode: FloatRound.ToZero };
    expect(toHex(floatx80Div(fromNumber(1), fromNumber(3), s))).toBe('3ffdaaaaaaaaaaaaaaaa');
  });
  test('1 / 0 raises divide-by-zero and gives +inf', () => {
    const s = newFloatStatus();
    expect(toHex(floatx80Div(fromNumber(1), fromNumber(0), s))).toBe('7fff8000000000000000');
    expect(s.flags).toBe(FloatFlag.divByZero);
  });
  test('0 / 0 and inf - inf give the default NaN with invalid', () => {
    const s = newFloatStatus();
    expect(toHex(floatx80Div(fromNumber(0), fromNumber(0), s))).toBe('ffffc000000000000000');
    expect(toHex(floatx80Sub(fromNumber(Infinity), fromNumber(Infinity), s))).toBe('ffffc000000000000000');
    expect(s.flags).toBe(FloatFlag.invalid);
  });
  test('an unnormal operand is invalid', () => {
    const s = newFloatStatus();
    const unnormal = make(false, 0x3fff, 0x4000000000000000n);
    expect(toHex(floatx80Add(unnormal, fromNumber(1), s))).toBe('ffffc000000000000000');
    expect(s.flags).toBe(FloatFlag.invalid);
  });
  test('x - x is -0 only when rounding down', () => {
    const s = { ...newFloatStatus(), roundingMode: FloatRound.Down };
    expect(toHex(floatx80Sub(fromNumber(5), fromNumber(5), s))).toBe('80000000000000000000');
    expect(toHex(floatx80Sub(fromNumber(5), fromNumber(5), newFloatStatus()))).toBe('00000000000000000000');
  });
  test('overflow of the largest finite value', () => {
    const max = make(false, 0x7ffe, 0xffffffffffffffffn);
    const s = newFloatStatus();
    expect(toHex(floatx80Mul(max, int32ToFloatx80(2), s))).toBe('7fff8000000000000000');
    expect(s.flags).toBe(FloatFlag.overflow | FloatFlag.inexact);
    const z = { ...newFloatStatus(), roundingMode: FloatRound.ToZero };
    expect(toHex(floatx80Mul(max, int32ToFloatx80(2), z))).toBe('7ffeffffffffffffffff');
  });
  test('precision control 24 rounds the significand to 24 bits', () => {
    const s: FloatStatus = { roundingMode: FloatRound.NearestEven, precision: 32, flags: 0 };
    expect(toHex(floatx80Div(fromNumber(1), fromNumber(3), s))).toBe('3ffdaaaaab0000000000');
  });
  test('tiny inexact result raises underflow', () => {
    const tiny = make(false, 1, 0x8000000000000000n);
    const s = newFloatStatus();
    const r = floatx80Div(tiny, fromNumber(3), s);
    expect(r.high).toBe(0);
    expect(s.flags).toBe(FloatFlag.underflow | FloatFlag.inexact);
  });
});

describe('precision 53, nearest-even agrees with JS doubles', () => {
  const ops: [string, typeof floatx80Add, (a: number, b: number) => number][] = [
    ['add', floatx80Add, (a, b) => a + b],
    ['sub', floatx80Sub, (a, b) => a - b],
    ['mul', floatx80Mul, (a, b) => a * b],
    ['div', floatx80Div, (a, b) => a / b],
  ];
  for (const [name, op, js] of ops) {
    test(name, () => {
      fc.assert(
        fc.property(finiteDouble, finiteDouble, (a, b) => {
          const expected = js(a, b);
          // Double rounding only matters for doubles' subnormal range; keep results normal.
          fc.pre(Number.isNaN(expected) || expected === 0 || Math.abs(expected) >= 2.2250738585072014e-308);
          const got = toNumber(op(fromNumber(a), fromNumber(b), st53()));
          expect(Object.is(got, expected) || (Number.isNaN(got) && Number.isNaN(expected))).toBe(true);
        }),
        { numRuns: 2000 },
      );
    });
  }
});
