// The QOM properties of the timer/interrupt devices (qom-list) as in QEMU 7.2's capture of
// -M pc -nodefaults, and the RTC's "date" (struct tm) through qom-get.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { objectGetCanonicalPath, objectPropertyGetValue, qmpQomList } from '@tsemu/qdev';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Board, tsemuBoard } from '../intc/board.js';

const walk = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  '..',
  'shared',
  'reference',
  'qemu-7.2',
  'qmp',
  'nodefaults',
  'qom-tree.walk.json',
);

type Prop = { name: string; type: string };

/** name/type pairs, sorted, without memory-region children (memory regions are not QOM objects here) */
const norm = (ps: Prop[]) =>
  ps
    .filter((p) => p.type !== 'child<memory-region>')
    .map((p) => `${p.name}: ${p.type}`)
    .sort();

let board: Board;
beforeAll(() => {
  board = tsemuBoard({ base: '2006-06-17T16:01:21', clock: 'vm' });
});
afterAll(() => board.close());

describe.skipIf(!existsSync(walk))('qom-list of the devices as QEMU 7.2', () => {
  const tree = existsSync(walk) ? (JSON.parse(readFileSync(walk, 'utf8')) as Record<string, Prop[]>) : {};
  /** the property lists of every object of `type` in the capture */
  const qemuOf = (type: string) => {
    const out: string[][] = [];
    for (const [path, props] of Object.entries(tree))
      for (const p of props)
        if (p.type === `child<${type}>`) out.push(norm(tree[`${path === '/' ? '' : path}/${p.name}`]));
    return out;
  };

  test.each(['isa-i8259', 'isa-pit', 'isa-pcspk', 'mc146818rtc'])('%s', (type) => {
    const ours = board
      .devices()
      .filter((d) => d.typename === type)
      .map((d) => norm(qmpQomList(objectGetCanonicalPath(d) as string) as Prop[]));
    const theirs = qemuOf(type);
    expect(theirs.length).toBeGreaterThan(0);
    expect(ours.sort()).toEqual(theirs.sort());
  });
});

test('the RTC date as struct tm', () => {
  const rtc = board.devices().find((d) => d.typename === 'mc146818rtc');
  expect(objectPropertyGetValue(rtc as NonNullable<typeof rtc>, 'date')).toEqual({
    tm_year: 106,
    tm_mon: 5,
    tm_mday: 17,
    tm_hour: 16,
    tm_min: 1,
    tm_sec: 21,
  });
});
