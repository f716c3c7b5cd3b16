import { QBool, QNum, QString } from '@tsemu/qobject';
import { describe, expect, test } from 'vitest';
import {
  containerGet,
  GHashMap,
  infoQomTree,
  OBJ_PROP_LINK_STRONG,
  type ObjectClass,
  objectCheck,
  objectClassByName,
  objectClassCheck,
  objectClassDynamicCast,
  objectClassGetList,
  objectClassPropertyAddLink,
  objectClassPropertyAddTyped,
  objectDynamicCast,
  objectGetCanonicalPath,
  objectGetObjectsRoot,
  objectGetRoot,
  objectNew,
  objectNewWithProps,
  objectPropertyAddAlias,
  objectPropertyAddBool,
  objectPropertyAddChild,
  objectPropertyAddConstLink,
  objectPropertyAddLink,
  objectPropertyAddStr,
  objectPropertyAddTyped,
  objectPropertyAllowSetLink,
  objectPropertyFind,
  objectPropertyGet,
  objectPropertyGetInt,
  objectPropertyGetLink,
  objectPropertyGetValue,
  objectPropertyIter,
  objectPropertyParse,
  objectPropertySet,
  objectPropertySetDefault,
  objectPropertySetInt,
  objectPropertySetKeyval,
  objectPropertySetLink,
  objectPropertySetStr,
  objectPropertySetValue,
  objectRef,
  objectResolvePath,
  objectResolvePathType,
  objectUnparent,
  objectUnref,
  QomError,
  QomObject,
  TYPE_INTERFACE,
  TYPE_OBJECT,
  typeRegister,
} from './index.js';

const log: string[] = [];

class Animal extends QomObject {
  legs = 0;
  friend: QomObject | undefined;
}

typeRegister({ name: 'iface-a', parent: TYPE_INTERFACE });
typeRegister({ name: 'iface-a2', parent: 'iface-a' });
typeRegister({ name: 'iface-b', parent: TYPE_INTERFACE });
typeRegister<Animal, ObjectClass & { sound?: string }>({
  name: 'animal',
  parent: TYPE_OBJECT,
  abstract: true,
  instance: Animal,
  interfaces: ['iface-a'],
  classBaseInit: (k) => log.push(`base-init(animal) for ${k.type.name}`),
  classInit: (k) => {
    log.push('class-init(animal)');
    k.sound = 'generic';
    objectClassPropertyAddTyped<number>(k, 'legs', 'uint32', {
      get: (o) => (o as Animal).legs,
      set: (o, v) => {
        (o as Animal).legs = v;
      },
      description: 'number of legs',
    });
  },
  instanceInit: (o) => log.push(`init(animal) legs=${(o as Animal).legs}`),
  instancePostInit: () => log.push('post-init(animal)'),
  instanceFinalize: () => log.push('finalize(animal)'),
});
typeRegister<Animal, ObjectClass & { sound?: string }>({
  name: 'dog',
  parent: 'animal',
  interfaces: ['iface-b'],
  classInit: (k) => {
    log.push(`class-init(dog) inherited sound=${k.sound}`);
    k.sound = 'woof';
  },
  instanceInit: () => log.push('init(dog)'),
  instancePostInit: () => log.push('post-init(dog)'),
  instanceFinalize: () => log.push('finalize(dog)'),
});
typeRegister({ name: 'puppy', parent: 'dog', interfaces: ['iface-a2'] });

describe('type registry', () => {
  test('class init runs parent first, base init for descendants, class fields are inherited', () => {
    log.length = 0;
    const k = objectClassByName('dog');
    expect(log).toEqual([
      'class-init(animal)',
      'base-init(animal) for dog',
      'class-init(dog) inherited sound=generic',
    ]);
    expect(k?.sound).toBe('woof');
    expect(objectClassByName('animal')?.sound).toBe('generic');
  });

  test('registering a name twice is refused', () => {
    expect(() => typeRegister({ name: 'dog', parent: TYPE_OBJECT })).toThrow(
      "Registering `dog' which already exists",
    );
  });

  test('class casts: ancestors, interfaces, inherited interfaces and ambiguity', () => {
    const dog = objectClassByName('dog') as ObjectClass;
    expect(objectClassDynamicCast(dog, 'animal')).toBe(dog);
    expect(objectClassDynamicCast(dog, TYPE_OBJECT)).toBe(dog);
    expect(objectClassDynamicCast(dog, 'puppy')).toBeUndefined();
    expect(objectClassDynamicCast(dog, 'no-such-type')).toBeUndefined();
    const ia = objectClassDynamicCast<ObjectClass & { concreteClass: ObjectClass }>(dog, 'iface-a');
    expect(ia?.type.name).toBe('dog::iface-a');
    expect(ia?.concreteClass).toBe(dog);
    expect(objectClassDynamicCast(dog, 'iface-b')?.type.name).toBe('dog::iface-b');
    // puppy inherits iface-a and adds iface-a2 (a subtype of it): both are there, so a cast
    // to iface-a is ambiguous and fails, while iface-a2 is unique.
    const puppy = objectClassByName('puppy') as ObjectClass;
    expect(puppy.interfaces.map((i) => i.type.name)).toEqual([
      'puppy::iface-a',
      'puppy::iface-b',
      'puppy::iface-a2',
    ]);
    expect(objectClassDynamicCast(puppy, 'iface-a')).toBeUndefined();
    expect(objectClassDynamicCast(puppy, 'iface-a2')?.type.name).toBe('puppy::iface-a2');
    // listing an interface that is already implemented by the parent does not add it twice
    typeRegister({ name: 'puppy2', parent: 'dog', interfaces: ['iface-a'] });
    expect(objectClassByName('puppy2')?.interfaces.length).toBe(2);
    expect(() => objectClassCheck(dog, 'puppy')).toThrow('Object dog is not an instance of type puppy');
  });

  test('interface ambiguity makes the cast fail', () => {
    typeRegister({ name: 'amb-iface-x', parent: 'iface-b' });
    typeRegister({ name: 'amb-iface-y', parent: 'iface-b' });
    typeRegister({ name: 'amb', parent: TYPE_OBJECT, interfaces: ['amb-iface-x', 'amb-iface-y'] });
    const k = objectClassByName('amb') as ObjectClass;
    expect(objectClassDynamicCast(k, 'amb-iface-x')).toBeDefined();
    expect(objectClassDynamicCast(k, 'iface-b')).toBeUndefined();
  });

  test('listing: abstract filter and implements filter (interfaces too)', () => {
    const names = (l: ObjectClass[]) => l.map((k) => k.type.name);
    expect(names(objectClassGetList('animal'))).toEqual(expect.arrayContaining(['dog', 'puppy']));
    expect(names(objectClassGetList('animal'))).not.toContain('animal');
    expect(names(objectClassGetList('animal', true))).toContain('animal');
    expect(names(objectClassGetList('iface-b'))).toEqual(expect.arrayContaining(['dog', 'puppy']));
    // interface types are abstract: listed only with abstract=true
    expect(names(objectClassGetList('iface-b'))).not.toContain('amb-iface-x');
    expect(names(objectClassGetList('iface-b', true))).toContain('amb-iface-x');
    // 'amb' implements iface-b twice over: the cast is ambiguous, so it is not listed
    expect(names(objectClassGetList('iface-b'))).not.toContain('amb');
    expect(names(objectClassGetList('iface-b'))).not.toContain('animal');
    expect(names(objectClassGetList(undefined, true))).toEqual(
      expect.arrayContaining([TYPE_OBJECT, TYPE_INTERFACE, 'container', 'iface-a']),
    );
  });

  test('abstract and unknown types cannot be instantiated', () => {
    expect(() => objectNew('animal')).toThrow(/abstract/);
    expect(() => objectNew('nope')).toThrow(/unknown type/);
  });
});

describe('objects', () => {
  test('instance init parent first (after defaults), post-init leaf first, finalize leaf first', () => {
    objectClassByName('dog');
    log.length = 0;
    const d = objectNew<Animal>('dog');
    expect(d).toBeInstanceOf(Animal);
    expect(log).toEqual(['init(animal) legs=0', 'init(dog)', 'post-init(dog)', 'post-init(animal)']);
    log.length = 0;
    objectRef(d);
    objectUnref(d);
    expect(log).toEqual([]);
    objectUnref(d);
    expect(log).toEqual(['finalize(dog)', 'finalize(animal)']);
    expect(d.finalized).toBe(true);
    expect(() => objectUnref(d)).toThrow(/already 0/);
  });

  test('casts on objects', () => {
    const d = objectNew('puppy');
    expect(objectDynamicCast(d, 'animal')).toBe(d);
    expect(objectDynamicCast(d, 'iface-a2')).toBe(d);
    expect(objectDynamicCast(d, 'iface-b')).toBe(d);
    expect(objectDynamicCast(d, 'container')).toBeUndefined();
    expect(() => objectCheck(d, 'container')).toThrow('Object puppy is not an instance of type container');
    objectUnref(d);
  });

  test('properties: typed get/set through QObject, keyval strings and code, with QEMU errors', () => {
    const d = objectNew<Animal>('dog');
    objectPropertySet(d, 'legs', QNum.fromInt(4));
    expect(d.legs).toBe(4);
    expect(objectPropertyGet(d, 'legs').equals(QNum.fromUint(4))).toBe(true);
    objectPropertyParse(d, 'legs', '0x10');
    expect(objectPropertyGetValue(d, 'legs')).toBe(16);
    objectPropertySetValue(d, 'legs', 3);
    expect(d.legs).toBe(3);
    const cases: [() => void, string | RegExp][] = [
      [
        () => objectPropertySet(d, 'legs', new QString('x')),
        "Parameter 'legs' expects uint64", // QEMU's unsigned QObject input wording
      ],
      [() => objectPropertySet(d, 'legs', QNum.fromInt(1n << 40n)), "Parameter 'legs' expects uint32_t"],
      [() => objectPropertyParse(d, 'legs', 'zz'), /^Parameter 'legs' expects /],
      [() => objectPropertySetKeyval(d, 'legs', new QString('zz')), "Parameter 'legs' expects integer"],
      [() => objectPropertySet(d, 'nope', QNum.fromInt(1)), "Property 'dog.nope' not found"],
      [() => objectPropertyGet(d, 'nope'), "Property 'dog.nope' not found"],
      [() => objectPropertySet(d, 'type', new QString('x')), "Property 'dog.type' is not writable"],
    ];
    for (const [fn, msg] of cases) expect(fn).toThrow(msg);
    expect(objectPropertyGet(d, 'type').equals(new QString('dog'))).toBe(true);
    objectUnref(d);
  });

  test('bool and str helpers, duplicates and [*] names', () => {
    const o = objectNew('container');
    let flag = false;
    objectPropertyAddBool(
      o,
      'flag',
      () => flag,
      (_, v) => {
        flag = v;
      },
    );
    objectPropertyAddStr(o, 'name', () => 'n');
    objectPropertySet(o, 'flag', new QBool(true));
    expect(flag).toBe(true);
    objectPropertyParse(o, 'flag', 'off');
    expect(flag).toBe(false);
    // the string input visitor (-global) and keyval (-device, -object) word it differently
    expect(() => objectPropertyParse(o, 'flag', 'maybe')).toThrow(
      "Invalid parameter type for 'flag', expected: boolean",
    );
    expect(() => objectPropertySetKeyval(o, 'flag', new QString('maybe'))).toThrow(
      "Parameter 'flag' expects 'on' or 'off'",
    );
    expect(() => objectPropertySet(o, 'flag', new QString('maybe'))).toThrow(
      "Invalid parameter type for 'flag', expected: boolean",
    );
    expect(objectPropertyFind(o, 'name')?.type).toBe('string');
    expect(() => objectPropertyAddBool(o, 'flag')).toThrow(
      "attempt to add duplicate property 'flag' to object (type 'container')",
    );
    const a = objectPropertyAddBool(o, 'slot[*]');
    const b = objectPropertyAddBool(o, 'slot[*]');
    expect([a.name, b.name]).toEqual(['slot[0]', 'slot[1]']);
    objectUnref(o);
  });

  test('class property defaults are applied before instance_init and shown', () => {
    typeRegister<Animal>({
      name: 'cat',
      parent: 'animal',
      classInit: (k) => {
        const p = objectClassPropertyAddTyped<number>(k, 'lives', 'uint8', {
          get: (o) => (o as Animal & { lives: number }).lives,
          set: (o, v) => {
            (o as Animal & { lives: number }).lives = v;
          },
        });
        objectPropertySetDefault(p, QNum.fromUint(9));
      },
    });
    const c = objectNew('cat') as Animal & { lives: number };
    expect(c.lives).toBe(9);
    expect(objectPropertyFind(c, 'lives')?.defaultValue?.equals(QNum.fromUint(9))).toBe(true);
    objectUnref(c);
  });

  test('property iteration: own properties, then class properties from leaf to root', () => {
    const d = objectNew('dog');
    objectPropertyAddBool(d, 'own');
    expect([...objectPropertyIter(d)].map((p) => p.name)).toEqual(['own', 'legs', 'type']);
    objectUnref(d);
  });
});

describe('composition tree', () => {
  test('containers, canonical paths, absolute and partial resolution, ambiguity', () => {
    const machine = containerGet(objectGetRoot(), '/machine');
    const unattached = containerGet(machine, 'unattached');
    const d0 = objectNew('dog');
    objectPropertyAddChild(unattached, 'device[*]', d0);
    objectUnref(d0);
    const p1 = containerGet(machine, 'peripheral');
    const rex = objectNew('dog');
    objectPropertyAddChild(p1, 'rex', rex);
    objectUnref(rex);
    const twin1 = objectNew('puppy');
    const twin2 = objectNew('puppy');
    objectPropertyAddChild(p1, 'twin', twin1);
    objectPropertyAddChild(unattached, 'twin', twin2);
    objectUnref(twin1);
    objectUnref(twin2);

    expect(objectGetCanonicalPath(d0)).toBe('/machine/unattached/device[0]');
    expect(objectGetCanonicalPath(objectGetRoot())).toBe('/');
    expect(objectResolvePath('/machine/peripheral/rex')).toBe(rex);
    expect(objectResolvePath('//machine//peripheral/rex/')).toBe(rex);
    expect(objectResolvePath('/')).toBe(objectGetRoot());
    // as g_strsplit(""): no components, so every object matches: ambiguous
    expect(objectResolvePathType('', TYPE_OBJECT)).toEqual({ obj: undefined, ambiguous: true });
    expect(objectGetCanonicalPath(objectNew('container'))).toBeUndefined();
    expect(objectResolvePath('rex')).toBe(rex);
    expect(objectResolvePath('peripheral/rex')).toBe(rex);
    expect(objectResolvePath('device[0]')).toBe(d0);
    expect(objectResolvePathType('twin', TYPE_OBJECT)).toEqual({ obj: undefined, ambiguous: true });
    expect(objectResolvePath('peripheral/twin')).toBe(twin1);
    // a partial path with a type only matches objects of that type
    expect(objectResolvePathType('rex', 'puppy')).toEqual({ obj: undefined, ambiguous: false });
    expect(objectResolvePath('/machine/nope')).toBeUndefined();
    expect(objectResolvePath('/machine/peripheral/rex', 'puppy')).toBeUndefined();
    expect(objectPropertyFind(p1, 'rex')?.type).toBe('child<dog>');
    expect(objectPropertyGet(p1, 'rex').equals(new QString('/machine/peripheral/rex'))).toBe(true);

    log.length = 0;
    objectUnparent(rex);
    expect(log).toEqual(['finalize(dog)', 'finalize(animal)']);
    expect(objectResolvePath('rex')).toBeUndefined();
    objectUnparent(twin1);
    objectUnparent(twin2);
    objectUnparent(d0);
  });

  test('finalizing a parent finalizes its children first, each exactly once', () => {
    const finalized: string[] = [];
    typeRegister({
      name: 'node',
      parent: TYPE_OBJECT,
      instanceFinalize: (o) => finalized.push((o as QomObject & { label?: string }).label ?? ''),
      instanceInit: (o) => {
        const rec = o as QomObject & { label?: string };
        objectPropertyAddStr(
          o,
          'label',
          () => rec.label ?? '',
          (_, v) => {
            rec.label = v;
          },
        );
      },
    });
    const mk = (label: string) => {
      const n = objectNew('node');
      objectPropertySetValue(n, 'label', label);
      return n;
    };
    const top = mk('top');
    const a = mk('a');
    const b = mk('b');
    objectPropertyAddChild(top, 'a', a);
    objectPropertyAddChild(a, 'b', b);
    objectUnref(a);
    objectUnref(b);
    objectUnref(top);
    expect(finalized).toEqual(['b', 'a', 'top']);
  });
});

describe('links', () => {
  class Holder extends QomObject {
    target: QomObject | undefined;
    weak: QomObject | undefined;
  }
  typeRegister({
    name: 'holder',
    parent: TYPE_OBJECT,
    instance: Holder,
    classInit: (k) => {
      objectClassPropertyAddLink(
        k,
        'target',
        'animal',
        'target',
        objectPropertyAllowSetLink,
        OBJ_PROP_LINK_STRONG,
      );
      objectClassPropertyAddLink(k, 'ro', 'animal', 'target');
    },
  });

  test('strong links hold a reference; set by path; QEMU errors for bad targets', () => {
    const objects = objectGetObjectsRoot();
    const h = objectNew<Holder>('holder');
    objectPropertyAddChild(objects, 'h', h);
    const dog = objectNew('dog');
    objectPropertyAddChild(objects, 'fido', dog);
    objectUnref(dog);
    const box = objectNew('container');
    objectPropertyAddChild(objects, 'box', box);
    objectUnref(box);
    expect(objectPropertyFind(h, 'target')?.type).toBe('link<animal>');
    expect(objectPropertyGet(h, 'target').equals(new QString(''))).toBe(true);

    objectPropertySet(h, 'target', new QString('/objects/fido'));
    expect(h.target).toBe(dog);
    expect(dog.ref).toBe(2);
    expect(objectPropertyGet(h, 'target').equals(new QString('/objects/fido'))).toBe(true);
    expect(objectPropertyGetLink(h, 'target')).toBe(dog);
    expect(objectResolvePath('/objects/h/target')).toBe(dog);

    const bad: [string, string][] = [
      ['/objects/box', "Invalid parameter type for 'target', expected: animal"],
      ['/objects/none', "Device '/objects/none' not found"],
    ];
    for (const [path, msg] of bad) {
      let err: unknown;
      try {
        objectPropertySet(h, 'target', new QString(path));
      } catch (e) {
        err = e;
      }
      expect((err as Error).message).toBe(msg);
    }
    try {
      objectPropertySet(h, 'target', new QString('/objects/none'));
    } catch (e) {
      expect((e as QomError).errorClass).toBe('DeviceNotFound');
    }
    expect(() => objectPropertySet(h, 'ro', new QString(''))).toThrow("Property 'holder.ro' is not writable");

    objectPropertySetLink(h, 'target', undefined);
    expect(h.target).toBeUndefined();
    expect(dog.ref).toBe(1);

    objectPropertySetLink(h, 'target', dog);
    objectUnparent(h);
    objectUnref(h); // the holder's release drops its reference on the target
    expect(dog.ref).toBe(1);
    objectUnparent(dog);
    expect(dog.finalized).toBe(true);
    objectUnparent(box);
  });

  test('ambiguous partial link paths are refused', () => {
    const objects = objectGetObjectsRoot();
    const h = objectNew<Holder>('holder');
    const c1 = containerGet(objects, 'x1');
    const c2 = containerGet(objects, 'x2');
    const d1 = objectNew('dog');
    const d2 = objectNew('dog');
    objectPropertyAddChild(c1, 'same', d1);
    objectPropertyAddChild(c2, 'same', d2);
    expect(() => objectPropertySet(h, 'target', new QString('same'))).toThrow(
      "Path 'same' does not uniquely identify an object",
    );
    objectUnref(h);
    objectUnparent(c1);
    objectUnparent(c2);
    objectUnref(d1);
    objectUnref(d2);
  });

  test('instance link with a check that refuses', () => {
    const h = objectNew<Holder>('holder');
    objectPropertyAddLink(h, 'guarded', 'animal', 'weak', () => {
      throw new QomError('no changes allowed');
    });
    expect(() => objectPropertySet(h, 'guarded', new QString(''))).toThrow('no changes allowed');
    objectUnref(h);
  });
});

describe('aliases, write-once properties and info qom-tree', () => {
  test('an alias forwards to its target and shows a child as a link', () => {
    const outer = objectNew('container');
    const inner = objectNew<Animal>('dog');
    objectPropertyAddChild(outer, 'inner', inner);
    objectUnref(inner);
    objectPropertyAddAlias(outer, 'legs', inner, 'legs');
    objectPropertyAddAlias(outer, 'pet', outer, 'inner');
    expect(objectPropertyFind(outer, 'legs')).toMatchObject({
      type: 'uint32',
      description: 'number of legs',
    });
    expect(objectPropertyFind(outer, 'pet')?.type).toBe('link<dog>');
    objectPropertySet(outer, 'legs', QNum.fromInt(3));
    expect(inner.legs).toBe(3);
    expect(objectPropertyGet(outer, 'legs').equals(QNum.fromUint(3))).toBe(true);
    expect(() => objectPropertySet(outer, 'legs', QNum.fromInt(-1))).toThrow(
      "Parameter 'legs' expects uint32_t",
    );
    objectUnref(outer);
  });

  test('write-once', () => {
    const o = objectNew('container');
    let v = '';
    objectPropertyAddTyped<string>(o, 'serial', 'str', {
      get: () => v,
      set: (_, x) => {
        v = x;
      },
      writeOnce: true,
    });
    objectPropertySetStr(o, 'serial', 'A1');
    expect(() => objectPropertySetStr(o, 'serial', 'B2')).toThrow(
      "Property 'container.serial' can only be set once",
    );
    expect(v).toBe('A1');
    objectUnref(o);
  });

  test('info qom-tree: QEMU layout, children sorted by name, path errors', () => {
    const top = containerGet(objectGetRoot(), '/tree-test');
    for (const n of ['b', 'a[10]', 'a[1]', 'a[2]']) containerGet(top, n);
    containerGet(top, 'b/leaf');
    expect(infoQomTree('/tree-test')).toBe(
      [
        '/tree-test (container)',
        '  /a[10] (container)',
        '  /a[1] (container)',
        '  /a[2] (container)',
        '  /b (container)',
        '    /leaf (container)',
        '',
      ].join('\n'),
    );
    expect(infoQomTree('/nope')).toBe("Path '/nope' could not be resolved.\n");
    containerGet(top, 'a[1]/leaf');
    expect(infoQomTree('leaf')).toBe("Warning: Path 'leaf' is ambiguous.\n");
    objectUnparent(top);
  });
});

describe('GHashMap', () => {
  test("iterates as GLib's GHashTable (QEMU's device class properties)", () => {
    // device_class_init adds these in this order; qom-list shows them reversed
    const m = new GHashMap<number>();
    for (const k of ['realized', 'hotpluggable', 'hotplugged', 'parent_bus']) m.set(k, 1);
    expect([...m.keys()]).toEqual(['hotpluggable', 'hotplugged', 'realized', 'parent_bus']);
  });

  test('behaves as a map across growth, deletion and shrinking', () => {
    const m = new GHashMap<number>();
    const ref = new Map<string, number>();
    for (let i = 0; i < 500; i++) {
      m.set(`k${i}`, i);
      ref.set(`k${i}`, i);
      if (i % 3 === 0) {
        m.delete(`k${i >> 1}`);
        ref.delete(`k${i >> 1}`);
      }
    }
    for (let i = 0; i < 480; i++) {
      m.delete(`k${i}`);
      ref.delete(`k${i}`);
    }
    expect(m.count).toBe(ref.size);
    expect([...m.keys()].sort()).toEqual([...ref.keys()].sort());
    for (const [k, v] of ref) expect(m.get(k)).toBe(v);
    expect(m.has('k1')).toBe(false);
  });
});

describe('code-side helpers', () => {
  test('typed getters/setters, const links, object_new_with_props', () => {
    const parent = containerGet(objectGetRoot(), '/helpers');
    const d = objectNewWithProps<Animal>('dog', parent, 'rex', { legs: 3 });
    expect(d.legs).toBe(3);
    expect(objectGetCanonicalPath(d)).toBe('/helpers/rex');
    expect(d.ref).toBe(1); // the tree holds it
    objectPropertySetInt(d, 'legs', 4n);
    expect(objectPropertyGetInt(d, 'legs')).toBe(4n);
    expect(() => objectNewWithProps('dog', parent, 'bad', { legs: 'x' })).toThrow(
      "Parameter 'legs' expects uint64",
    );
    expect(objectResolvePath('/helpers/bad')).toBeUndefined();
    const h = objectNew('container');
    objectPropertyAddChild(parent, 'h', h);
    objectUnref(h);
    objectPropertyAddConstLink(h, 'pet', d);
    expect(objectPropertyFind(h, 'pet')?.type).toBe('link<dog>');
    expect(objectPropertyGet(h, 'pet').equals(new QString('/helpers/rex'))).toBe(true);
    expect(() => objectPropertySetStr(h, 'pet', '')).toThrow("Property 'container.pet' is not writable");
    expect(objectResolvePath('/helpers/h/pet')).toBe(d);
    objectUnparent(parent);
    expect(d.finalized).toBe(true);
  });
});
