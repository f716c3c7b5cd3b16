import fc from 'fast-check';
import { expect, test } from 'vitest';
import { FloatFlag, FloatRound, fromNumber, newFloatStatus, toHex, toNumber } from './floatx80.js';
import { floatx80Compare, floatx80RoundToInt, floatx80Sqrt, floatx80ToInt } from './floatx80-ops.js';

test('sqrt(2) at 64-bit precision', () => {
  const s = newFloatStatus();
  expect(toHex(floatx80Sqrt(fromNumber(2), s))).toBe('3fffb504f333f9de6484');
  expect(s.flags).toBe(FloatFlag.inexact);
});
test('sqrt(-1) is invalid', () => {
  const s = newFloatStatus();
  expect(toHex(floatx80Sqrt(fromNumber(-1), s))).toBe('ffffc000000000000000');
  expect(s.flags).toBe(FloatFlag.invalid);
});
test('sqrt at precision 53 agrees with Math.sqrt', () => {
  fc.assert(
    fc.property(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), (a) => {
      const s = { ...newFloatStatus(), precision: 64 as const };
      expect(toNumber(floatx80Sqrt(fromNumber(a), s))).toBe(Math.sqrt(a));
    }),
    { numRuns: 1000 },
  );
});
test('compare: NaN is unordered; fcom raises invalid, fucom only on sNaN', () => {
  const s = newFloatStatus();
  expect(floatx80Compare(fromNumber(Number.NaN), fromNumber(1), true, s)).toBe(2);
  expect(s.flags).toBe(0);
  expect(floatx80Compare(fromNumber(Number.NaN), fromNumber(1), false, s)).toBe(2);
  expect(s.flags).toBe(FloatFlag.invalid);
  expect(floatx80Compare(fromNumber(-0), fromNumber(0), false, newFloatStatus())).toBe(0);
  expect(floatx80Compare(fromNumber(-Infinity), fromNumber(-1e300), false, newFloatStatus())).toBe(-1);
});
test('fist: rounding modes and integer indefinite', () => {
  const s = newFloatStatus();
  expect(floatx80ToInt(fromNumber(2.5), 32, s)).toBe(2n);
  expect(floatx80ToInt(fromNumber(-3.5), 32, s)).toBe(-4n);
  expect(floatx80ToInt(fromNumber(-2.5), 32, { ...newFloatStatus(), roundingMode: FloatRound.Down })).toBe(
    -3n,
  );
  const t = newFloatStatus();
  expect(floatx80ToInt(fromNumber(40000), 16, t)).toBe(-32768n);
  expect(t.flags).toBe(FloatFlag.invalid);
});
test('frndint', () => {
  const s = newFloatStatus();
  expect(toNumber(floatx80RoundToInt(fromNumber(0.5), s))).toBe(0);
  expect(toNumber(floatx80RoundToInt(fromNumber(1.5), s))).toBe(2);
  expect(
    toNumber(floatx80RoundToInt(fromNumber(-0.25), { ...newFloatStatus(), roundingMode: FloatRound.Up })),
  ).toBe(-0);
});
