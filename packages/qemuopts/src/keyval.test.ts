import { QDict, QString, toJS } from '@tsemu/qobject';
import { describe, expect, it } from 'vitest';
import { KeyvalError, keyvalMerge, keyvalParse, parseJSONOrKeyval, parseQapiName } from './keyval.js';

const long = 'k'.repeat(128);

// [input, implied key, expected value or error message]
const cases: [string, string | undefined, unknown][] = [
  ['', undefined, {}],
  ['key=', undefined, { key: '' }],
  ['key=val', undefined, { key: 'val' }],
  ['key=val,', undefined, { key: 'val' }],
  ['a=1,b=2,a=3', undefined, { a: '3', b: '2' }],
  ['k=v,,w,,', undefined, { k: 'v,w,' }],
  ['k=a=b', undefined, { k: 'a=b' }],
  ['a.b.c=1,a.b.d=2,a.e=3', undefined, { a: { b: { c: '1', d: '2' }, e: '3' } }],
  ['a.0=x,a.1=y', undefined, { a: ['x', 'y'] }],
  ['a.1=y,a.0=x', undefined, { a: ['x', 'y'] }],
  ['a.0.b=1,a.0.c=2,a.1.b=3', undefined, { a: [{ b: '1', c: '2' }, { b: '3' }] }],
  ['a.00=x', undefined, { a: ['x'] }],
  ['__com.redhat_x=1', undefined, { '__com.redhat_x': '1' }],
  ['x-y_z.A-b=1', undefined, { 'x-y_z': { 'A-b': '1' } }],
  [
    'qcow2,file.driver=file,file.filename=a.img',
    'driver',
    { driver: 'qcow2', file: { driver: 'file', filename: 'a.img' } },
  ],
  ['qcow2', 'driver', { driver: 'qcow2' }],
  ['driver=raw', 'driver', { driver: 'raw' }],
  ['=val', undefined, "Invalid parameter ''"],
  [',a=1', undefined, "Invalid parameter ''"],
  ['key', undefined, "Expected '=' after parameter 'key'"],
  ['key,a=1', undefined, "Expected '=' after parameter 'key'"],
  ['a.b', undefined, "Expected '=' after parameter 'a.b'"],
  ['0=x', undefined, "Invalid parameter '0'"],
  ['a.1b=x', undefined, "Invalid parameter 'a.1b'"],
  ['a..b=x', undefined, "Invalid parameter 'a..b'"],
  ['a.=x', undefined, "Invalid parameter 'a.'"],
  ['a$=x', undefined, "Invalid parameter 'a$'"],
  ['_a=x', undefined, "Invalid parameter '_a'"],
  ['a.b=1,a=2', undefined, "Parameters 'a.*' used inconsistently"],
  ['a=2,a.b=1', undefined, "Parameters 'a.*' used inconsistently"],
  ['a.b.c=1,a.b=2', undefined, "Parameters 'a.b.*' used inconsistently"],
  ['a.0=x,a.b=y', undefined, "Parameters 'a.*' used inconsistently"],
  ['a.1=y', undefined, "Parameter 'a.0' missing"],
  ['a.0=x,a.2=z', undefined, "Parameter 'a.1' missing"],
  ['a.b.1=y', undefined, "Parameter 'a.b.0' missing"],
  ['a.99999999999=1', undefined, "Parameter 'a.0' missing"],
  [`${long}=1`, undefined, `Parameter '${long}' is too long`],
  [`a.${long}=1`, undefined, `Parameter fragment '${long}' is too long`],
  [`${'k'.repeat(127)}=1`, undefined, { ['k'.repeat(127)]: '1' }],
  ['a,,b', 'driver', "Invalid parameter ''"],
  ['qcow2,noval', 'driver', "Expected '=' after parameter 'noval'"],
];

describe('keyval_parse', () => {
  it.each(cases)('%j (implied %s)', (input, implied, expected) => {
    if (typeof expected === 'string') {
      expect(() => keyvalParse(input, implied)).toThrow(new KeyvalError(expected));
    } else {
      const r = keyvalParse(input, implied);
      expect(toJS(r.dict)).toEqual(expected);
      expect(r.help).toBe(false);
    }
  });

  it('recognises help and ? as keys', () => {
    expect(keyvalParse('help').help).toBe(true);
    expect(keyvalParse('?').help).toBe(true);
    const r = keyvalParse('qcow2,help', 'driver');
    expect([toJS(r.dict), r.help]).toEqual([{ driver: 'qcow2' }, true]);
    expect(keyvalParse('helpme=1').help).toBe(false);
    expect(() => keyvalParse('a=1,help', undefined, false)).toThrow('Help is not available for this option');
  });

  it('takes JSON when the string starts with {', () => {
    const r = parseJSONOrKeyval(
      '{"driver": "qcow2", "file": {"driver": "file", "filename": "a"}, "n": 1}',
      'driver',
    );
    expect(toJS(r.dict)).toEqual({ driver: 'qcow2', file: { driver: 'file', filename: 'a' }, n: 1 });
    expect(toJS(parseJSONOrKeyval('file,filename=x', 'driver').dict)).toEqual({
      driver: 'file',
      filename: 'x',
    });
    expect(() => parseJSONOrKeyval('{"a": ')).toThrow();
  });
});

describe('keyval_merge', () => {
  it('merges dicts recursively, appends lists, replaces strings', () => {
    const dest = keyvalParse('type=pc,memory.size=1G,numa.0=a').dict;
    keyvalMerge(dest, keyvalParse('memory.slots=2,type=q35,numa.0=b').dict);
    expect(toJS(dest)).toEqual({ type: 'q35', memory: { size: '1G', slots: '2' }, numa: ['a', 'b'] });
  });

  it('reports shape conflicts with the dotted path', () => {
    const dest = keyvalParse('memory.size=1G').dict;
    const src = new QDict().put('memory', new QDict().put('size', new QDict()));
    expect(() => keyvalMerge(dest, src)).toThrow("Parameter 'memory.size' used inconsistently");
    expect(() => keyvalMerge(dest, new QDict().put('memory', new QString('x')))).toThrow(
      "Parameter 'memory' used inconsistently",
    );
  });
});

describe('parse_qapi_name', () => {
  it.each([
    ['abc', 3],
    ['a-b_c9', 6],
    ['9a', -1],
    ['__org.qemu_x', 12],
    ['__org', -1],
    ['_x', -1],
    ['ab.c', 2],
  ])('%s → %d', (s, n) => expect(parseQapiName(s)).toBe(n));
  it('complete mode rejects trailing characters', () => {
    expect(parseQapiName('ab.c', 0, true)).toBe(-1);
  });
});
