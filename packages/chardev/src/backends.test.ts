import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { FileChardev } from './backends/file.js';
import { PipeChardev } from './backends/pipe.js';
import { RingbufChardev } from './backends/ringbuf.js';
import { CharBackend } from './frontend.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'tsemu-chr-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

describe('chardev-file', () => {
  test('writes output, appends when asked, reads input from in=', async () => {
    const d = tmp();
    const out = join(d, 'out.log');
    writeFileSync(out, 'old\n');
    writeFileSync(join(d, 'in.txt'), 'typed');
    const chr = new FileChardev('f0', { out, append: true, in: join(d, 'in.txt') });
    const be = new CharBackend(chr);
    const got: number[] = [];
    be.setHandlers({ canReceive: () => 100, receive: (x) => got.push(...x) });
    await chr.start();
    be.writeAll('new\n');
    await until(() => got.length === 5);
    chr.close();
    expect(readFileSync(out, 'utf8')).toBe('old\nnew\n');
    expect(Buffer.from(got).toString()).toBe('typed');
    expect(chr.filename).toBe('file');
  });

  test('unopenable output path: QEMU wording with the errno text', () => {
    expect(() => new FileChardev('f1', { out: '/nonexistent/dir,x/f' })).toThrow(
      "Could not open '/nonexistent/dir,x/f': No such file or directory",
    );
  });

  test('logfile gets a copy of the output', () => {
    const d = tmp();
    const chr = new FileChardev('f2', { out: join(d, 'o'), logfile: join(d, 'log') });
    chr.writeAll(Buffer.from('both'));
    chr.close();
    expect(readFileSync(join(d, 'log'), 'utf8')).toBe('both');
  });
});

describe('chardev-ringbuf', () => {
  test('keeps the newest bytes of a full ring; size must be a power of two', () => {
    const r = new RingbufChardev('r', { size: 8 });
    r.writeAll(Buffer.from('0123456789'));
    expect(r.count).toBe(8);
    expect(Buffer.from(r.read(3)).toString()).toBe('234');
    expect(Buffer.from(r.read(100)).toString()).toBe('56789');
    expect(r.read(1).length).toBe(0);
    expect(() => new RingbufChardev('bad', { size: 12 })).toThrow(
      'size of ringbuf chardev must be power of two',
    );
  });
});

const haveMkfifo = (() => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!haveMkfifo)('chardev-pipe', () => {
  test('uses path.in / path.out when both exist', async () => {
    const d = tmp();
    const base = join(d, 'p');
    execFileSync('mkfifo', [`${base}.in`, `${base}.out`]);
    const chr = new PipeChardev('p0', { device: base });
    const be = new CharBackend(chr);
    const got: number[] = [];
    be.setHandlers({ canReceive: () => 100, receive: (x) => got.push(...x) });
    await chr.start();
    // The far side: another process writing into .in and reading .out.
    execFileSync('sh', ['-c', `printf ping > ${base}.in`]);
    await until(() => got.length === 4);
    expect(Buffer.from(got).toString()).toBe('ping');
    be.writeAll('pong');
    const echoed = execFileSync('sh', ['-c', `dd if=${base}.out bs=4 count=1 2>/dev/null`]).toString();
    expect(echoed).toBe('pong');
    chr.close();
    expect(existsSync(`${base}.in`)).toBe(true);
  });
});
