import { QBool, QNum } from '@tsemu/qobject';
import { expect, test } from 'vitest';
import {
  objectClassPropertyAddLink,
  objectClassPropertyAddTyped,
  objectNew,
  objectPropertyAllowSetLink,
  objectPropertySet,
  objectPropertySetDefault,
  objectUnref,
  QomObject,
  qmpQomListProperties,
  qomIntrospect,
  qomIntrospectionExtend,
  qomIntrospectJSON,
  qomIntrospectMarkdown,
  qomSetCompatPolicy,
  qomUndocumentedProperties,
  TYPE_OBJECT,
  TYPE_USER_CREATABLE,
  typeRegister,
} from './index.js';

let instances = 0;
class Widget extends QomObject {
  level = 0;
  other: QomObject | undefined;
}
typeRegister({
  name: 'widget-base',
  parent: TYPE_OBJECT,
  abstract: true,
  instance: Widget,
  interfaces: [TYPE_USER_CREATABLE],
  instanceInit: () => {
    instances++;
  },
  classInit: (k) => {
    const p = objectClassPropertyAddTyped<bigint>(k, 'level', 'uint64', {
      get: (o) => BigInt((o as Widget).level),
      set: (o, v) => {
        (o as Widget).level = Number(v);
      },
      description: 'how high',
    });
    objectPropertySetDefault(p, QNum.fromUint(1n << 60n));
    objectClassPropertyAddTyped<boolean>(k, 'x-fast', 'bool', {
      get: () => false,
      features: { unstable: true },
      description: 'experimental speed-up',
    });
    objectClassPropertyAddTyped<boolean>(k, 'old', 'bool', {
      get: () => false,
      set: () => {},
      features: { deprecated: true },
    });
  },
});
typeRegister({
  name: 'widget',
  parent: 'widget-base',
  classInit: (k) => {
    objectClassPropertyAddLink(k, 'other', 'widget', 'other', objectPropertyAllowSetLink);
    objectClassPropertyAddTyped<number>(k, 'quiet', 'uint8', {
      get: () => 0,
      doc: 'documented for tsemu, but without a QMP description (as in QEMU)',
    });
  },
});
qomIntrospectionExtend((k) => (k.type.name === 'widget' ? { vendor: 'acme' } : undefined));

test('the hierarchy and every property, without making an instance', () => {
  const all = qomIntrospect();
  expect(instances).toBe(0);
  const base = all.find((t) => t.name === 'widget-base');
  expect(base).toMatchObject({ parent: 'object', abstract: true, interfaces: ['user-creatable'] });
  expect(base?.properties).toEqual(
    expect.arrayContaining([
      {
        name: 'level',
        type: 'uint64',
        qapiType: 'uint64',
        description: 'how high',
        doc: 'how high',
        default: 1n << 60n,
        readable: true,
        writable: true,
        stability: 'stable',
      },
      {
        name: 'x-fast',
        type: 'bool',
        qapiType: 'bool',
        description: 'experimental speed-up',
        doc: 'experimental speed-up',
        readable: true,
        writable: false,
        stability: 'unstable',
      },
      expect.objectContaining({ name: 'old', stability: 'deprecated' }),
    ]),
  );
  const w = all.find((t) => t.name === 'widget');
  expect(w).toMatchObject({ parent: 'widget-base', abstract: false, vendor: 'acme' });
  expect(w?.properties).toEqual(
    expect.arrayContaining([
      {
        name: 'other',
        type: 'link<widget>',
        qapiType: 'str',
        readable: true,
        writable: true,
        stability: 'stable',
        target: 'widget',
      },
      {
        name: 'quiet',
        type: 'uint8',
        qapiType: 'uint8',
        doc: 'documented for tsemu, but without a QMP description (as in QEMU)',
        readable: true,
        writable: false,
        stability: 'stable',
      },
    ]),
  );
  // QMP keeps QEMU's answer: no description
  expect(qmpQomListProperties('widget').find((p) => p.name === 'quiet')).toEqual({
    name: 'quiet',
    type: 'uint8',
  });
  expect(qomUndocumentedProperties(all.filter((t) => t.name.startsWith('widget'))).sort()).toEqual([
    'widget-base.old',
    'widget.other',
  ]);
  expect(all.find((t) => t.name === 'object')?.properties.map((p) => p.name)).toEqual(['type']);
  const json = JSON.parse(qomIntrospectJSON());
  const level = json
    .find((t: { name: string }) => t.name === 'widget-base')
    .properties.find((p: { name: string }) => p.name === 'level');
  expect(level.default).toBe('1152921504606846976'); // beyond 2^53: kept exact as a string
  expect(all.map((t) => t.name)).toEqual([...all.map((t) => t.name)].sort());
});

test('-compat policy: deprecated input refused, unstable output hidden', () => {
  const w = objectNew('widget');
  qomSetCompatPolicy({ deprecatedInput: 'reject', unstableOutput: 'hide' });
  try {
    expect(() => objectPropertySet(w, 'old', new QBool(true))).toThrow(
      'Deprecated property old disabled by policy',
    );
    expect(qmpQomListProperties('widget').map((p) => p.name)).not.toContain('x-fast');
    expect(qmpQomListProperties('widget').map((p) => p.name)).toContain('old');
  } finally {
    qomSetCompatPolicy({});
  }
  objectPropertySet(w, 'old', new QBool(true));
  expect(qmpQomListProperties('widget').map((p) => p.name)).toContain('x-fast');
  objectUnref(w);
});

test('a Markdown reference page from the introspection', () => {
  const md = qomIntrospectMarkdown(qomIntrospect().filter((t) => t.name.startsWith('widget')));
  expect(md).toContain('## widget\n\nparent: [widget-base](#widget-base)');
  expect(md).toContain('| `level` | `uint64` | `"1152921504606846976"` | stable | how high |');
  expect(md).toContain('| `x-fast` | `bool` (read-only) |  | unstable | experimental speed-up |');
});
