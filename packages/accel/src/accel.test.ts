import { objectPropertyGetInt, objectPropertyGetStr } from '@tsemu/qom';
import { SYSTEM_JS_THRESHOLD, SYSTEM_WASM_THRESHOLD } from '@tsemu/tcg';
import { describe, expect, test } from 'vitest';
import { AccelError, type AccelState, accelHelp, accelNew, QtestAccelState, TcgAccelState } from './accel.js';

describe('accelerators as QOM types', () => {
  test('-accel tcg with properties', () => {
    const a = accelNew('tcg', { 'tb-size': '32', backend: 'interp', 'split-wx': 'off' });
    expect(a).toBeInstanceOf(TcgAccelState);
    expect(a.accelName).toBe('tcg');
    const t = a as TcgAccelState;
    expect([t.tbSize, t.backend, t.splitWx, t.thread]).toEqual([32, 'interp', false, 'single']);
    expect(accelNew('qtest')).toBeInstanceOf(QtestAccelState);
  });

  test("the backend is wasm unless chosen; compile-threshold reads as the chosen backend's", () => {
    const tcg = (props: Record<string, string>) => accelNew('tcg', props);
    const threshold = (a: AccelState) => Number(objectPropertyGetInt(a, 'compile-threshold'));
    expect(objectPropertyGetStr(tcg({}), 'backend')).toBe('wasm');
    expect([SYSTEM_WASM_THRESHOLD, SYSTEM_JS_THRESHOLD]).toEqual([64, 20000]);
    expect(threshold(tcg({}))).toBe(SYSTEM_WASM_THRESHOLD);
    expect(threshold(tcg({ backend: 'js' }))).toBe(SYSTEM_JS_THRESHOLD);
    expect(objectPropertyGetStr(tcg({ backend: 'interp' }), 'backend')).toBe('interp');
    // set explicitly, it holds for whichever backend is chosen
    const t = tcg({ 'compile-threshold': '500', backend: 'js' }) as TcgAccelState;
    expect([t.backend, t.effectiveCompileThreshold, threshold(t)]).toEqual(['js', 500, 500]);
  });

  test.each([
    ['kvm', {}, 'invalid accelerator kvm'],
    ['no-such-accel', {}, 'invalid accelerator no-such-accel'],
    ['tcg', { nope: '1' }, "Property 'tcg-accel.nope' not found"],
    ['tcg', { 'tb-size': 'big' }, "Parameter 'tb-size' expects uint64"],
    ['tcg', { thread: 'multi' }, 'No MTTCG when guest word size > hosts'],
    ['tcg', { backend: 'llvm' }, "Invalid 'backend' setting llvm (interp, js or wasm)"],
  ])('-accel %s %o fails: %s', (name, props, message) => {
    expect(() => accelNew(name, props as Record<string, string>)).toThrow(
      expect.objectContaining({ message }),
    );
    try {
      accelNew(name, props as Record<string, string>);
    } catch (e) {
      expect(e).toBeInstanceOf(AccelError);
    }
  });

  test('-accel help lists them', () => {
    expect(accelHelp()).toBe('Accelerators supported in QEMU binary:\ntcg\nqtest\n');
  });
});
