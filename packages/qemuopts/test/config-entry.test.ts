import { toJSON } from '@tsemu/qobject';
import { describe, expect, test } from 'vitest';
import { parseQemuCommandLine } from '../src/index.js';

// QEMU reads -object differently by origin: the command line's key=value form through the options
// visitor (flat keys), a config file's [object] section as keyval (dotted keys nest), JSON strictly.
describe('where an option group instance came from', () => {
  test('-object: QemuOpts on the command line, keyval from a config file, JSON', () => {
    const file =
      '[object "b"]\n  qom-type = "authz-list"\n  rules.0.match = "x"\n  rules.0.policy = "allow"\n';
    const cfg = parseQemuCommandLine(
      [
        '-object',
        'authz-simple,id=a,identity=x',
        '-readconfig',
        'f',
        '-object',
        '{"qom-type":"authz-list","id":"c"}',
      ],
      { readFile: () => file },
    );
    const objs = cfg.group('object');
    expect(objs.map((e) => [e.qemuopts ?? false, e.json])).toEqual([
      [true, false],
      [false, false],
      [false, true],
    ]);
    expect(toJSON(objs[1].dict.get('rules') as never)).toBe('[{"policy": "allow", "match": "x"}]');
  });
});
