// The info qtree blocks of the timer/interrupt devices, as in QEMU 7.2's capture of -M pc -nodefaults.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { infoQtree } from '@tsemu/qdev';
import { beforeAll, describe, expect, test } from 'vitest';
import { tsemuBoard } from './board.js';

const capture = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  '..',
  'shared',
  'reference',
  'qemu-7.2',
  'hmp',
  'nodefaults',
  'info-qtree.txt',
);

/** the blocks of `dev: <type>` entries, without indentation, in order */
function blocks(tree: string, type: string): string[] {
  const lines = tree.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (l.trim() !== `dev: ${type}, id ""`) return;
    const indent = l.length - l.trimStart().length;
    const body = [l.trim()];
    for (let j = i + 1; j < lines.length; j++) {
      const lj = lines[j];
      if (lj.length - lj.trimStart().length <= indent) break;
      body.push(lj.trim());
    }
    out.push(body.join('\n'));
  });
  return out;
}

describe.skipIf(!existsSync(capture))('info qtree', () => {
  let tree = '';
  beforeAll(async () => {
    const board = tsemuBoard();
    tree = infoQtree();
    await board.close();
  });
  test.each(['isa-i8259', 'isa-pit', 'isa-pcspk', 'mc146818rtc'])('%s as QEMU prints it', (type) => {
    expect(blocks(tree, type)).toEqual(blocks(readFileSync(capture, 'utf8'), type));
  });
});
