// The same request sequences sent to Debian's qemu-ga and to tsemu-ga, both on the host with
// `-m unix-listen`: replies must match in structure, and in value wherever the value is
// deterministic. Nothing here changes the host (no set-time, shutdown, suspend, freeze, passwords).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mask, shape } from './compare.js';
import {
  HostConnection,
  haveQemuGa,
  QEMU_GA,
  type RunningAgent,
  referenceDir,
  startAgent,
  tsemuGaCommand,
} from './harness.js';

if (!haveQemuGa) console.warn(`skipping differential tests: ${QEMU_GA} is not installed`);

interface Pair {
  name: string;
  request: string;
  response_raw: string;
}
const capture = (f: string) => JSON.parse(readFileSync(join(referenceDir, 'qga', f), 'utf8'));
const haveCaptures = (() => {
  try {
    capture('errors.json');
    return true;
  } catch {
    return false;
  }
})();

type Script<T> = (c: HostConnection, agent: RunningAgent) => Promise<T>;

describe.skipIf(!haveQemuGa)('tsemu-ga against qemu-ga', () => {
  let q: RunningAgent;
  let t: RunningAgent;
  beforeAll(async () => {
    [q, t] = await Promise.all([startAgent('qemu-ga'), startAgent('tsemu-ga')]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([q?.stop(), t?.stop()]);
  });

  /** Runs the script on a fresh connection to each agent; returns [qemu-ga's, tsemu-ga's] results. */
  async function both<T>(script: Script<T>): Promise<[T, T]> {
    const run = async (a: RunningAgent) => {
      const c = await HostConnection.connect(a.socket);
      try {
        return await script(c, a);
      } finally {
        await c.close();
      }
    };
    return [await run(q), await run(t)];
  }

  /** Raw reply lines to raw requests, `lines` replies expected per request. */
  const raw = (requests: [string | Uint8Array, number][]) => async (c: HostConnection) => {
    const out: string[] = [];
    for (const [req, lines] of requests) {
      await c.write(req);
      for (let i = 0; i < lines; i++) out.push((await c.readLine()).toString('latin1'));
    }
    return out;
  };

  test.skipIf(!haveCaptures)('every error and framing case of the capture, byte for byte', async () => {
    const pairs = capture('errors.json') as Pair[];
    const requests = pairs.map((p) => {
      // The capture's 0xFF went through a UTF-8 text file; send the byte itself.
      const req =
        p.name === 'parser-reset-0xff'
          ? Buffer.from(p.request.replace('\uFFFD', '\u00FF'), 'latin1')
          : p.request;
      return [req, p.response_raw.split('\n').length - 1] as [string | Uint8Array, number];
    });
    const [a, b] = await both(raw(requests));
    expect(b).toEqual(a);
  });

  test('queries with deterministic answers are identical', async () => {
    const cmds = [
      'guest-get-osinfo',
      'guest-get-host-name',
      'guest-get-timezone',
      'guest-get-users',
      'guest-get-vcpus',
      'guest-get-disks',
      'guest-get-memory-blocks',
      'guest-get-memory-block-info',
      'guest-fsfreeze-status',
      'guest-get-devices',
      'guest-ping',
    ];
    const [a, b] = await both(async (c) => {
      const out: unknown[] = [];
      for (const cmd of cmds) out.push(await c.call({ execute: cmd }));
      out.push(await c.call({ execute: 'guest-ssh-get-authorized-keys', arguments: { username: 'root' } }));
      return out;
    });
    expect(b).toEqual(a);
  });

  test('guest-info lists the same commands, enabled and success-response flags', async () => {
    const [a, b] = await both((c) => c.call('{"execute":"guest-info"}\n'));
    expect(mask(b, ['return.version'])).toEqual(mask(a, ['return.version']));
  });

  test('volatile queries have the same structure (and the same stable members)', async () => {
    const [a, b] = await both(async (c) => ({
      fsinfo: mask(await c.call({ execute: 'guest-get-fsinfo' }), ['return.*.used-bytes']),
      net: mask(await c.call({ execute: 'guest-network-get-interfaces' }), ['return.*.statistics']),
      cpu: shape(await c.call({ execute: 'guest-get-cpustats' })),
      disk: shape(await c.call({ execute: 'guest-get-diskstats' })),
      time: await c.call({ execute: 'guest-get-time' }),
    }));
    const { time: ta, ...ra } = a;
    const { time: tb, ...rb } = b;
    expect(rb).toEqual(ra);
    const ns = (x: { return: string }) => BigInt(x.return.slice(0, -1));
    // Taken a moment apart: same clock, same nanosecond scale.
    expect(ns(tb) - ns(ta)).toBeGreaterThanOrEqual(0n);
    expect(ns(tb) - ns(ta)).toBeLessThan(60_000_000_000n);
  });

  test('guest-file-*: handles, base64, counts, eof, seeks and errors', async () => {
    const [a, b] = await both(async (c, agent) => {
      const out: unknown[] = [];
      const call = async (execute: string, args: object) => {
        const r = await c.call({ execute, arguments: args });
        out.push(r);
        return r;
      };
      const path = join(agent.dir, 'file.txt');
      const { return: h } = await call('guest-file-open', { path, mode: 'w+' });
      await call('guest-file-write', { handle: h, 'buf-b64': 'aGVsbG8gZnJvbSBxZ2EK' });
      await call('guest-file-write', { handle: h, 'buf-b64': 'aGk=aGk=' }); // GLib reads past '='
      await call('guest-file-write', { handle: h, 'buf-b64': 'aGk' }); // an incomplete quad: nothing
      await call('guest-file-write', { handle: h, 'buf-b64': 'aG k=' });
      await call('guest-file-write', { handle: h, 'buf-b64': 'aGk=', count: 3 });
      await call('guest-file-write', { handle: h, 'buf-b64': 'aGk=', count: 1 });
      await call('guest-file-flush', { handle: h });
      await call('guest-file-seek', { handle: h, offset: 0, whence: 'set' });
      await call('guest-file-read', { handle: h, count: 100 });
      await call('guest-file-read', { handle: h, count: 100 });
      await call('guest-file-seek', { handle: h, offset: -5, whence: 'cur' });
      await call('guest-file-read', { handle: h });
      await call('guest-file-seek', { handle: h, offset: 0, whence: 2 });
      await call('guest-file-seek', { handle: h, offset: -100, whence: 'set' });
      await call('guest-file-read', { handle: h, count: -1 });
      await call('guest-file-close', { handle: h });
      await call('guest-file-close', { handle: h });
      const { return: h2 } = await call('guest-file-open', { path, mode: 'a' });
      await call('guest-file-write', { handle: h2, 'buf-b64': 'dGFpbAo=' });
      await call('guest-file-close', { handle: h2 });
      await call('guest-file-open', { path, mode: 'zz' });
      await call('guest-file-open', { path: '/nonexistent/dir/f', mode: 'r' });
      out.push(readFileSync(path, 'latin1'));
      out.push(readFileSync(join(agent.statedir, 'qga.state'), 'utf8'));
      return out;
    });
    expect(b).toEqual(a);
  });

  test('a 4 MiB guest-file-write in one request, read back whole and in 4096-byte default reads', async () => {
    const data = Buffer.alloc(4 << 20);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
    const [a, b] = await both(async (c, agent) => {
      const out: unknown[] = [];
      const { return: h } = await c.call({
        execute: 'guest-file-open',
        arguments: { path: join(agent.dir, 'big'), mode: 'w+' },
      });
      out.push(
        await c.call({
          execute: 'guest-file-write',
          arguments: { handle: h, 'buf-b64': data.toString('base64') },
        }),
      );
      out.push(
        await c.call({ execute: 'guest-file-seek', arguments: { handle: h, offset: 0, whence: 'set' } }),
      );
      out.push(await c.call({ execute: 'guest-file-read', arguments: { handle: h } }));
      const whole = await c.call({
        execute: 'guest-file-read',
        arguments: { handle: h, count: data.length },
      });
      out.push({ ...whole.return, 'buf-b64': undefined });
      out.push(Buffer.from(whole.return['buf-b64'], 'base64').equals(data.subarray(4096)));
      out.push(await c.call({ execute: 'guest-file-close', arguments: { handle: h } }));
      return out;
    });
    expect(b).toEqual(a);
    expect(a[4]).toBe(true);
  });

  test('guest-exec: input data, captured output, exit codes, signals, environment, reaping', async () => {
    const [a, b] = await both(async (c) => {
      const out: unknown[] = [];
      const run = async (args: object) => {
        const started = await c.call({ execute: 'guest-exec', arguments: args });
        if (!started.return) return started;
        const pid = started.return.pid;
        for (;;) {
          const st = await c.call({ execute: 'guest-exec-status', arguments: { pid } });
          if (st.error || st.return.exited) {
            const again = await c.call({ execute: 'guest-exec-status', arguments: { pid } });
            return [shape(started), st, again];
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      out.push(
        await run({
          path: '/bin/sh',
          arg: ['-c', 'cat; echo err >&2; exit 3'],
          'input-data': 'ZnJvbS1zdGRpbgo=',
          'capture-output': true,
        }),
      );
      out.push(await run({ path: '/bin/echo', arg: ['hello'], 'capture-output': true }));
      out.push(await run({ path: '/bin/echo', arg: ['not captured'] }));
      out.push(await run({ path: '/bin/sh', arg: ['-c', 'kill -9 $$'], 'capture-output': true }));
      out.push(await run({ path: '/usr/bin/env', env: ['A=1', 'B=two'], 'capture-output': true }));
      // Without env the child gets the agent's own environment, which differs between the two.
      out.push(mask(await run({ path: '/usr/bin/env', 'capture-output': true }), ['1.return.out-data']));
      out.push(await run({ path: '/bin/sh', arg: ['-c', 'exit 0'], 'capture-output': true }));
      out.push(await run({ path: '/nonexistent/bin', 'capture-output': true }));
      out.push(await run({ path: '/bin/true', 'input-data': '%%' }));
      return out;
    });
    expect(b).toEqual(a);
  });

  test('framing: partial writes, garbage, 0xFF resets, a host that reconnects mid-request', async () => {
    const ping = '{"execute":"guest-ping"}\n';
    const script = async (c: HostConnection, agent: RunningAgent) => {
      const out: string[] = [];
      const line = async () => out.push((await c.readLine()).toString('latin1'));
      // One byte at a time.
      for (const ch of '{"execute":"guest-sync","arguments":{"id":42}}\n') await c.write(ch);
      await line();
      // Garbage, then a request.
      await c.write(`@@nonsense]]${ping}`);
      for (let i = 0; i < 4; i++) await line();
      // A half-sent request abandoned with 0xFF, then a delimited sync.
      await c.write(Buffer.concat([Buffer.from('{"execute":"guest-pi'), Buffer.of(0xff)]));
      await c.write('{"execute":"guest-sync-delimited","arguments":{"id":7}}\n');
      await line();
      await line();
      // Invalid UTF-8 in a string, big and odd ids, pipelined requests.
      await c.write(Buffer.from('{"execute":"guest-ping","id":"\xc3\x28"}\n', 'latin1'));
      await line();
      await c.write(
        '{"execute":"guest-sync","arguments":{"id":9223372036854775807}}' +
          '{"execute":"guest-sync","arguments":{"id":-9223372036854775808}}' +
          '{"execute":"guest-sync","arguments":{"id":9223372036854775808}}' +
          '{"execute":"guest-sync","arguments":{"id":1.5}}' +
          '{"execute":"guest-ping","id":{"a":[1,2,{"b":null}]}}' +
          '{"execute":"guest-ping","id":"x","arguments":{}}\n',
      );
      for (let i = 0; i < 6; i++) await line();
      // Leave in the middle of a request; the next host finishes it (one parser, as qemu-ga).
      await c.write('{"execute":"guest-sync","argu');
      await c.close();
      const c2 = await HostConnection.connect(agent.socket);
      await c2.write('ments":{"id":5}}\n');
      out.push((await c2.readLine()).toString('latin1'));
      await c2.write(Buffer.concat([Buffer.of(0xff), Buffer.from(ping)]));
      for (let i = 0; i < 2; i++) out.push((await c2.readLine()).toString('latin1'));
      await c2.close();
      return out;
    };
    const [a, b] = await Promise.all([
      (async () => script(await HostConnection.connect(q.socket), q))(),
      (async () => script(await HostConnection.connect(t.socket), t))(),
    ]);
    expect(b).toEqual(a);
    expect(a.some((l) => l.startsWith('\xff{"return": 7}'))).toBe(true);
  });

  // After a lexing error QEMU skips spaces and tabs too; it starts over only at structural
  // characters, control characters other than tab, and 0xFE/0xFF.
  test('garbage with spaces in it recovers where QEMU recovers', async () => {
    const [a, b] = await both(raw([['@ x ]{"execute":"guest-ping"}\n', 3]]));
    expect(b).toEqual(a);
  });

  // QEMU takes "\\u0000" (as the overlong C0 80) and runs the command; so does @tsemu/qobject.
  test('a \\u0000 escape in a string is read as QEMU reads it', async () => {
    const [a, b] = await both(
      raw([['{"execute":"guest-file-write","arguments":{"handle":1000,"buf-b64":"aGk\\u0000"}}\n', 1]]),
    );
    expect(b).toEqual(a);
  });

  test('ssh authorized keys and vCPU/memory block errors', async () => {
    const [a, b] = await both(async (c) => {
      const out: unknown[] = [];
      const reqs: [string, object][] = [
        ['guest-ssh-get-authorized-keys', { username: 'no-such-user-xyz' }],
        ['guest-ssh-add-authorized-keys', { username: 'no-such-user-xyz', keys: ['ssh-rsa AAAA x'] }],
        ['guest-ssh-add-authorized-keys', { username: 'root', keys: ['# a comment'] }],
        ['guest-ssh-add-authorized-keys', { username: 'root', keys: ['two\nlines'] }],
        ['guest-ssh-remove-authorized-keys', { username: 'no-such-user-xyz', keys: ['k'] }],
        ['guest-set-vcpus', { vcpus: [] }],
        ['guest-set-vcpus', { vcpus: [{ 'logical-id': 4096, online: true }] }],
        ['guest-set-memory-blocks', { 'mem-blks': [{ 'phys-index': 999999, online: true }] }],
        ['guest-shutdown', { mode: 'bogus' }],
        ['guest-set-user-password', { username: 'no-such-user-xyz', password: '%%', crypted: false }],
        ['guest-set-user-password', { username: 'a:b', password: 'eA==', crypted: false }],
        ['guest-set-user-password', { username: 'x', password: 'YQpi', crypted: false }],
        ['guest-fsfreeze-freeze-list', { mountpoints: ['/no/such/mount'] }],
        ['guest-fstrim', { minimum: -1 }],
      ];
      for (const [execute, args] of reqs) out.push(await c.call({ execute, arguments: args }));
      out.push(await c.call({ execute: 'guest-fsfreeze-status' }));
      return out;
    });
    expect(b).toEqual(a);
  });
});

describe.skipIf(!haveQemuGa)('tsemu-ga against qemu-ga with -b guest-exec,guest-file-open', () => {
  test('guest-info flags and disabled commands', async () => {
    const [q, t] = await Promise.all([
      startAgent('qemu-ga', ['-b', 'guest-exec,guest-file-open']),
      startAgent('tsemu-ga', ['-b', 'guest-exec,guest-file-open']),
    ]);
    try {
      const run = async (a: RunningAgent) => {
        const c = await HostConnection.connect(a.socket);
        const info = mask(await c.call('{"execute":"guest-info"}\n'), ['return.version']);
        const exec = await c.call('{"execute":"guest-exec","arguments":{"path":"/bin/true"}}\n');
        const open = await c.call('{"execute":"guest-file-open","arguments":{"path":"/tmp/x"}}\n');
        const ping = await c.call('{"execute":"guest-ping"}\n');
        await c.close();
        return { info, exec, open, ping };
      };
      expect(await run(t)).toEqual(await run(q));
    } finally {
      await Promise.all([q.stop(), t.stop()]);
    }
  }, 60_000);
});

describe.skipIf(!haveQemuGa)('command line against qemu-ga', () => {
  const [node, pre] = tsemuGaCommand();
  const dir = mkdtempSync(join(tmpdir(), 'qga-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const conf = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  const run = (kind: 'q' | 't', args: string[], qgaConf = '/nonexistent') => {
    const env = { ...process.env, QGA_CONF: qgaConf };
    const r =
      kind === 'q'
        ? spawnSync(QEMU_GA, args, { encoding: 'utf8', env })
        : spawnSync(node, [...pre, ...args], { encoding: 'utf8', env });
    const prog = kind === 'q' ? QEMU_GA : 'tsemu-ga';
    const anon = (x: string) => x.split(prog).join('PROG');
    return { status: r.status, stdout: anon(r.stdout), stderr: anon(r.stderr) };
  };
  const cases: [string, string[]][] = [
    [
      '-D',
      ['-m', 'unix-listen', '-p', '/tmp/qga.sock', '-t', '/tmp/st', '-b', 'guest-exec,guest-file-open', '-D'],
    ],
    ['-D defaults', ['-D']],
    ['-D -F -v -r -d', ['-F/x/hook', '-v', '-r', '-d', '-l', '/tmp/log', '-f', '/tmp/pid', '-D']],
    ['-b twice', ['-b', 'a,b', '-b', 'c', '-D']],
    ['-b help', ['-b', 'help']],
    ['unknown long option', ['--nope']],
    ['unknown short option', ['-z']],
    ['missing argument', ['-m']],
  ];
  test.each(cases)('%s', (_name, args) => {
    expect(run('t', args)).toEqual(run('q', args));
  });

  test('a config file (QGA_CONF) under the command line: last option wins, lists accumulate', () => {
    const f = conf(
      'good.conf',
      '# sample\n[general]\nmethod=unix-listen\npath=/tmp/cfg.sock\nblock-rpcs=guest-ping,guest-info;x\n' +
        'verbose=true\ndaemon=false\nstatedir=/tmp/st\nretry-path=true\nfsfreeze-hook=/h\n[other]\nk=v\n',
    );
    for (const args of [['-D'], ['-b', 'guest-exec', '-p', '/tmp/other', '-m', 'isa-serial', '-D']])
      expect(run('t', args, f)).toEqual(run('q', args, f));
  });

  test.skipIf(existsSync('/dev/virtio-ports/org.qemu.guest_agent.0'))(
    'the default virtio-serial port, absent here, fails the same way',
    () => {
      const state = join(dir, 'state');
      mkdirSync(state, { recursive: true });
      const untimed = (x: string) => x.replace(/^\d+\.\d{6}: /gm, '');
      const [a, b] = [run('q', ['-t', state]), run('t', ['-t', state])];
      expect({ ...b, stderr: untimed(b.stderr) }).toEqual({ ...a, stderr: untimed(a.stderr) });
      expect(a.status).toBe(1);
    },
  );

  test("a bad config file is refused with GLib's reason", () => {
    for (const text of ['[general]\nverbose=maybe\n', 'junk\n']) {
      const f = conf('bad.conf', text);
      const [a, b] = [run('q', ['-D'], f), run('t', ['-D'], f)];
      expect(b.status).toBe(a.status);
      expect(b.stdout).toBe(a.stdout);
      // qemu-ga's g_critical() decorates the line with pid and time, and GLib's quotes follow the locale.
      const reason = (x: string) =>
        x
          .replace(/^[\s\S]*error loading/, 'error loading')
          .replace(/[“”?]/g, '"')
          .trim();
      expect(reason(b.stderr)).toBe(reason(a.stderr));
    }
  });
});
