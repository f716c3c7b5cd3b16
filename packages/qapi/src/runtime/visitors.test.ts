import { parseJSON, QDict, QList, QNum, QString, toJSON } from '@tsemu/qobject';
import { describe, expect, it } from 'vitest';
import { testSchemaDesc } from './__fixtures__/test-schema.js';
import { strtosz, strtoszErr } from './cutils.js';
import { QapiError } from './error.js';
import { optsInput } from './opts-input.js';
import { keyvalInput, qobjectInput } from './qobject-input.js';
import { qapiClone, qobjectOutput } from './qobject-output.js';
import { defineSchema } from './schema.js';
import { stringInput } from './string-input.js';

const schema = defineSchema(testSchemaDesc);

function inputError(type: string, json: string, policy = {}): string {
  try {
    qobjectInput(schema, type, parseJSON(json), { policy });
  } catch (e) {
    expect(e).toBeInstanceOf(QapiError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('QObject input visitor', () => {
  it.each([
    ['q_obj_qom-get-arg', '{"path": "/machine"}', "Parameter 'property' is missing"],
    [
      'q_obj_qom-get-arg',
      '{"path": 1, "property": "type"}',
      "Invalid parameter type for 'path', expected: string",
    ],
    [
      'q_obj_qom-list-types-arg',
      '{"abstract": "yes"}',
      "Invalid parameter type for 'abstract', expected: boolean",
    ],
    ['q_obj_qom-get-arg', '{"path": "a", "property": "b", "foo": 1}', "Parameter 'foo' is unexpected"],
    ['q_obj_guest-sync-arg', '{"id": "abc"}', "Invalid parameter type for 'id', expected: integer"],
    ['q_obj_guest-sync-arg', '{"id": 1.5}', "Invalid parameter type for 'id', expected: integer"],
    [
      'ObjectOptions',
      '{"qom-type": "no-such-type", "id": "o1"}',
      "Parameter 'qom-type' does not accept value 'no-such-type'",
    ],
    ['ObjectOptions', '{"qom-type": "memory-backend-ram", "id": "o2"}', "Parameter 'size' is missing"],
    ['ObjectOptions', '{"id": "o2"}', "Parameter 'qom-type' is missing"],
    ['ObjectOptions', '{"qom-type": "iothread", "id": "x", "size": 1}', "Parameter 'size' is unexpected"],
    [
      'ObjectOptions',
      '{"qom-type": "iothread", "id": "x", "poll-grow": 128}',
      "Parameter 'poll-grow' expects int8_t",
    ],
    [
      'ObjectOptions',
      '{"qom-type": "memory-backend-ram", "id": "x", "size": "1G"}',
      "Parameter 'size' expects uint64",
    ],
    [
      'ObjectOptions',
      '{"qom-type": "memory-backend-ram", "id": "x", "size": 1, "host-nodes": [1, 70000]}',
      "Parameter 'null' expects uint16_t",
    ],
    [
      'ObjectOptions',
      '{"qom-type": "memory-backend-ram", "id": "x", "size": 1, "host-nodes": 1}',
      "Invalid parameter type for 'host-nodes', expected: array",
    ],
    ['Nested', '{"a": [{"b": 1}, {"b": "x"}]}', "Invalid parameter type for 'a[1].b', expected: integer"],
    ['Nested', '{"a": [{"b": 1}, {}]}', "Parameter 'a[1].b' is missing"],
    ['Nested', '{"a": [{"b": 1, "c": 2}]}', "Parameter 'a[0].c' is unexpected"],
    ['Nested', '{"a": [], "ref": 1}', "Invalid parameter type for 'ref', expected: BlockdevRef"],
    ['Nested', '{"a": [], "ref": {"a": [1]}}', "Invalid parameter type for 'ref.a[0]', expected: object"],
    ['Nested', '{"a": [{"b": 1, "t": "qfoo"}]}', "Parameter 't' does not accept value 'qfoo'"],
    ['Nested', '{"a": [{"b": 1, "n": "1"}]}', "Invalid parameter type for 'a[0].n', expected: number"],
    ['Nested', '{"a": {}}', "Invalid parameter type for 'a', expected: array"],
    ['StrOrNull', '[]', "Invalid parameter type for 'null', expected: StrOrNull"],
    ['Nested', '[]', "Invalid parameter type for '<anonymous>', expected: object"],
  ])('%s %s → %s', (type, json, message) => {
    expect(inputError(type, json)).toBe(message);
  });

  it('visits structs, unions, alternates, lists and 64-bit integers exactly', () => {
    expect(
      qobjectInput(
        schema,
        'ObjectOptions',
        parseJSON(
          '{"qom-type": "memory-backend-ram", "id": "m", "size": 18446744073709551615, "host-nodes": [0, 65535]}',
        ),
      ),
    ).toEqual({
      'qom-type': 'memory-backend-ram',
      id: 'm',
      size: 18446744073709551615n,
      'host-nodes': [0, 65535],
    });
    // uint64 takes negative integers modulo 2^64, as QEMU does for backward compatibility.
    expect(qobjectInput(schema, 'Inner', parseJSON('{"b": -1, "u": -1, "n": 3}'))).toEqual({
      b: -1,
      u: (1n << 64n) - 1n,
      n: 3,
    });
    expect(qobjectInput(schema, 'StrOrNull', parseJSON('null'))).toBe(null);
    expect(qobjectInput(schema, 'StrOrNull', parseJSON('"x"'))).toBe('x');
    const nested = qobjectInput<any>(
      schema,
      'Nested',
      parseJSON('{"a": [{"b": 2, "q": {"k": [1]}}], "ref": {"a": []}}'),
    );
    expect(nested.a[0].q).toBeInstanceOf(QDict);
    expect(nested.ref).toEqual({ a: [] });
  });

  it('applies the compat policy to deprecated and unstable input', () => {
    const reject = { deprecatedInput: 'reject', unstableInput: 'reject' } as const;
    expect(inputError('Nested', '{"a": [], "old": 1}', reject)).toBe(
      'Deprecated parameter old disabled by policy',
    );
    expect(inputError('ObjectOptions', '{"qom-type": "old-thing", "id": "x"}', reject)).toBe(
      'Deprecated value old-thing disabled by policy',
    );
    expect(
      inputError(
        'ObjectOptions',
        '{"qom-type": "memory-backend-ram", "id": "x", "size": 1, "x-use-canonical-path-for-ramblock-id": true}',
        reject,
      ),
    ).toBe('Unstable parameter x-use-canonical-path-for-ramblock-id disabled by policy');
    // accept (the default) lets them through
    expect(qobjectInput(schema, 'Nested', parseJSON('{"a": [], "old": 1}'))).toEqual({ a: [], old: 1 });
    const crashes: string[] = [];
    const crash = (what: string): never => {
      crashes.push(what);
      throw new Error('crashed');
    };
    expect(() =>
      qobjectInput(schema, 'Nested', parseJSON('{"a": [], "old": 1}'), {
        policy: { deprecatedInput: 'crash', crash },
      }),
    ).toThrow('crashed');
    expect(crashes).toEqual(['Deprecated parameter old']);
  });
});

describe('keyval input visitor', () => {
  const kv = (type: string, json: string) => keyvalInput(schema, type, parseJSON(json));
  const kvError = (type: string, json: string) => {
    try {
      kv(type, json);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('no error');
  };
  it('parses strings into typed values', () => {
    expect(
      kv(
        'ObjectOptions',
        '{"qom-type": "memory-backend-ram", "id": "m", "size": "1.5G", "share": "on", "host-nodes": ["0", "0x10"]}',
      ),
    ).toEqual({
      'qom-type': 'memory-backend-ram',
      id: 'm',
      size: 1610612736n,
      share: true,
      'host-nodes': [0, 16],
    });
    expect(kv('Inner', '{"b": "-010", "n": "2.5e1", "u": "18446744073709551615"}')).toEqual({
      b: -8,
      n: 25,
      u: 18446744073709551615n,
    });
  });
  it.each([
    [
      'ObjectOptions',
      '{"qom-type": "memory-backend-ram", "id": "m", "size": "12Q"}',
      "Parameter 'size' expects size",
    ],
    [
      'ObjectOptions',
      '{"qom-type": "memory-backend-ram", "id": "m", "size": "1", "share": "yes"}',
      "Parameter 'share' expects 'on' or 'off'",
    ],
    [
      'ObjectOptions',
      '{"qom-type": "memory-backend-ram", "id": "m", "size": "1", "host-nodes": ["1", "x"]}',
      "Parameter 'host-nodes.1' expects integer",
    ],
    ['Inner', '{"b": {"c": "1"}}', "Parameters 'b.*' are unexpected"],
    ['Inner', '{"b": "1", "n": "x"}', "Invalid parameter type for 'n', expected: number"],
    ['Nested', '{"a": [{"b": "z"}]}', "Parameter 'a.0.b' expects integer"],
  ])('%s %s → %s', (type, json, message) => {
    expect(kvError(type, json)).toBe(message);
  });
});

describe('string input visitor and size parsing', () => {
  it.each([
    ['1', 1n],
    ['1k', 1024n],
    ['1K', 1024n],
    ['2M', 2n << 20n],
    ['1.5G', 3n << 29n],
    ['16E', undefined],
    ['15E', 15n << 60n],
    ['0x10', 16n],
    ['1.5', undefined],
    ['-1', undefined],
    ['1b', 1n],
    ['', undefined],
    ['1KiB', undefined],
  ])('strtosz(%j) = %s', (s, v) => {
    expect(strtosz(s)).toBe(v);
  });
  it.each([
    ['16E', 'ERANGE'],
    ['0x10k', undefined], // hex takes no suffix
    ['0x1.8', undefined],
    ['1.0', 1n], // a zero fraction needs no suffix
    ['12.345M', 12944671n], // rounded to the nearest byte
    ['1e3', undefined],
    [' 4k', 4096n],
    ['4k ', undefined],
  ])('strtoszErr(%j) = %s', (s, v) => {
    expect(strtoszErr(s)).toBe(v);
  });
  it('visits scalars and integer lists as QEMU spells them', () => {
    for (const [s, v] of [
      ['on', true],
      ['YES', true],
      ['True', true],
      ['off', false],
      ['no', false],
      ['FALSE', false],
    ] as const)
      expect(stringInput(schema, 'bool', s)).toBe(v);
    expect(() => stringInput(schema, 'bool', 'y', { name: 'usb' })).toThrow(
      "Invalid parameter type for 'usb', expected: boolean",
    );
    expect(stringInput(schema, 'size', '4k')).toBe(4096n);
    expect(() => stringInput(schema, 'size', '4x', { name: 'sz' })).toThrow(
      "Parameter 'sz' expects a non-negative number below 2^64",
    );
    expect(() => stringInput(schema, 'size', '16E', { name: 'sz' })).toThrow(
      "Value '16E' is out of range for parameter 'sz'",
    );
    expect(stringInput(schema, '[uint16]', '1,3-5,0x10')).toEqual([1, 3, 4, 5, 16]);
    expect(stringInput(schema, '[int64]', '-3--1')).toEqual([-3n, -2n, -1n]);
    expect(stringInput(schema, '[int64]', '')).toEqual([]);
    expect(() => stringInput(schema, '[int]', '5-3', { name: 'cpus' })).toThrow(
      "Parameter 'cpus' expects list of int64 values or ranges",
    );
    expect(() => stringInput(schema, '[uint32]', '0-70000', { name: 'c' })).toThrow(
      "Parameter 'c' expects list of uint64 values or ranges",
    );
    expect(() => stringInput(schema, 'int64', '1x', { name: 'n' })).toThrow("Parameter 'n' expects int64");
    expect(() => stringInput(schema, 'uint8', '256', { name: 'x' })).toThrow("Parameter 'x' expects uint8_t");
    expect(stringInput(schema, 'uint64', '18446744073709551615')).toBe(18446744073709551615n);
    expect(stringInput(schema, 'RunState', 'paused')).toBe('paused');
    expect(() => stringInput(schema, 'RunState', 'gone', { name: 'st' })).toThrow(
      "Parameter 'st' does not accept value 'gone'",
    );
    expect(() => stringInput(schema, '[str]', 'a,b')).toThrow('cannot visit a list of str');
    expect(stringInput(schema, 'number', '1e3')).toBe(1000);
    expect(() => stringInput(schema, 'number', 'x', { name: 'f' })).toThrow(
      "Invalid parameter type for 'f', expected: number",
    );
    expect(stringInput(schema, 'null', '')).toBe(null);
  });
});

describe('QObject output and clone visitors', () => {
  it('writes members in schema order with exact integers', () => {
    const q = qobjectOutput(schema, 'ObjectOptions', {
      'qom-type': 'memory-backend-ram',
      id: 'm',
      size: 18446744073709551615n,
      'host-nodes': [1, 2],
      extra: 'ignored',
    });
    expect(toJSON(q)).toBe(
      toJSON(
        parseJSON(
          '{"qom-type": "memory-backend-ram", "id": "m", "size": 18446744073709551615, "host-nodes": [1, 2]}',
        ),
      ),
    );
    expect((q as QDict).get('size')).toEqual(QNum.fromUint(18446744073709551615n));
    expect(
      toJSON(qobjectOutput(schema, 'StatusInfo', { status: 'prelaunch', singlestep: false, running: false })),
    ).toBe('{"status": "prelaunch", "singlestep": false, "running": false}');
  });
  it('rejects values that do not fit the type', () => {
    expect(() =>
      qobjectOutput(schema, 'StatusInfo', { status: 'nope', singlestep: false, running: false }),
    ).toThrow("QAPI output: 'status' must be a RunState value, got string");
    expect(() => qobjectOutput(schema, 'StatusInfo', { status: 'debug', running: false })).toThrow(
      "QAPI output: 'singlestep' must be present",
    );
    expect(() => qobjectOutput(schema, 'Inner', { b: 2 ** 64 })).toThrow('must be an integer');
    expect(() => qobjectOutput(schema, 'IothreadProperties', { 'poll-grow': 200 })).toThrow(
      'out of range for int8',
    );
  });
  it('hides deprecated and unstable members when the policy says hide', () => {
    const v = { a: [{ b: 1 }], old: 5, ref: 'node0' };
    expect(toJSON(qobjectOutput(schema, 'Nested', v))).toContain('"old": 5');
    expect(
      toJSON(qobjectOutput(schema, 'Nested', v, { policy: { deprecatedOutput: 'hide' } })),
    ).not.toContain('old');
  });
  it('outputs alternates, any and lists', () => {
    const q = qobjectOutput(schema, 'Nested', {
      a: [{ b: 1, q: new QList([new QString('z')]), t: 'qdict' }],
      ref: { a: [] },
    });
    expect(toJSON(q)).toContain('"q": ["z"]');
    expect(toJSON(q)).toContain('"ref": {"a": []}');
    expect(toJSON(qobjectOutput(schema, 'StrOrNull', null))).toBe('null');
  });
  it('clones deeply', () => {
    const v = { a: [{ b: 1 }], ref: { a: [{ b: 2 }] } };
    const c = qapiClone(schema, 'Nested', v);
    expect(c).toEqual(v);
    expect(c.a).not.toBe(v.a);
    expect(c.ref).not.toBe(v.ref);
  });
});

describe('options visitor (QemuOpts)', () => {
  const opts = (entries: [string, string][], id?: string) => ({
    entries,
    ...(id === undefined ? {} : { id }),
  });
  const optsError = (type: string, entries: [string, string][], id?: string) => {
    try {
      optsInput(schema, type, opts(entries, id));
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('no error');
  };
  it('visits a flat union from key=value options, the id included', () => {
    expect(
      optsInput(
        schema,
        'ObjectOptions',
        opts(
          [
            ['qom-type', 'memory-backend-ram'],
            ['size', '64M'],
            ['share', 'yes'],
            ['host-nodes', '0-2'],
            ['host-nodes', '5'],
          ],
          'ram0',
        ),
      ),
    ).toEqual({
      'qom-type': 'memory-backend-ram',
      id: 'ram0',
      size: 64n << 20n,
      share: true,
      'host-nodes': [0, 1, 2, 5],
    });
    // the last occurrence of a scalar wins
    expect(
      optsInput(
        schema,
        'q_obj_qom-get-arg',
        opts([
          ['path', 'a'],
          ['property', 'p'],
          ['path', 'b'],
        ]),
      ),
    ).toEqual({ path: 'b', property: 'p' });
  });
  it.each([
    [
      'ObjectOptions',
      [
        ['qom-type', 'memory-backend-ram'],
        ['size', 'lots'],
      ],
      'r0',
      "Parameter 'size' expects a size value",
    ],
    ['ObjectOptions', [['qom-type', 'memory-backend-ram']], 'r0', "Parameter 'size' is missing"],
    [
      'ObjectOptions',
      [
        ['qom-type', 'memory-backend-ram'],
        ['size', '1M'],
      ],
      undefined,
      "Parameter 'id' is missing",
    ],
    [
      'ObjectOptions',
      [['qom-type', 'no-such-type']],
      'o0',
      "Parameter 'qom-type' does not accept value 'no-such-type'",
    ],
    [
      'ObjectOptions',
      [
        ['qom-type', 'iothread'],
        ['bogus', '1'],
      ],
      'io',
      "Invalid parameter 'bogus'",
    ],
    [
      'ObjectOptions',
      [
        ['qom-type', 'iothread'],
        ['poll-max-ns', 'zz'],
      ],
      'io',
      "Parameter 'poll-max-ns' expects an int64 value",
    ],
    [
      'ObjectOptions',
      [
        ['qom-type', 'iothread'],
        ['poll-grow', '300'],
      ],
      'io',
      "Parameter 'poll-grow' expects int8_t",
    ],
    [
      'ObjectOptions',
      [
        ['qom-type', 'memory-backend-ram'],
        ['size', '1'],
        ['share', 'maybe'],
      ],
      'm',
      "Parameter 'share' expects 'on' or 'off'",
    ],
    [
      'ObjectOptions',
      [
        ['qom-type', 'memory-backend-ram'],
        ['size', '1'],
        ['host-nodes', '3-1'],
      ],
      'm',
      "Parameter 'host-nodes' expects a uint64 value or range",
    ],
  ] as [string, [string, string][], string | undefined, string][])(
    '%s %j → %s',
    (type, entries, id, message) => {
      expect(optsError(type, entries, id)).toBe(message);
    },
  );
});
