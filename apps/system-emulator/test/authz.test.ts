import { parseJSON, type QDict } from '@tsemu/qobject';
import { objectPropertySet, userCreatableAdd, userCreatableDel } from '@tsemu/qom';
import { describe, expect, test } from 'vitest';
import { fnmatch, qauthzIsAllowedById } from '../src/authz.js';

const add = (json: string) => userCreatableAdd(parseJSON(json) as QDict);

describe('authz objects', () => {
  test('authz-simple allows its one identity; identity is required and changeable', () => {
    expect(() => add('{"qom-type": "authz-simple", "id": "s0"}')).toThrow(
      "The 'identity' property must be set",
    );
    const s = add('{"qom-type": "authz-simple", "id": "s1", "identity": "alice"}');
    expect(qauthzIsAllowedById('s1', 'alice')).toBe(true);
    expect(qauthzIsAllowedById('s1', 'bob')).toBe(false);
    objectPropertySet(s, 'identity', parseJSON('"bob"'));
    expect(qauthzIsAllowedById('s1', 'bob')).toBe(true);
    userCreatableDel('s1');
    expect(() => qauthzIsAllowedById('s1', 'bob')).toThrow('Cannot find QAuthZ object ID s1');
  });

  test('authz-list: first matching rule decides, exact or glob; else the policy', () => {
    const l = add(
      '{"qom-type": "authz-list", "id": "l0", "rules": [{"match": "fred", "policy": "allow"},' +
        ' {"match": "*.bad.example", "policy": "deny", "format": "glob"},' +
        ' {"match": "*.example", "policy": "allow", "format": "glob"}]}',
    );
    expect(qauthzIsAllowedById('l0', 'fred')).toBe(true);
    expect(qauthzIsAllowedById('l0', 'x.bad.example')).toBe(false);
    expect(qauthzIsAllowedById('l0', 'x.example')).toBe(true);
    expect(qauthzIsAllowedById('l0', '*.example.x')).toBe(false);
    objectPropertySet(l, 'policy', parseJSON('"allow"'));
    expect(qauthzIsAllowedById('l0', 'nobody')).toBe(true);
    // an exact rule does not glob
    objectPropertySet(l, 'rules', parseJSON('[{"match": "a*", "policy": "deny"}]'));
    expect(qauthzIsAllowedById('l0', 'abc')).toBe(true);
    expect(qauthzIsAllowedById('l0', 'a*')).toBe(false);
    expect(() => add('{"qom-type": "authz-list", "id": "l1", "policy": "maybe"}')).toThrow(
      "Parameter 'policy' does not accept value 'maybe'",
    );
    userCreatableDel('l0');
  });

  test("fnmatch's pattern syntax", () => {
    expect(fnmatch('a?c', 'abc')).toBe(true);
    expect(fnmatch('a?c', 'ac')).toBe(false);
    expect(fnmatch('[a-c]x', 'bx')).toBe(true);
    expect(fnmatch('[!a-c]x', 'bx')).toBe(false);
    expect(fnmatch('a\\*', 'a*')).toBe(true);
    expect(fnmatch('a\\*', 'ab')).toBe(false);
    expect(fnmatch('a.b', 'axb')).toBe(false);
  });
});
