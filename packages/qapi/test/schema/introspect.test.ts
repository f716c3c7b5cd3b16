import { toJSON } from '@tsemu/qobject';
import { describe, expect, it } from 'vitest';
import { introspect, introspectJSON } from '../../src/index.js';
import { loadSrc } from './helpers.js';

const SRC = `
{ 'enum': 'Colour', 'data': [ 'red', { 'name': 'green', 'if': 'HAVE_GREEN' },
  { 'name': 'blue', 'features': [ 'deprecated' ] } ] }
{ 'struct': 'Pixel', 'data': { 'x': 'uint16', '*colour': 'Colour', 'tags': [ 'int8' ], 'names': [ 'str' ] } }
{ 'command': 'get-pixel', 'data': { 'x': 'int' }, 'returns': 'Pixel', 'allow-oob': true }
{ 'command': 'ping' }
{ 'command': 'secret', 'if': 'HAVE_SECRET', 'data': { 'key': 'Key' } }
{ 'struct': 'Key', 'data': { 'k': 'str' }, 'if': 'HAVE_SECRET' }
{ 'event': 'PIXEL_CHANGED', 'data': 'Pixel', 'features': [ 'unstable' ] }
{ 'alternate': 'IntOrNull', 'data': { 'i': 'int', 'n': 'null' } }
{ 'command': 'take', 'data': { 'v': 'IntOrNull' } }
`;

describe('introspection', () => {
  it('lists commands and events, then used types in order of first use, names masked', () => {
    const list = introspectJSON(loadSrc(SRC));
    expect(list).toEqual([
      { name: 'get-pixel', 'ret-type': '1', 'allow-oob': true, 'meta-type': 'command', 'arg-type': '0' },
      { name: 'ping', 'ret-type': '2', 'meta-type': 'command', 'arg-type': '2' },
      // 'secret' is absent, but its argument type took "3" and Key "6".
      { name: 'PIXEL_CHANGED', 'meta-type': 'event', 'arg-type': '1', features: ['unstable'] },
      { name: 'take', 'ret-type': '2', 'meta-type': 'command', 'arg-type': '4' },
      { name: '0', members: [{ name: 'x', type: 'int' }], 'meta-type': 'object' },
      {
        name: '1',
        members: [
          { name: 'x', type: 'int' },
          { name: 'colour', default: null, type: '5' },
          { name: 'tags', type: '[int]' },
          { name: 'names', type: '[str]' },
        ],
        'meta-type': 'object',
      },
      { name: '2', members: [], 'meta-type': 'object' },
      { name: '4', members: [{ name: 'v', type: '7' }], 'meta-type': 'object' },
      { name: 'int', 'json-type': 'int', 'meta-type': 'builtin' },
      {
        name: '5',
        members: [{ name: 'red' }, { name: 'blue', features: ['deprecated'] }],
        'meta-type': 'enum',
        values: ['red', 'blue'],
      },
      { name: '[int]', 'element-type': 'int', 'meta-type': 'array' },
      { name: '[str]', 'element-type': 'str', 'meta-type': 'array' },
      { name: 'str', 'json-type': 'string', 'meta-type': 'builtin' },
      { name: '7', members: [{ type: 'int' }, { type: 'null' }], 'meta-type': 'alternate' },
      { name: 'null', 'json-type': 'null', 'meta-type': 'builtin' },
    ]);
  });

  it('numbers what is conditional on false too, as QEMU does at build time, then leaves it out', () => {
    const without = introspectJSON(loadSrc(SRC)) as { name: string }[];
    const withSecret = introspectJSON(loadSrc(SRC), { defined: ['HAVE_SECRET', 'HAVE_GREEN'] }) as {
      name: string;
      values?: string[];
    }[];
    // 'secret' takes "3" (its argument type) and Key "6" in both lists.
    expect(without.map((e) => e.name)).not.toContain('3');
    expect(withSecret.map((e) => e.name)).toEqual(expect.arrayContaining(['secret', '3', '6']));
    expect(withSecret.find((e) => e.name === '5')!.values).toEqual(['red', 'green', 'blue']);
  });

  it('a schema loaded with symbols introspects with them by default', () => {
    const s = loadSrc(SRC, { defined: ['HAVE_SECRET'] });
    expect(introspectJSON(s)).toEqual(introspectJSON(s.unpruned, { defined: ['HAVE_SECRET'] }));
  });

  it('unmask keeps type names', () => {
    const names = (introspectJSON(loadSrc(SRC), { unmask: true }) as { name: string }[]).map((e) => e.name);
    expect(names).toContain('q_obj_get-pixel-arg');
    expect(names).toContain('Pixel');
    expect(names).toContain('q_empty');
  });

  it('writes QEMU wire JSON with QDict member order', () => {
    const wire = toJSON(introspect(loadSrc("{ 'command': 'ping' }\n")));
    expect(wire).toBe(
      '[{"name": "ping", "ret-type": "0", "meta-type": "command", "arg-type": "0"}, {"name": "0", "members": [], "meta-type": "object"}]',
    );
  });
});
