import { describe, expect, test } from 'vitest';
import { parseAddress, parseShellLine } from './shell.js';

describe('qmp-shell syntax', () => {
  test('command key=value with JSON values and dotted keys', () => {
    expect(parseShellLine('query-status')).toEqual({ execute: 'query-status' });
    expect(parseShellLine('qom-get path=/machine property=type')).toEqual({
      execute: 'qom-get',
      arguments: { path: '/machine', property: 'type' },
    });
    expect(parseShellLine('x n=3 b=true s="q" o.a=1 o.b=x')).toEqual({
      execute: 'x',
      arguments: { n: 3, b: true, s: 'q', o: { a: 1, b: 'x' } },
    });
    expect(parseShellLine('{"execute": "quit"}')).toEqual({ execute: 'quit' });
    expect(() => parseShellLine('x oops')).toThrow("Bad argument: 'oops'");
  });
  test('addresses', () => {
    expect(parseAddress('/tmp/qmp.sock')).toEqual({ path: '/tmp/qmp.sock' });
    expect(parseAddress('localhost:4444')).toEqual({ host: 'localhost', port: 4444 });
  });
});
