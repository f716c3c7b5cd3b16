import { parseJSON, QDict, QList, type QObject, QString, toJSON } from '@tsemu/qobject';
import { describe, expect, test } from 'vitest';
import {
  defineTypes,
  enumType,
  objectClassPropertyAddLink,
  objectClassPropertyAddTyped,
  objectExplicitPropertiesToQdict,
  objectExplicitSets,
  objectGetObjectsRoot,
  objectNew,
  objectPropertyAddAlias,
  objectPropertyAddChild,
  objectPropertyAllowSetLink,
  objectPropertyExplicitOrigin,
  objectPropertyGet,
  objectPropertyParse,
  objectPropertySetDefault,
  objectPropertySetLink,
  objectPropertySetValue,
  objectSetPropertiesFromQdict,
  objectUnparent,
  objectUnref,
  type PropSchema,
  QomObject,
  qmpQomSet,
  TYPE_OBJECT,
  TYPE_USER_CREATABLE,
  typeRegister,
  userCreatableAdd,
} from './index.js';

// One property of every kind of QAPI type the tree's properties use (qdev's uintN/intN/size/bool/
// str/enum/link/backend, hostmem's uint16 list, the RTC's struct) and the rest QAPI has.
const types = defineTypes([
  { meta: 'enum', name: 'Colour', members: ['red', 'green', 'blue'] },
  {
    meta: 'struct',
    name: 'Rule',
    members: [
      { name: 'match', type: 'str' },
      { name: 'weight', type: 'uint64', optional: true },
      { name: 'colour', type: 'Colour', optional: true },
    ],
  },
  {
    meta: 'alternate',
    name: 'StrOrInt',
    members: [
      { name: 's', type: 'str' },
      { name: 'i', type: 'int' },
    ],
  },
]);

const PROPS: [string, PropSchema][] = [
  ['b', 'bool'],
  ['s', 'str'],
  ['i8', 'int8'],
  ['i16', 'int16'],
  ['i32', 'int32'],
  ['i64', 'int64'],
  ['u8', 'uint8'],
  ['u16', 'uint16'],
  ['u32', 'uint32'],
  ['u64', 'uint64'],
  ['sz', 'size'],
  ['num', 'number'],
  ['colour', enumType('Colour', ['red', 'green', 'blue'])],
  ['rule', types('Rule')],
  ['rules', types('[Rule]')],
  ['nodes', types('[uint16]')],
  ['tags', types('[str]')],
  ['alt', types('StrOrInt')],
];

class Gadget extends QomObject {
  values: Record<string, unknown> = {};
  peer: QomObject | undefined;
  secret: string | undefined;
}

typeRegister({
  name: 'test-gadget',
  parent: TYPE_OBJECT,
  instance: Gadget,
  interfaces: [TYPE_USER_CREATABLE],
  classInit: (k) => {
    for (const [name, schema] of PROPS) {
      const p = objectClassPropertyAddTyped<unknown>(k, name, schema, {
        get: (o) => (o as Gadget).values[name],
        set: (o, v) => {
          (o as Gadget).values[name] = v;
        },
      });
      if (name === 'u32') objectPropertySetDefault(p, parseJSON('7'));
    }
    objectClassPropertyAddLink(k, 'peer', 'test-gadget', 'peer', objectPropertyAllowSetLink);
    // write-only, as QEMU's secret "data"
    objectClassPropertyAddTyped<string>(k, 'secret', 'str', {
      set: (o, v) => {
        (o as Gadget).secret = v;
      },
    });
  },
});

/** A typed QDict as the command line holds it: scalars as the strings keyval reads. */
function keyvalStrings(q: QObject): QObject {
  if (q instanceof QDict) {
    const d = new QDict();
    for (const [k, v] of q.entries()) d.put(k, keyvalStrings(v));
    return d;
  }
  if (q instanceof QList) return new QList([...q].map(keyvalStrings));
  if (q instanceof QString) return q;
  if (q.type === 'bool') return new QString((q as unknown as { value: boolean }).value ? 'on' : 'off');
  return new QString(q.toString());
}

const FULL = `{"b": true, "s": "hello, world", "i8": -128, "i16": 32767, "i32": -2147483648,
  "i64": -9223372036854775808, "u8": 255, "u16": 65535, "u32": 4294967295,
  "u64": 18446744073709551615, "sz": 9007199254740993, "num": 1.5, "colour": "blue",
  "rule": {"match": "a*", "weight": 9007199254740993, "colour": "green"},
  "rules": [{"match": "x"}, {"match": "y", "colour": "red"}], "nodes": [0, 3, 65535],
  "tags": ["a", "", "c"], "alt": -7}`;

function fresh(id: string): Gadget {
  const g = objectNew<Gadget>('test-gadget');
  objectPropertyAddChild(objectGetObjectsRoot(), id, g);
  objectUnref(g);
  return g;
}

describe('explicitly set properties as a QDict, and back', () => {
  test('defaults and internal sets are not explicit; user sets are, in the order first set', () => {
    const g = fresh('g0');
    expect(toJSON(objectPropertyGet(g, 'u32'))).toBe('7');
    objectPropertySetValue(g, 'b', true); // code: internal wiring
    expect(objectExplicitPropertiesToQdict(g).size).toBe(0);
    objectSetPropertiesFromQdict(g, parseJSON('{"s": "x"}') as QDict);
    objectSetPropertiesFromQdict(g, parseJSON('{"u8": 1}') as QDict);
    objectPropertyParse(g, 'colour', 'red');
    objectSetPropertiesFromQdict(g, parseJSON('{"s": "y"}') as QDict);
    expect([...objectExplicitSets(g).keys()]).toEqual(['s', 'u8', 'colour']);
    const d = objectExplicitPropertiesToQdict(g);
    expect([d.get('s'), d.get('u8'), d.get('colour')].map((v) => toJSON(v as QObject))).toEqual([
      '"y"',
      '1',
      '"red"',
    ]);
    objectUnparent(g);
  });

  test('every property type round-trips strictly (QMP form), exactly', () => {
    const a = fresh('a');
    const full = parseJSON(FULL) as QDict;
    objectSetPropertiesFromQdict(a, full);
    const out = objectExplicitPropertiesToQdict(a);
    expect(toJSON(out)).toBe(toJSON(full));
    const b = fresh('b');
    objectSetPropertiesFromQdict(b, out);
    expect(toJSON(objectExplicitPropertiesToQdict(b))).toBe(toJSON(full));
    for (const [name] of PROPS)
      expect(toJSON(objectPropertyGet(b, name))).toBe(toJSON(objectPropertyGet(a, name)));
    objectUnparent(a);
    objectUnparent(b);
  });

  test('every property type round-trips through command-line strings (keyval form)', () => {
    const a = fresh('ka');
    const full = parseJSON(FULL) as QDict;
    objectSetPropertiesFromQdict(a, full);
    const strings = keyvalStrings(objectExplicitPropertiesToQdict(a)) as QDict;
    expect(toJSON(strings.get('u64') as QObject)).toBe('"18446744073709551615"');
    expect(toJSON(strings.get('b') as QObject)).toBe('"on"');
    const b = fresh('kb');
    objectSetPropertiesFromQdict(b, strings, { keyval: true });
    // as in QEMU, keyval cannot tell a number from a string for an alternate with a str branch
    expect(toJSON(objectPropertyGet(b, 'alt'))).toBe('"-7"');
    full.delete('alt');
    const back = objectExplicitPropertiesToQdict(b);
    back.delete('alt');
    expect(toJSON(back)).toBe(toJSON(full));
    objectUnparent(a);
    objectUnparent(b);
  });

  test('links are paths; write-only properties give the value set; qom-set updates the value', () => {
    const a = fresh('la');
    const b = fresh('lb');
    objectSetPropertiesFromQdict(b, parseJSON('{"peer": "la", "secret": "s3cr3t"}') as QDict);
    expect(toJSON(objectExplicitPropertiesToQdict(b))).toBe('{"peer": "/objects/la", "secret": "s3cr3t"}');
    qmpQomSet('/objects/lb', 'peer', new QString('/objects/lb'));
    qmpQomSet('/objects/lb', 'u64', parseJSON('18446744073709551615'));
    expect(toJSON(objectExplicitPropertiesToQdict(b))).toBe(
      '{"peer": "/objects/lb", "secret": "s3cr3t", "u64": 18446744073709551615}',
    );
    // a link set from code is wiring, not configuration
    objectPropertySetLink(a, 'peer', b);
    expect(objectExplicitPropertiesToQdict(a).size).toBe(0);
    objectUnparent(a);
    objectUnparent(b);
  });

  test('-global sets are told apart, and do not relabel a user set', () => {
    const g = fresh('gg');
    objectPropertyParse(g, 'u16', '5', 'global');
    objectPropertyParse(g, 's', 'a');
    objectPropertyParse(g, 's', 'b', 'global');
    expect(objectPropertyExplicitOrigin(g, 'u16')).toBe('global');
    expect(objectPropertyExplicitOrigin(g, 's')).toBe('user');
    expect(toJSON(objectExplicitPropertiesToQdict(g, { origins: ['user'] }))).toBe('{"s": "b"}');
    expect(toJSON(objectExplicitPropertiesToQdict(g))).toBe('{"s": "b", "u16": 5}');
    objectPropertyParse(g, 'u8', '1', 'internal');
    expect([...objectExplicitSets(g).keys()]).toEqual(['u16', 's']);
    objectUnparent(g);
  });

  test("a failed set is not recorded; errors are the visitors'", () => {
    const g = fresh('fe');
    expect(() => objectSetPropertiesFromQdict(g, parseJSON('{"u8": 256}') as QDict)).toThrow(
      "Parameter 'u8' expects uint8",
    );
    expect(() => objectSetPropertiesFromQdict(g, parseJSON('{"nope": 1}') as QDict)).toThrow(
      "Property 'test-gadget.nope' not found",
    );
    expect(objectExplicitPropertiesToQdict(g).size).toBe(0);
    objectUnparent(g);
  });

  test('object-add records its properties; an alias records on the owner, not the target', () => {
    const o = userCreatableAdd(
      parseJSON('{"qom-type": "test-gadget", "id": "ua", "sz": 1073741824}') as QDict,
    );
    expect(toJSON(objectExplicitPropertiesToQdict(o))).toBe('{"sz": 1073741824}');
    const owner = fresh('owner');
    objectPropertyAddAlias(owner, 'size-alias', o, 'sz');
    objectSetPropertiesFromQdict(owner, new QDict().put('size-alias', new QString('2048')), { keyval: true });
    expect(toJSON(objectExplicitPropertiesToQdict(owner))).toBe('{"size-alias": 2048}');
    // the target's own record stays (object-add set it), with the value it has now
    expect(toJSON(objectExplicitPropertiesToQdict(o))).toBe('{"sz": 2048}');
    objectUnparent(owner);
    objectUnparent(o);
  });
});
