import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QAPISchema } from '@tsemu/qapi';
import { describe, expect, it } from 'vitest';
import { QapiOptsGroup } from './qapi-group.js';

const src = readFileSync(join(import.meta.dirname, '..', 'test', '__fixtures__', 'opts-schema.json'), 'utf8');
const model = () => QAPISchema.fromString(src, 'opts-schema.json');
const group = () =>
  new QapiOptsGroup(model(), 'TopologyOptions', {
    name: 'topology',
    impliedOptName: 'cpus',
    mergeLists: true,
  });

describe('an option group described by a QAPI struct', () => {
  it('takes keys, types, help and defaults from the schema', () => {
    const g = group();
    expect(g.list.desc.map((d) => [d.name, d.type])).toEqual([
      ['cpus', 'number'],
      ['sockets', 'number'],
      ['maxcpus', 'number'],
      ['mode', 'string'],
      ['threads-on', 'bool'],
      ['cache-size', 'size'],
      ['label', 'string'],
    ]);
    expect(g.list.findDesc('cpus')).toMatchObject({
      help: 'number of virtual CPUs at start-up (default: 1)',
      defValueStr: '1',
    });
    // a key's default shows when it is not given
    const { opts } = g.list.parse('sockets=2');
    expect(opts!.get('cpus')).toBe('1');
    expect(opts!.getBool('threads-on', false)).toBe(true);
  });

  it('prints help as qemu_opts_print_help does', () => {
    expect(group().help()).toBe(
      [
        'topology options:',
        '  cache-size=<size>      - size of the shared cache',
        '  cpus=<num>             - number of virtual CPUs at start-up (default: 1)',
        '  label=<str>            - a name for the topology',
        '  maxcpus=<num>          - maximum number of CPUs, hot-pluggable ones included',
        '  mode=<str>             - layout of the CPUs',
        '  sockets=<num>          - number of CPU sockets',
        '  threads-on=<bool>      - whether SMT threads are enabled (default: on)',
        '',
      ].join('\n'),
    );
  });

  it('validates command-line values with the QemuOpts parsers and QEMU wording', () => {
    const g = group();
    expect(() => g.list.parse('4,bogus=1')).toThrow("Invalid parameter 'bogus'");
    expect(() => g.list.parse('four')).toThrow("Parameter 'cpus' expects a number");
    expect(() => g.list.parse('threads-on=maybe')).toThrow("Parameter 'threads-on' expects 'on' or 'off'");
  });

  it('translates QemuOpts to a typed QAPI value and back', () => {
    const g = group();
    const { opts } = g.list.parse('4,sockets=2,mode=spread,threads-on=off,cache-size=2M,label=a,,b');
    const v = g.toValue(opts!);
    expect(v).toEqual({
      cpus: 4,
      sockets: 2,
      mode: 'spread',
      'threads-on': false,
      'cache-size': 2097152n,
      label: 'a,b',
    });
    const again = group();
    const back = again.fromValue(v);
    expect(again.toValue(back)).toEqual(v);
    expect(back.get('cache-size')).toBe('2097152');
    expect(back.get('threads-on')).toBe('off');
  });

  it('rejects values the QAPI type does not accept, in the visitor wording', () => {
    const g = group();
    const { opts } = g.list.parse('mode=diagonal');
    expect(() => g.toValue(opts!)).toThrow("Parameter 'mode' does not accept value 'diagonal'");
  });

  it('only takes structs', () => {
    expect(() => new QapiOptsGroup(model(), 'TopologyMode', { name: 'x' })).toThrow(
      "QAPI type 'TopologyMode' is not a struct",
    );
  });
});
