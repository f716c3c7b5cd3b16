// Property access and path resolution throughput, beside a plain JS field access measured in
// the same run (the peer: what a device's own code pays).
import { QNum } from '@tsemu/qobject';
import {
  containerGet,
  objectClassPropertyAddTyped,
  objectGetRoot,
  objectNew,
  objectPropertyAddChild,
  objectPropertyGet,
  objectPropertySet,
  objectResolvePath,
  objectUnref,
  QomObject,
  TYPE_OBJECT,
  typeRegister,
} from '../src/index.js';

class Reg extends QomObject {
  value = 0;
}
typeRegister({
  name: 'bench-reg',
  parent: TYPE_OBJECT,
  instance: Reg,
  classInit: (k) => {
    objectClassPropertyAddTyped<number>(k, 'value', 'uint32', {
      get: (o) => (o as Reg).value,
      set: (o, v) => {
        (o as Reg).value = v;
      },
    });
  },
});

// a tree like a small machine: 8 containers of 16 objects each
const machine = containerGet(objectGetRoot(), '/machine');
let last: Reg | undefined;
for (let i = 0; i < 8; i++) {
  const c = containerGet(machine, `bus${i}`);
  for (let j = 0; j < 16; j++) {
    const r = objectNew<Reg>('bench-reg');
    objectPropertyAddChild(c, `dev${i}-${j}`, r);
    objectUnref(r);
    last = r;
  }
}
const reg = last as Reg;

function rate(fn: () => unknown): number {
  for (let i = 0; i < 1000; i++) fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 1000) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
  }
  return n / ((performance.now() - start) / 1000);
}

let sink = 0;
const peer = rate(() => {
  reg.value = (reg.value + 1) & 0xffff;
  sink += reg.value;
});
const one = QNum.fromInt(7);
const get = rate(() => objectPropertyGet(reg, 'value'));
const set = rate(() => objectPropertySet(reg, 'value', one));
const abs = rate(() => objectResolvePath('/machine/bus7/dev7-15'));
const partial = rate(() => objectResolvePath('dev7-15'));
const f = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : `${(x / 1e3).toFixed(1)} k/s`);
const r = (x: number) => `${(peer / x).toFixed(0)}x slower than a field`;
console.log(`field access (peer)        ${f(peer)}`);
console.log(`qom-get uint32 (QObject)   ${f(get)}  ${r(get)}`);
console.log(`qom-set uint32 (QObject)   ${f(set)}  ${r(set)}`);
console.log(`absolute path resolve      ${f(abs)}`);
console.log(`partial path resolve        ${f(partial)}  (walks all ${8 * 17 + 4} objects, as QEMU does)`);
if (sink < 0) console.log(sink);
