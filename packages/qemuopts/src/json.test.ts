import { toJS } from '@tsemu/qobject';
import { describe, expect, it } from 'vitest';
import { JSONValueError, qobjectFromJson } from './json.js';

// Messages as qemu-system-x86_64 7.2 prints them for `-object '<json>'` (checked on the binary).
const bad: [string, string][] = [
  ['{"driver":"e1000",', 'JSON parse error, premature EOI'],
  ['{', 'JSON parse error, premature EOI'],
  ['{  ', 'JSON parse error, premature EOI'],
  ['{"a":[1,}', 'JSON parse error, expecting value'],
  ['{"a":1,}', 'JSON parse error, expecting value'],
  ['{"a" 1}', 'JSON parse error, missing : in object pair'],
  ['{{"a":1} ', 'JSON parse error, key is not a string in object'],
  ['{"a":1}{"b":2}', 'Expecting at most one JSON value'],
  ['{"driver":"file"}x', 'Expecting at most one JSON value'],
  ['{"driver":"isa-debugcon"} {', 'Expecting at most one JSON value'],
  ['', 'Expecting a JSON value'],
];

describe('qobject_from_json', () => {
  it.each(bad)('%j', (input, message) => {
    expect(() => qobjectFromJson(input)).toThrow(new JSONValueError(message));
  });

  it('parses one value, QEMU dialect included', () => {
    expect(toJS(qobjectFromJson(`{'qom-type': 'secret', "id": "s0", "n": [1, 2.5, true, null]}`))).toEqual({
      'qom-type': 'secret',
      id: 's0',
      n: [1, 2.5, true, null],
    });
    expect(toJS(qobjectFromJson('  {"a": {"b": "c"}}  '))).toEqual({ a: { b: 'c' } });
  });
});
