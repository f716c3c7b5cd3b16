import { describe, expect, test } from 'vitest';
import { fromJS, QBool, QDict, QList, QNum, QString, qdictHash, qnull, toJS } from './index.js';

describe('QNum', () => {
  test('keeps int64, uint64 and double apart, exactly', () => {
    expect(QNum.fromInt(9223372036854775807n).getInt()).toBe(9223372036854775807n);
    expect(QNum.fromInt(-9223372036854775808n).getInt()).toBe(-9223372036854775808n);
    expect(QNum.fromUint(18446744073709551615n).getUint()).toBe(18446744073709551615n);
    expect(() => QNum.fromInt(9223372036854775808n)).toThrow(RangeError);
    expect(() => QNum.fromUint(-1n)).toThrow(RangeError);
    expect(() => QNum.fromInt(2 ** 60)).toThrow('not a safe integer');
  });
  test('conversions follow qnum_get_try_int/uint', () => {
    expect(QNum.fromUint(18446744073709551615n).tryGetInt()).toBeUndefined();
    expect(QNum.fromInt(-1n).tryGetUint()).toBeUndefined();
    expect(QNum.fromUint(5n).getInt()).toBe(5n);
    expect(QNum.fromDouble(1).tryGetInt()).toBeUndefined();
    expect(QNum.fromInt(3n).getDouble()).toBe(3);
    expect(() => QNum.fromDouble(1.5).getInt()).toThrow('not representable as int64');
  });
  test('equality: integers by value across signedness, never equal to doubles', () => {
    expect(QNum.fromInt(5n).equals(QNum.fromUint(5n))).toBe(true);
    expect(QNum.fromInt(5n).equals(QNum.fromDouble(5))).toBe(false);
    expect(QNum.fromDouble(0.5).equals(QNum.fromDouble(0.5))).toBe(true);
  });
});

describe('QDict', () => {
  test('iterates in QEMU hash order, newest first within a bucket', () => {
    // Orders seen in real QEMU / qemu-ga replies (reference captures).
    const order = (keys: string[]) => {
      const d = new QDict();
      for (const k of keys) d.put(k, qnull);
      return d.keys();
    };
    expect(order(['exited', 'exitcode', 'out-data', 'out-truncated'])).toEqual([
      'exitcode',
      'out-data',
      'out-truncated',
      'exited',
    ]);
    expect(order(['error', 'id'])).toEqual(['id', 'error']);
    expect(order(['return', 'id'])).toEqual(['return', 'id']);
    expect(order(['major', 'minor', 'micro'])).toEqual(['micro', 'minor', 'major']);
    expect(qdictHash('')).toBe(12345);
  });
  test('typed getters fail with QEMU-style messages', () => {
    const d = fromJS({ a: 1, s: 'x', b: true, big: 18446744073709551615n }) as QDict;
    expect(d.getInt('a')).toBe(1n);
    expect(d.getStr('s')).toBe('x');
    expect(d.getBool('b')).toBe(true);
    expect(d.getUint('big')).toBe(18446744073709551615n);
    expect(() => d.getInt('big')).toThrow("Invalid parameter type for 'big', expected: integer");
    expect(() => d.getStr('a')).toThrow("Invalid parameter type for 'a', expected: string");
    expect(() => d.getDict('zz')).toThrow("Parameter 'zz' is missing");
    expect(d.tryGetStr('a')).toBeUndefined();
  });
  test('replacing a value keeps its place; equality ignores order', () => {
    const d = new QDict().put('a', new QBool(true)).put('b', qnull);
    const before = d.keys().slice();
    d.put('a', new QString('x'));
    expect(d.keys()).toEqual(before);
    expect(d.equals(new QDict().put('b', qnull).put('a', new QString('x')))).toBe(true);
    expect(d.equals(new QDict().put('a', new QString('x')))).toBe(false);
  });
});

describe('plain JS conversion', () => {
  test('round-trips, with bigint beyond 2^53', () => {
    const v = {
      n: null,
      t: true,
      i: 42,
      d: 0.5,
      big: -9223372036854775808n,
      u: 18446744073709551615n,
      l: [1, 'a', []],
    };
    const q = fromJS(v);
    expect(toJS(q)).toEqual(v);
    expect((q as QDict).getNum('d').kind).toBe('double');
    expect((q as QDict).getNum('u').kind).toBe('u64');
    expect(new QList([qnull]).equals(fromJS([null]))).toBe(true);
  });
});
