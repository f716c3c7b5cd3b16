import { describe, expect, it } from 'vitest';
import { QAPIError, QAPISchema, QAPISchemaCommand, QAPISchemaParser } from '../../src/index.js';
import { loadError, loadFiles, loadSrc } from './helpers.js';

const parse = (src: string) => new QAPISchemaParser('t.json', new Set(), null, () => '', src);

describe('QAPI schema syntax', () => {
  it('reads single-quoted strings, booleans, arrays, objects and skips comments', () => {
    const p = parse(
      "# comment\n{ 'struct': 'Foo', # trailing\n  'data': { 'a\\\\b': [ 'x' ], 't': true, 'f': false } }\n",
    );
    expect(p.exprs).toHaveLength(1);
    const { expr, info } = p.exprs[0];
    expect(info.line).toBe(2);
    const data = expr.get('data') as Map<string, unknown>;
    expect([...data.keys()]).toEqual(['a\\b', 't', 'f']);
    expect(data.get('a\\b')).toEqual(['x']);
    expect(data.get('t')).toBe(true);
    expect(data.get('f')).toBe(false);
  });

  it('keeps key order, numeric-looking keys included', () => {
    const p = parse("{ 'enum': 'Foo', 'data': [ '9', '1' ], 'if': 'X' }\n{ 'x': { '2': 'a', '1': 'b' } }\n");
    expect([...p.exprs[0].expr.keys()]).toEqual(['enum', 'data', 'if']);
    expect([...(p.exprs[1].expr.get('x') as Map<string, unknown>).keys()]).toEqual(['2', '1']);
  });

  it('reports positions as file:line:col, counting tabs as QEMU does', () => {
    try {
      parse("{ 'a': 'b',\n  'c' 'd' }\n");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(QAPIError);
      expect((e as QAPIError).message).toBe("t.json:2:7: expected ':'");
      expect((e as QAPIError).col).toBe(7);
    }
  });

  it('accepts a file without a final newline, and an empty file', () => {
    expect(parse("{ 'a': 'b' }").exprs).toHaveLength(1);
    expect(parse('').exprs).toHaveLength(0);
  });
});

describe('doc comments', () => {
  const src = `##
# = Section
#
# Intro text.
##

##
# @do-it:
#
# Does it.
#
# @arg: first line
#       second line
#
# @other:
# starts on the next line
#
# Features:
# @deprecated: do not use
#
# Returns: nothing much
#
# Since: 7.2
#
# Notes: note text
#
# Example:
#
# -> { "execute": "do-it" }
##
{ 'command': 'do-it', 'data': { 'arg': 'int', 'other': 'str' }, 'returns': 'int',
  'features': [ 'deprecated' ] }
`;

  it('splits body, member descriptions, features and tagged sections', () => {
    const p = parse(src);
    expect(p.docs).toHaveLength(2);
    const [free, doc] = p.docs;
    expect(free.symbol).toBeNull();
    expect(free.body.text).toBe('= Section\n\nIntro text.');
    expect(doc.symbol).toBe('do-it');
    expect(doc.body.text).toBe('Does it.');
    expect(doc.args.get('arg')!.text).toBe('first line\nsecond line');
    expect(doc.args.get('other')!.text).toBe('starts on the next line');
    expect(doc.features.get('deprecated')!.text).toBe('do not use');
    expect(doc.sections.map((s) => [s.name, s.text])).toEqual([
      ['Returns', 'nothing much'],
      ['Since', '7.2'],
      ['Notes', 'note text'],
      ['Example', '-> { "execute": "do-it" }'],
    ]);
    expect(p.exprs[0].doc).toBe(doc);
  });

  it('connects documented members and features to the definition', () => {
    const schema = loadSrc(
      `{ 'pragma': { 'doc-required': true, 'command-returns-exceptions': [ 'do-it' ] } }\n${src}`,
    );
    const cmd = schema.lookupEntity('do-it') as QAPISchemaCommand;
    expect(cmd.argType!.members.map((m) => m.docSection?.text)).toEqual([
      'first line\nsecond line',
      'starts on the next line',
    ]);
    expect(cmd.features[0].docSection?.text).toBe('do not use');
  });

  it('splits a free-form block at each heading', () => {
    const p = parse('##\n# = One\n# text\n# == Two\n# more\n##\n');
    expect(p.docs.map((d) => d.body.text)).toEqual(['= One\ntext', '== Two\nmore']);
  });

  it('lets undocumented members pass (QEMU 7.2 does)', () => {
    const s = loadSrc("##\n# @Foo:\n##\n{ 'struct': 'Foo', 'data': { 'a': 'int' } }\n");
    expect(s.lookupType('Foo')).toBeDefined();
  });
});

describe('include', () => {
  it('resolves relative to the including file and reads each file once', () => {
    const s = loadFiles({
      'main.json': "{ 'include': 'sub/a.json' }\n{ 'include': 'sub/b.json' }\n",
      'sub/a.json': "{ 'include': 'common.json' }\n{ 'struct': 'Ant', 'data': { 'c': 'Common' } }\n",
      'sub/b.json': "{ 'include': 'common.json' }\n{ 'struct': 'Bee', 'data': { 'c': 'Common' } }\n",
      'sub/common.json': "{ 'enum': 'Common', 'data': [ 'x' ] }\n",
    });
    expect(s.modules.map((m) => m.name)).toEqual([
      './builtin',
      'main.json',
      'sub/a.json',
      'sub/common.json',
      'sub/b.json',
    ]);
    expect(s.lookupType('Common')!.info!.fname).toBe('sub/common.json');
  });

  it('names the include chain in errors', () => {
    expect(
      loadError({
        'main.json': "\n{ 'include': 'a.json' }\n",
        'a.json': "{ 'include': 'b.json' }\n",
        'b.json': "{ 'command': 'Bad' }\n",
      }),
    ).toBe(
      "In file included from main.json:2:\nIn file included from a.json:1:\nb.json: In command 'Bad':\nb.json:1: name of command must not use uppercase or '_'",
    );
  });
});

describe('pragma', () => {
  it('command-name-exceptions permits underscores in listed command names', () => {
    expect(loadError("{ 'command': 'do_it' }\n")).toMatch(/must not use uppercase or '_'/);
    const s = loadSrc("{ 'pragma': { 'command-name-exceptions': [ 'do_it' ] } }\n{ 'command': 'do_it' }\n");
    expect(s.lookupEntity('do_it')).toBeInstanceOf(QAPISchemaCommand);
  });

  it('member-name-exceptions permits uppercase and underscores in listed types', () => {
    const body = "{ 'struct': 'Foo', 'data': { 'Big_one': 'int' } }\n{ 'enum': 'Bar', 'data': [ 'A_B' ] }\n";
    expect(loadError(body)).toMatch(/'data' member 'Big_one' must not use/);
    const s = loadSrc(`{ 'pragma': { 'member-name-exceptions': [ 'Foo', 'Bar' ] } }\n${body}`);
    expect(s.lookupType('Foo')).toBeDefined();
  });

  it('command-returns-exceptions permits non-object returns', () => {
    const body =
      "{ 'command': 'get-num', 'returns': 'int' }\n{ 'command': 'get-list', 'returns': [ 'str' ] }\n";
    expect(loadError(body)).toMatch(/command's 'returns' cannot take built-in 'int'/);
    const s = loadSrc(`{ 'pragma': { 'command-returns-exceptions': [ 'get-num', 'get-list' ] } }\n${body}`);
    expect((s.lookupEntity('get-list') as QAPISchemaCommand).retType!.name).toBe('strList');
  });

  it('applies to included files too', () => {
    const s = loadFiles({
      'main.json': "{ 'pragma': { 'command-name-exceptions': [ 'do_it' ] } }\n{ 'include': 'a.json' }\n",
      'a.json': "{ 'command': 'do_it' }\n",
    });
    expect(s.commands.map((c) => c.name)).toEqual(['do_it']);
  });

  it('doc-required demands a doc comment for each definition', () => {
    expect(loadError("{ 'pragma': { 'doc-required': true } }\n{ 'command': 'foo' }\n")).toBe(
      "main.json: In command 'foo':\nmain.json:2: documentation comment required",
    );
  });
});

describe('names', () => {
  it('accepts downstream and x- prefixes, and enum values starting with a digit', () => {
    const s = loadSrc(
      "{ 'command': '__com.example_do-it' }\n{ 'command': 'x-test' }\n{ 'enum': 'Foo', 'data': [ '1x', '__org.qemu_x' ] }\n",
    );
    expect(s.commands.map((c) => c.name)).toEqual(['__com.example_do-it', 'x-test']);
  });

  it('reserves names ending in List and the q_ namespace', () => {
    expect(loadError("{ 'struct': 'FooList', 'data': {} }\n")).toMatch(/should not end in 'List'/);
    expect(loadError("{ 'struct': 'Foo', 'data': { 'q_x': 'int' } }\n")).toMatch(/has an invalid name/);
  });
});

describe('loading', () => {
  it('loads from a string, and names a missing root file as QEMU does', () => {
    const s = QAPISchema.fromString("{ 'command': 'ping' }\n", 'ping.json');
    expect(s.commands.map((c) => c.info!.loc())).toEqual(['ping.json:1']);
    expect(() => QAPISchema.load('/nonexistent/x.json')).toThrow(
      "can't read schema file '/nonexistent/x.json': No such file or directory",
    );
  });

  it('gives errors with and without their context lines', () => {
    try {
      QAPISchema.fromString("{ 'struct': 'Foo', 'data': { 'a': 'Nope' } }\n", 'f.json');
      expect.unreachable();
    } catch (e) {
      const err = e as QAPIError;
      expect(err.message).toBe("f.json: In struct 'Foo':\nf.json:1: member 'a' uses unknown type 'Nope'");
      expect(err.short).toBe("f.json:1: member 'a' uses unknown type 'Nope'");
      expect(err.info!.line).toBe(1);
    }
  });
});

describe('include paths', () => {
  it('are joined without normalization, as QEMU names modules', () => {
    const s = loadFiles({
      'main.json': "{ 'include': 'sub/a.json' }\n",
      'sub/a.json': "{ 'include': '../b.json' }\n",
      'sub/../b.json': "{ 'command': 'in-b' }\n",
    });
    expect(s.modules.map((m) => m.name)).toEqual(['./builtin', 'main.json', 'sub/a.json', 'sub/../b.json']);
  });
});
