// Dispatch throughput: a command with a small struct argument and a struct return, through the
// input visitor → handler → output visitor, as requests per second. The peer, measured in the same
// run, is JSON.parse + JSON.stringify of the same request: moving the bytes with no QAPI at all.
import { parseJSON, type QDict, toJSON } from '@tsemu/qobject';
import { CommandRegistry, defineSchema } from '../src/index.js';

export interface DispatchBenchResult {
  dispatchPerSec: number;
  wirePerSec: number;
  peerPerSec: number;
}

const REQUEST = `{"execute": "move", "arguments": {"p": {"x": 10, "y": -20, "label": "origin"}, "dx": 5}, "id": 17}`;

function rate(fn: () => unknown, ms = 1000): number {
  for (let i = 0; i < 2000; i++) fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 200; i++) fn();
    n += 200;
    now = performance.now();
  }
  return n / ((now - start) / 1000);
}

async function rateAsync(fn: () => Promise<unknown>, ms = 1000): Promise<number> {
  for (let i = 0; i < 2000; i++) await fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 200; i++) await fn();
    n += 200;
    now = performance.now();
  }
  return n / ((now - start) / 1000);
}

export async function benchDispatch(log: (line: string) => void = console.log): Promise<DispatchBenchResult> {
  const schema = defineSchema({
    types: [
      {
        meta: 'struct',
        name: 'Point',
        members: [
          { name: 'x', type: 'int' },
          { name: 'y', type: 'int' },
          { name: 'label', type: 'str', optional: true },
        ],
      },
      {
        meta: 'struct',
        name: 'q_obj_move-arg',
        members: [
          { name: 'p', type: 'Point' },
          { name: 'dx', type: 'int' },
        ],
      },
    ],
    commands: [{ name: 'move', data: 'q_obj_move-arg', returns: 'Point' }],
  });
  const registry = new CommandRegistry(schema);
  registry.register('move', ({ p, dx }) => ({ x: p.x + dx, y: p.y, label: p.label }));
  const request = parseJSON(REQUEST) as QDict;
  const check = toJSON((await registry.dispatch(request))!);
  if (check !== '{"return": {"x": 15, "y": -20, "label": "origin"}, "id": 17}')
    throw new Error(`bad reply ${check}`);

  const dispatchPerSec = await rateAsync(() => registry.dispatch(request));
  const wirePerSec = await rateAsync(async () => toJSON((await registry.dispatch(parseJSON(REQUEST)))!));
  const peerPerSec = rate(() => {
    const r = JSON.parse(REQUEST);
    return JSON.stringify({
      return: { x: r.arguments.p.x + r.arguments.dx, y: r.arguments.p.y, label: r.arguments.p.label },
      id: r.id,
    });
  });
  const k = (x: number) => `${(x / 1000).toFixed(0)}k req/s`;
  log(`dispatch: 'move' (struct argument, struct return), request ${REQUEST.length} bytes`);
  log(
    `  input visitor → handler → output visitor: ${k(dispatchPerSec)} = ${(dispatchPerSec / peerPerSec).toFixed(2)}x the peer`,
  );
  log(
    `  with parseJSON + toJSON (the wire):      ${k(wirePerSec)} = ${(wirePerSec / peerPerSec).toFixed(2)}x the peer`,
  );
  log(`  peer, JSON.parse + JSON.stringify:        ${k(peerPerSec)}`);
  return { dispatchPerSec, wirePerSec, peerPerSec };
}
