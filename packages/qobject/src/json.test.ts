import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  formatDouble,
  fromJS,
  type JSONParseError,
  JSONStreamer,
  parseJSON,
  type QDict,
  QNum,
  type QObject,
  toJSON,
} from './index.js';

const errorOf = (text: string | Uint8Array): string => {
  try {
    parseJSON(text);
  } catch (err) {
    return (err as JSONParseError).message;
  }
  throw new Error(`parsed: ${String(text)}`);
};

describe('reader', () => {
  test('64-bit integers round-trip exactly; others become doubles as QEMU chooses', () => {
    for (const n of ['9223372036854775807', '-9223372036854775808', '18446744073709551615'])
      expect(toJSON(parseJSON(n))).toBe(n);
    expect(kindOf('9223372036854775808')).toBe('u64');
    expect(kindOf('18446744073709551616')).toBe('double');
    expect(kindOf('-9223372036854775809')).toBe('double');
    expect(kindOf('1.0')).toBe('double');
    expect(kindOf('1')).toBe('i64');
  });

  test("QEMU's dialect: single-quoted strings and \\' escapes", () => {
    expect(toJSON(parseJSON(`{'execute':'query-status', "a": 'it\\'s "x"'}`))).toBe(
      '{"a": "it\'s \\"x\\"", "execute": "query-status"}',
    );
  });

  test('escapes and surrogate pairs', () => {
    expect(toJS(parseJSON('"a\\n\\t\\/\\u00e9\\ud83d\\ude00"'))).toBe('a\n\t/é😀');
  });

  test('rejects what QEMU rejects, in its words', () => {
    expect(errorOf('{"execute":}')).toBe('JSON parse error, expecting value');
    expect(errorOf('{"execute":"query-status",}')).toBe('JSON parse error, expecting value');
    expect(errorOf('foo')).toBe("JSON parse error, invalid keyword 'foo'");
    expect(errorOf('NaN')).toBe("JSON parse error, stray 'N'");
    // QEMU 7.2 accepts \u0000 (checked against qemu-system-x86_64: it echoes it back in replies).
    expect(toJSON(parseJSON('"a\\u0000b"'))).toBe('"a\\u0000b"');
    expect(errorOf('"a\u0001b"')).toMatch(/^JSON parse error, stray/);
    expect(errorOf(Uint8Array.from([0x22, 0xe9, 0x22]))).toBe(
      'JSON parse error, invalid UTF-8 sequence in string',
    );
    expect(errorOf(Uint8Array.from([0xff]))).toBe("JSON parse error, stray '\uFFFD'");
    expect(errorOf('[1 2]')).toBe('JSON parse error, expected separator in list');
    expect(errorOf('{"a" 1}')).toBe('JSON parse error, missing : in object pair');
    expect(errorOf('{1:2}')).toBe('JSON parse error, key is not a string in object');
    expect(errorOf('"\\ud800"')).toMatch(/surrogate/);
  });
});

function kindOf(text: string): string {
  const q = parseJSON(text);
  if (!(q instanceof QNum)) throw new Error('not a number');
  return q.kind;
}
function toJS(q: QObject) {
  return (q as unknown as { value: unknown }).value;
}

describe('writer', () => {
  test("compact form is QEMU's", () => {
    // Built in the order QEMU's visitor inserts StatusInfo members (running, singlestep, status):
    // "status" and "singlestep" share a hash bucket, so the newer one prints first.
    const d = fromJS({
      return: { running: false, singlestep: false, status: 'prelaunch' },
      id: { a: [1, 'x'] },
    });
    expect(toJSON(d)).toBe(
      '{"return": {"status": "prelaunch", "singlestep": false, "running": false}, "id": {"a": [1, "x"]}}',
    );
    expect(toJSON(fromJS({ s: 'é\u201c\u0001\x7f"\\' }))).toBe(
      '{"s": "\\u00E9\\u201C\\u0001\\u007F\\"\\\\"}',
    );
    expect(toJSON(fromJS({ e: {}, l: [] }))).toBe('{"e": {}, "l": []}');
  });
  test('pretty form indents by four', () => {
    expect(toJSON(parseJSON('{"a": [1, {}], "b": {"c": null}}'), { pretty: true })).toBe(
      '{\n    "a": [\n        1,\n        {}\n    ],\n    "b": {\n        "c": null\n    }\n}',
    );
  });
  test('doubles print as %.17g', () => {
    expect(formatDouble(0.1)).toBe('0.10000000000000001');
    expect(formatDouble(1)).toBe('1');
    expect(formatDouble(1e21)).toBe('1e+21');
    expect(formatDouble(1.5e-7)).toBe('1.4999999999999999e-07');
    expect(formatDouble(123456.5)).toBe('123456.5');
    expect(formatDouble(-0)).toBe('-0');
  });
  test('parse(write(x)) equals x', () => {
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n }),
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)),
        fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0') && !/[\uD800-\uDFFF]/.test(s)),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 6 }), tie('v'), { maxKeys: 4 }),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const q = fromJS(v);
        expect(parseJSON(toJSON(q)).equals(q)).toBe(true);
        expect(parseJSON(toJSON(q, { pretty: true })).equals(q)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

function stream(chunks: (string | Uint8Array)[]): string[] {
  const out: string[] = [];
  const s = new JSONStreamer({
    onValue: (v) => out.push(toJSON(v)),
    onError: (e) => out.push(`ERR ${e.message}`),
  });
  for (const c of chunks) s.feed(c);
  return out;
}

describe('streamer', () => {
  const input =
    '{"execute":"guest-ping"}{"a":[1,{"b":\'x\'}], "n": 18446744073709551615} [ "s p" ,2]\r\n"str"{"x":}[1]';
  const whole = stream([input]);

  test("recovers where QEMU's lexer does: structure, control characters but tab, 0xFE/0xFF", () => {
    // Spaces, tabs and letters after an error are still garbage; ']' and '{' start over.
    expect(stream(['@ x\tq ]{"a":1}'])).toEqual([
      "ERR JSON parse error, stray '@'",
      'ERR JSON parse error, expecting value',
      '{"a": 1}',
    ]);
    // A newline starts over too, so the keyword after it is read (and refused) on its own.
    expect(stream(['@x\nfoo\n[2]'])).toEqual([
      "ERR JSON parse error, stray '@'",
      "ERR JSON parse error, invalid keyword 'foo'",
      '[2]',
    ]);
  });

  test('splits messages and recovers after an error', () => {
    expect(whole).toEqual([
      '{"execute": "guest-ping"}',
      '{"n": 18446744073709551615, "a": [1, {"b": "x"}]}',
      '["s p", 2]',
      '"str"',
      'ERR JSON parse error, expecting value',
      '[1]',
    ]);
  });

  test('every split point gives the same messages', () => {
    const bytes = new TextEncoder().encode(input);
    for (let i = 0; i <= bytes.length; i++) {
      for (const j of [i, Math.min(bytes.length, i + 3)]) {
        expect(stream([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)])).toEqual(whole);
      }
    }
  });

  test('0xFF inside a message reports it and resynchronises (qemu-ga capture)', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"execute":"guest-pi'),
      Buffer.from([0xff]),
      Buffer.from('{"execute":"guest-ping"}\n'),
    ]);
    expect(stream([bytes])).toEqual([
      "ERR JSON parse error, stray '\"guest-pi\uFFFD'",
      '{"execute": "guest-ping"}',
    ]);
  });

  test('nesting beyond 1024 is an error and the rest is read token by token (QMP capture)', () => {
    const ok = stream([`${'['.repeat(1024)}${']'.repeat(1024)}`]);
    expect(ok).toHaveLength(1);
    const deep = stream([`${'['.repeat(1025)}${']'.repeat(1025)}`]);
    expect(deep[0]).toBe('ERR JSON nesting depth limit exceeded');
    expect(deep.slice(1)).toEqual(Array(1025).fill('ERR JSON parse error, expecting value'));
    const args = stream([
      `{"execute":"query-status","arguments":{"a":${'['.repeat(1100)}${']'.repeat(1100)}}}`,
    ]);
    expect(args).toHaveLength(1027);
    expect(args[0]).toBe('ERR JSON nesting depth limit exceeded');
    expect(args[1]).toBe(`[${'['.repeat(76)}${']'.repeat(76)}]`.replace(/\]\[/g, '], ['));
    expect(args.slice(2).every((l) => l === 'ERR JSON parse error, expecting value')).toBe(true);
  });

  test('a number at the end of input waits for its terminator', () => {
    const out: string[] = [];
    const s = new JSONStreamer({ onValue: (v) => out.push(toJSON(v)), onError: () => {} });
    s.feed('12');
    s.feed('34');
    expect(out).toEqual([]);
    s.flush();
    expect(out).toEqual(['1234']);
  });

  test('id of any JSON value survives', () => {
    const d = parseJSON('{"execute":"query-status","id":{"a":[1,"x"]}}') as QDict;
    expect(toJSON(d.get('id')!)).toBe('{"a": [1, "x"]}');
  });
});
