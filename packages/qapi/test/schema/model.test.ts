import { describe, expect, it } from 'vitest';
import {
  BUILTIN_TYPES,
  IfCond,
  type QAPISchemaAlternateType,
  QAPISchemaArrayType,
  QAPISchemaBuiltinType,
  QAPISchemaCommand,
  type QAPISchemaEntity,
  type QAPISchemaEnumType,
  type QAPISchemaEvent,
  type QAPISchemaObjectType,
  type QAPISchemaVisitor,
} from '../../src/index.js';
import { loadFiles, loadSrc } from './helpers.js';

const UNION = `
{ 'enum': 'Driver', 'data': [ 'file', 'null', { 'name': 'nbd', 'if': 'CONFIG_NBD' } ] }
{ 'struct': 'FileOpts', 'data': { 'filename': 'str', '*size': 'size' } }
{ 'union': 'Opts', 'base': { 'driver': 'Driver', '*id': 'str' }, 'discriminator': 'driver',
  'data': { 'file': 'FileOpts' } }
`;

describe('schema model', () => {
  it('predefines the built-in types, their arrays, q_empty and QType, in QEMU order', () => {
    const s = loadSrc('');
    const names = s.entities.map((e) => e.name);
    expect(names.slice(0, 4)).toEqual(['str', 'strList', 'number', 'numberList']);
    expect(names.slice(-2)).toEqual(['q_empty', 'QType']);
    for (const [name, json] of BUILTIN_TYPES) {
      const t = s.lookupType(name);
      expect(t).toBeInstanceOf(QAPISchemaBuiltinType);
      expect(t!.jsonType()).toBe(json);
      expect((s.lookupType(`${name}List`) as QAPISchemaArrayType).elementType).toBe(t);
    }
    expect((s.lookupType('QType') as QAPISchemaEnumType).memberNames()).toEqual([
      'none',
      'qnull',
      'qnum',
      'qstring',
      'qdict',
      'qlist',
      'qbool',
    ]);
  });

  it('makes implicit argument types and array types', () => {
    const s = loadSrc(
      "{ 'struct': 'Point', 'data': { 'x': 'int' } }\n{ 'command': 'draw', 'data': { 'points': [ 'Point' ], '*colour': 'str' }, 'returns': [ 'Point' ] }\n{ 'command': 'noop', 'data': {} }\n{ 'event': 'DRAWN', 'data': { 'n': 'int' } }\n",
    );
    const draw = s.lookupEntity('draw') as QAPISchemaCommand;
    expect(draw.argType!.name).toBe('q_obj_draw-arg');
    expect(draw.argType!.isImplicit()).toBe(true);
    expect(draw.argType!.members.map((m) => [m.name, m.type.name, m.optional])).toEqual([
      ['points', 'PointList', false],
      ['colour', 'str', true],
    ]);
    expect(draw.retType).toBeInstanceOf(QAPISchemaArrayType);
    expect((s.lookupEntity('noop') as QAPISchemaCommand).argType).toBeNull();
    expect((s.lookupEntity('DRAWN') as QAPISchemaEvent).argType!.name).toBe('q_obj_DRAWN-arg');
  });

  it('flattens a union: base members, then every enum value as a branch (q_empty when not given)', () => {
    const s = loadSrc(UNION);
    const u = s.lookupType('Opts') as QAPISchemaObjectType;
    expect(u.meta).toBe('union');
    expect(u.base!.name).toBe('q_obj_Opts-base');
    expect(u.members.map((m) => m.name)).toEqual(['driver', 'id']);
    expect(u.variants!.tagMember.name).toBe('driver');
    expect(u.variants!.variants.map((v) => [v.name, v.type.name, v.ifcond.cgen()])).toEqual([
      ['file', 'FileOpts', ''],
      ['null', 'q_empty', ''],
      ['nbd', 'q_empty', 'defined(CONFIG_NBD)'],
    ]);
  });

  it('gives alternates a QType tag and branch types', () => {
    const s = loadSrc("{ 'alternate': 'StrOrNull', 'data': { 's': 'str', 'n': 'null' } }\n");
    const a = s.lookupType('StrOrNull') as QAPISchemaAlternateType;
    expect(a.variants.tagMember.type.name).toBe('QType');
    expect(a.variants.variants.map((v) => v.type.alternateQType())).toEqual(['QTYPE_QSTRING', 'QTYPE_QNULL']);
    expect(a.jsonType()).toBe('value');
  });

  it('keeps command flags, features and enum prefix', () => {
    const s = loadSrc(
      "{ 'command': 'c1', 'gen': false, 'success-response': false, 'allow-preconfig': true, 'allow-oob': true, 'features': [ 'deprecated', { 'name': 'unstable', 'if': 'X' }, 'other' ] }\n{ 'command': 'c2', 'coroutine': true, 'boxed': true, 'data': 'Args' }\n{ 'struct': 'Args', 'data': {} }\n{ 'enum': 'Colour', 'prefix': 'COL', 'data': [ 'red' ] }\n",
    );
    const c1 = s.lookupEntity('c1') as QAPISchemaCommand;
    expect([c1.gen, c1.successResponse, c1.allowPreconfig, c1.allowOob, c1.coroutine, c1.boxed]).toEqual([
      false,
      false,
      true,
      true,
      false,
      false,
    ]);
    expect(c1.features.map((f) => [f.name, f.isSpecial(), f.ifcond.docgen()])).toEqual([
      ['deprecated', true, ''],
      ['unstable', true, 'X'],
      ['other', false, ''],
    ]);
    const c2 = s.lookupEntity('c2') as QAPISchemaCommand;
    expect([c2.gen, c2.coroutine, c2.boxed, c2.argType!.name]).toEqual([true, true, true, 'Args']);
    expect((s.lookupType('Colour') as QAPISchemaEnumType).prefix).toBe('COL');
  });

  it('accepts boxed union arguments, alternates with array branches, conditional arguments', () => {
    const s = loadSrc(`${UNION}
{ 'command': 'open', 'data': 'Opts', 'boxed': true }
{ 'event': 'OPENED', 'data': 'Opts', 'boxed': true }
{ 'alternate': 'OneOrMany', 'data': { 'one': 'str', 'many': [ 'str' ] } }
{ 'command': 'cond-args', 'data': { 'a': 'int', 'b': { 'type': 'str', 'if': 'X' } } }
`);
    expect((s.lookupEntity('open') as QAPISchemaCommand).argType!.variants).not.toBeNull();
    expect((s.lookupEntity('OPENED') as QAPISchemaEvent).boxed).toBe(true);
    const alt = s.lookupType('OneOrMany') as QAPISchemaAlternateType;
    expect(alt.variants.variants.map((v) => v.type.alternateQType())).toEqual([
      'QTYPE_QSTRING',
      'QTYPE_QLIST',
    ]);
    expect((s.lookupEntity('cond-args') as QAPISchemaCommand).argType!.hasConditionalMembers()).toBe(true);
  });

  it('lets a struct refer to itself through a member', () => {
    const s = loadSrc("{ 'struct': 'Node', 'data': { '*next': 'Node', 'kids': [ 'Node' ] } }\n");
    expect((s.lookupType('Node') as QAPISchemaObjectType).members).toHaveLength(2);
  });

  it('visits modules in include order, entities in definition order', () => {
    const s = loadFiles({
      'main.json': "{ 'command': 'first' }\n{ 'include': 'sub.json' }\n{ 'event': 'LAST' }\n",
      'sub.json': "{ 'struct': 'Sub', 'data': { 'a': [ 'int' ] } }\n{ 'command': 'second', 'data': 'Sub' }\n",
    });
    const seen: string[] = [];
    const v: QAPISchemaVisitor = {
      visitModule: (name) => seen.push(`module ${name}`),
      visitNeeded: (e: QAPISchemaEntity) => !(e instanceof QAPISchemaBuiltinType),
      visitInclude: (name) => seen.push(`include ${name}`),
      visitObjectType: (t) => seen.push(`object ${t.name}`),
      visitObjectTypeFlat: (t) => seen.push(`flat ${t.name}`),
      visitCommand: (c) => seen.push(`command ${c.name}`),
      visitEvent: (e) => seen.push(`event ${e.name}`),
      visitEnumType: (t) => seen.push(`enum ${t.name}`),
      visitArrayType: (t) => seen.push(`array ${t.name}`),
    };
    s.visit(v);
    expect(seen.filter((x) => !x.startsWith('array'))).toEqual([
      'module ./builtin',
      'object q_empty',
      'flat q_empty',
      'enum QType',
      'module main.json',
      'command first',
      'include sub.json',
      'event LAST',
      'module sub.json',
      'object Sub',
      'flat Sub',
      'command second',
    ]);
    expect(seen).toContain('array intList');
  });
});

describe('conditions', () => {
  it('evaluates strings, all, any and not; renders C and doc forms', () => {
    const c = new IfCond({ all: ['A', { any: ['B', { not: 'C' }] }] });
    expect(c.evaluate(new Set(['A', 'B']))).toBe(true);
    expect(c.evaluate(new Set(['A', 'C']))).toBe(false);
    expect(c.evaluate(new Set(['A']))).toBe(true);
    expect(c.evaluate(new Set())).toBe(false);
    expect(c.cgen()).toBe('defined(A) && (defined(B) || !defined(C))');
    expect(c.docgen()).toBe('A and (B or not C)');
    expect(c.symbols()).toEqual(['A', 'B', 'C']);
    expect(IfCond.NONE.evaluate(new Set())).toBe(true);
  });

  const SRC = `
{ 'enum': 'Mode', 'data': [ 'a', { 'name': 'b', 'if': 'HAVE_B' } ] }
{ 'struct': 'Settings', 'data': { 'x': 'int', 'y': { 'type': 'int', 'if': { 'not': 'HAVE_B' } },
  'z': { 'type': 'str', 'features': [ { 'name': 'deprecated', 'if': 'OLD' } ] } } }
{ 'command': 'only-b', 'if': 'HAVE_B' }
{ 'command': 'always', 'features': [ { 'name': 'unstable', 'if': 'HAVE_B' } ] }
${UNION}`;

  const settings = (s: ReturnType<typeof loadSrc>) => s.lookupType('Settings') as QAPISchemaObjectType;
  const branches = (s: ReturnType<typeof loadSrc>) =>
    (s.lookupType('Opts') as QAPISchemaObjectType).variants!.variants.map((v) => v.name);

  it('keeps every definition with its condition when no symbols are given', () => {
    const s = loadSrc(SRC);
    expect(s.defined).toBeNull();
    expect(s.lookupEntity('only-b')!.ifcond.cgen()).toBe('defined(HAVE_B)');
    expect((s.lookupType('Mode') as QAPISchemaEnumType).memberNames()).toEqual(['a', 'b']);
    expect(settings(s).members.map((m) => m.name)).toEqual(['x', 'y', 'z']);
    expect(branches(s)).toEqual(['file', 'null', 'nbd']);
  });

  it('drops what is conditional on false when loaded with symbols (none given: all false)', () => {
    const none = loadSrc(SRC, { defined: [] });
    expect(none.lookupEntity('only-b')).toBeUndefined();
    expect((none.lookupType('Mode') as QAPISchemaEnumType).memberNames()).toEqual(['a']);
    expect(settings(none).members.map((m) => m.name)).toEqual(['x', 'y', 'z']);
    expect(settings(none).members[2].features).toEqual([]);
    expect((none.lookupEntity('always') as QAPISchemaCommand).features).toEqual([]);
    expect(settings(none).members.every((m) => !m.ifcond.isPresent())).toBe(true);
    expect(branches(none)).toEqual(['file', 'null']);
    expect(none.unpruned.lookupEntity('only-b')).toBeDefined();
  });

  it('keeps what is conditional on a defined symbol', () => {
    const b = loadSrc(SRC, { defined: ['HAVE_B', 'CONFIG_NBD', 'OLD'] });
    expect(b.lookupEntity('only-b')).toBeInstanceOf(QAPISchemaCommand);
    expect((b.lookupType('Mode') as QAPISchemaEnumType).memberNames()).toEqual(['a', 'b']);
    expect(settings(b).members.map((m) => m.name)).toEqual(['x', 'z']);
    expect(settings(b).members[1].features.map((f) => f.name)).toEqual(['deprecated']);
    expect((b.lookupEntity('always') as QAPISchemaCommand).features.map((f) => f.name)).toEqual(['unstable']);
    expect(branches(b)).toEqual(['file', 'null', 'nbd']);
  });
});
