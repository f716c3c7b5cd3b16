import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { GaError } from './errors.js';
import { GuestExec } from './exec.js';
import { GuestFiles } from './files.js';
import { diskAddressFromSyspath, parseMountinfo } from './fs.js';
import { getMemoryBlockInfo, getMemoryBlocks, setMemoryBlocks } from './memory.js';
import { parseProcNetDev } from './network.js';
import { getCpuStats, getDiskStats } from './stats.js';
import { getOsInfo, getTime, getTimezone, parseOsRelease } from './sysinfo.js';
import { parseUtmp } from './users.js';
import { getVcpus, setVcpus } from './vcpus.js';

const dirs: string[] = [];
function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'tsemu-ga-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GaError);
    return (err as GaError).desc;
  }
  throw new Error('expected an error');
}

describe('os info', () => {
  test('parses os-release quoting', () => {
    const f = parseOsRelease(
      'NAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\nX=\'single\'\nY="a \\"q\\""\n# comment\n',
    );
    expect(Object.fromEntries(f)).toEqual({
      NAME: 'Debian GNU/Linux',
      VERSION_ID: '12',
      ID: 'debian',
      X: 'single',
      Y: 'a "q"',
    });
  });

  test('reports the kernel and os-release fields', () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'os-release'),
      'PRETTY_NAME="Test OS 1"\nNAME="Test OS"\nVERSION_ID=1\nID=test\n',
    );
    const info = getOsInfo([join(dir, 'missing'), join(dir, 'os-release')]);
    expect(info).toMatchObject({
      name: 'Test OS',
      'pretty-name': 'Test OS 1',
      'version-id': '1',
      id: 'test',
    });
    expect(info['kernel-release']).toBe(readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim());
    expect(info.version).toBeUndefined();
  });

  test('time is nanoseconds at microsecond resolution', () => {
    const t = getTime();
    expect(t % 1000n).toBe(0n);
    expect(Number(t / 1_000_000n) - Date.now()).toBeLessThan(1000);
  });

  test('timezone offset agrees with the Date offset', () => {
    const tz = getTimezone(new Date(0));
    expect(tz.offset).toBe(-new Date(0).getTimezoneOffset() * 60);
  });
});

describe('users', () => {
  function record(type: number, user: string, sec: number, usec: number): Buffer {
    const b = Buffer.alloc(384);
    b.writeInt16LE(type, 0);
    b.write(user, 44);
    b.writeInt32LE(sec, 340);
    b.writeInt32LE(usec, 344);
    return b;
  }
  test('lists each logged-in user once with the earliest login', () => {
    const data = Buffer.concat([
      record(2, 'reboot', 10, 0),
      record(7, 'alice', 200, 500000),
      record(7, 'bob', 150, 0),
      record(7, 'alice', 100, 250000),
      record(8, 'carol', 50, 0),
    ]);
    expect(parseUtmp(data)).toEqual([
      { user: 'alice', 'login-time': 100.25 },
      { user: 'bob', 'login-time': 150 },
    ]);
  });
});

describe('vcpus', () => {
  function fakeCpus(): string {
    const root = scratch();
    writeFileSync(join(root, 'possible'), '0-2\n');
    mkdirSync(join(root, 'cpu0'));
    for (const [id, online] of [
      [1, '1'],
      [2, '0'],
    ] as const) {
      mkdirSync(join(root, `cpu${id}`));
      writeFileSync(join(root, `cpu${id}`, 'online'), `${online}\n`);
    }
    return root;
  }
  test('lists CPUs newest first; cpu0 cannot go offline', () => {
    expect(getVcpus(fakeCpus())).toEqual([
      { 'logical-id': 2, online: false, 'can-offline': true },
      { 'logical-id': 1, online: true, 'can-offline': true },
      { 'logical-id': 0, online: true, 'can-offline': false },
    ]);
  });
  test('sets online state and counts what it processed', () => {
    const root = fakeCpus();
    expect(
      setVcpus(
        [
          { 'logical-id': 2, online: true },
          { 'logical-id': 1, online: false },
        ],
        root,
      ),
    ).toBe(2);
    expect(readFileSync(join(root, 'cpu2', 'online'), 'utf8')).toBe('1');
    expect(readFileSync(join(root, 'cpu1', 'online'), 'utf8')).toBe('0');
    // The first entry failing is an error; a later one stops the count.
    expect(() => setVcpus([{ 'logical-id': 0, online: false }], root)).toThrow(
      "logical processor #0 can't be offlined",
    );
    expect(
      setVcpus(
        [
          { 'logical-id': 1, online: true },
          { 'logical-id': 0, online: false },
        ],
        root,
      ),
    ).toBe(1);
  });
  test('the real machine has at least one CPU', () => {
    expect(getVcpus().length).toBeGreaterThan(0);
  });
});

describe('memory blocks', () => {
  test('reads blocks, states and block size', () => {
    const root = scratch();
    writeFileSync(join(root, 'block_size_bytes'), '8000000\n');
    for (const [n, state, removable] of [
      [3, 'online', '1'],
      [7, 'offline', '0'],
    ] as const) {
      mkdirSync(join(root, `memory${n}`));
      writeFileSync(join(root, `memory${n}`, 'state'), `${state}\n`);
      writeFileSync(join(root, `memory${n}`, 'removable'), `${removable}\n`);
    }
    const blocks = getMemoryBlocks(root).sort((a, b) => a['phys-index'] - b['phys-index']);
    expect(blocks).toEqual([
      { 'phys-index': 3, online: true, 'can-offline': true },
      { 'phys-index': 7, online: false, 'can-offline': false },
    ]);
    expect(getMemoryBlockInfo(root)).toEqual({ size: 0x8000000 });
    expect(
      setMemoryBlocks(
        [
          { 'phys-index': 3, online: false },
          { 'phys-index': 9, online: true },
          { 'phys-index': 7, online: true },
        ],
        root,
      ),
    ).toEqual([
      { 'phys-index': 3, response: 'success' },
      { 'phys-index': 9, response: 'not-found', 'error-code': 2 },
      { 'phys-index': 7, response: 'success' },
    ]);
    expect(readFileSync(join(root, 'memory3', 'state'), 'utf8')).toBe('offline');
  });
});

describe('statistics', () => {
  test('cpu stats are milliseconds from USER_HZ ticks', () => {
    const stats = getCpuStats(
      'cpu  1 2 3 4\ncpu0 79501 1040 124564 250616 161 0 100 45 9 0\ncpu1 5 6 7 8\nintr 0\n',
    );
    expect(stats[0]).toEqual({
      type: 'linux',
      cpu: 0,
      user: 795010n,
      nice: 10400n,
      system: 1245640n,
      idle: 2506160n,
      iowait: 1610n,
      irq: 0n,
      softirq: 1000n,
      steal: 450n,
      guest: 90n,
      guestnice: 0n,
    });
    expect(stats[1]).toEqual({ type: 'linux', cpu: 1, user: 50n, nice: 60n, system: 70n, idle: 80n });
  });
  test('disk stats map the diskstats columns', () => {
    const [d] = getDiskStats(' 254       0 vda 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n');
    expect(d).toMatchObject({ name: 'vda', major: 254n, minor: 0n });
    expect(d!.stats).toMatchObject({
      'read-ios': 1n,
      'read-sectors': 3n,
      'write-ios': 5n,
      'ios-pgr': 9n,
      'flush-ticks': 17n,
    });
  });
  test('network counters come from /proc/net/dev', () => {
    const s = parseProcNetDev(
      'Inter-|   Receive\n face |bytes\n    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0\n',
    );
    expect(s.get('lo')).toEqual({
      'rx-bytes': 3193n,
      'rx-packets': 29n,
      'rx-errs': 0n,
      'rx-dropped': 0n,
      'tx-bytes': 3193n,
      'tx-packets': 29n,
      'tx-errs': 0n,
      'tx-dropped': 0n,
    });
  });
});

describe('filesystems', () => {
  test('mountinfo keeps block devices only and unescapes paths', () => {
    const mounts = parseMountinfo(
      '22 27 0:21 / /proc rw - proc proc rw\n27 1 254:0 / / rw - ext4 /dev/vda rw\n30 27 8:1 / /mnt/a\\040b rw shared:1 - xfs /dev/sda1 rw\n',
    );
    expect(mounts).toEqual([
      { major: 254, minor: 0, mountpoint: '/', type: 'ext4', source: '/dev/vda' },
      { major: 8, minor: 1, mountpoint: '/mnt/a b', type: 'xfs', source: '/dev/sda1' },
    ]);
  });
  test('a virtio disk address comes from its sysfs path', () => {
    expect(
      diskAddressFromSyspath('/sys/devices/pci0000:00/0000:00:02.0/virtio1/block/vda', 'vda', 254, 0),
    ).toEqual({
      'pci-controller': { domain: 0, bus: 0, slot: 2, function: 0 },
      'bus-type': 'virtio',
      bus: 0,
      target: 0,
      unit: 0,
      dev: '/dev/vda',
    });
    expect(
      diskAddressFromSyspath(
        '/sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:1:0/block/sda',
        'sda',
        8,
        0,
      ),
    ).toMatchObject({
      'bus-type': 'sata',
      bus: 0,
      target: 1,
      unit: 0,
      'pci-controller': { slot: 0x1f, function: 2 },
    });
  });
});

describe('files', () => {
  test('open, write, seek, read to eof, close — with handles from the counter', () => {
    const dir = scratch();
    let next = 1000;
    const files = new GuestFiles(() => ++next);
    const h = files.open(join(dir, 'f.txt'), 'w+');
    expect(h).toBe(1001);
    expect(files.write(h, Buffer.from('hello from qga\n').toString('base64'))).toEqual({
      count: 15,
      eof: false,
    });
    expect(files.seek(h, 0, 'set')).toEqual({ position: 0, eof: false });
    expect(files.read(h, 100)).toEqual({ count: 15, 'buf-b64': 'aGVsbG8gZnJvbSBxZ2EK', eof: true });
    expect(files.read(h, 100)).toEqual({ count: 0, 'buf-b64': '', eof: true });
    expect(files.seek(h, -5, 'cur')).toEqual({ position: 10, eof: false });
    expect(files.seek(h, 0, 2)).toEqual({ position: 15, eof: false });
    files.flush(h);
    files.close(h);
    expect(errorOf(() => files.read(h))).toBe("handle '1001' has not been found");
  });
  test('errors as qemu-ga words them', () => {
    const files = new GuestFiles(() => 1);
    expect(errorOf(() => files.open('/nonexistent/dir/f', 'r'))).toBe(
      "failed to open file '/nonexistent/dir/f' (mode: 'r'): No such file or directory",
    );
    expect(errorOf(() => files.open('/tmp/x', 'zz'))).toBe("invalid file open mode 'zz'");
  });
  test('append mode writes at the end', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'a'), 'abc');
    const files = new GuestFiles(() => 5);
    const h = files.open(join(dir, 'a'), 'a');
    files.write(h, Buffer.from('def').toString('base64'));
    files.close(h);
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('abcdef');
  });
});

describe('exec', () => {
  async function waitExit(ex: GuestExec, pid: number) {
    for (;;) {
      const st = ex.status(pid);
      if (st.exited) return st;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  test('captures output and reaps after reporting', async () => {
    const ex = new GuestExec();
    const { pid } = await ex.exec({ path: '/bin/echo', arg: ['hello'], 'capture-output': true });
    expect(await waitExit(ex, pid)).toEqual({
      exited: true,
      exitcode: 0,
      'out-data': 'aGVsbG8K',
      'out-truncated': false,
    });
    expect(() => ex.status(pid)).toThrow("Invalid parameter 'pid'");
  });
  test('feeds input data and reports stderr and the exit code', async () => {
    const ex = new GuestExec();
    const { pid } = await ex.exec({
      path: '/bin/sh',
      arg: ['-c', 'cat; echo err >&2; exit 3'],
      'input-data': 'ZnJvbS1zdGRpbgo=',
      'capture-output': true,
    });
    expect(await waitExit(ex, pid)).toEqual({
      exited: true,
      exitcode: 3,
      'out-data': 'ZnJvbS1zdGRpbgo=',
      'err-data': 'ZXJyCg==',
      'out-truncated': false,
      'err-truncated': false,
    });
  });
  test('reports the signal that ended a process and passes env', async () => {
    const ex = new GuestExec();
    const { pid } = await ex.exec({
      path: '/bin/sh',
      arg: ['-c', 'echo $FOO; kill -9 $$'],
      env: ['FOO=bar'],
      'capture-output': true,
    });
    expect(await waitExit(ex, pid)).toEqual({
      exited: true,
      signal: 9,
      'out-data': 'YmFyCg==',
      'out-truncated': false,
    });
  });
  test('a missing program is an error in GLib wording', async () => {
    await expect(
      new GuestExec().exec({ path: '/nonexistent/bin', 'capture-output': true }),
    ).rejects.toMatchObject({
      desc: "Guest agent command failed, error was 'Failed to execute child process “/nonexistent/bin” (No such file or directory)'",
    });
  });
});
