import { QBool, QDict, QNum, type QString } from '@tsemu/qobject';
import { expect, it } from 'vitest';
import { QemuOptsList, qemuOptsFromQDict, qemuOptsToQDict } from './index.js';

it('QemuOpts -> QDict -> QemuOpts is lossless', () => {
  const l = new QemuOptsList({ name: 'device', impliedOptName: 'driver' });
  const opts = l.parse('e1000,id=n,mac=52:54:00:12:34:56,addr=0x3').opts!;
  const d = qemuOptsToQDict(opts);
  // QDict iterates in QEMU's hash order, so compare as a record.
  expect(Object.fromEntries(d.entries().map(([k, v]) => [k, (v as QString).value]))).toEqual({
    id: 'n',
    driver: 'e1000',
    mac: '52:54:00:12:34:56',
    addr: '0x3',
  });
  const other = new QemuOptsList({ name: 'device', impliedOptName: 'driver' });
  expect(qemuOptsFromQDict(other, d).toRecord()).toEqual(opts.toRecord());
});

it('numbers and bools from a QDict become QemuOpts strings', () => {
  const d = new QDict().put('size', QNum.fromInt(4096n)).put('share', new QBool(true));
  const opts = qemuOptsFromQDict(new QemuOptsList({ name: 'object' }), d);
  expect(opts.toRecord()).toEqual({ size: '4096', share: 'on' });
});
