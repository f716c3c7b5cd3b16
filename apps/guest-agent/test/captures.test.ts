// tsemu-ga's replies against the recorded replies of qemu-ga 7.2 (../shared/reference/qemu-7.2/qga),
// byte for byte where the value does not depend on the machine. Runs without qemu-ga installed.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GuestAgent } from '../src/agent.js';
import { type Channel, openChannel } from '../src/channel.js';
import { loadQgaSchema } from '../src/schema.js';
import { HostConnection, referenceDir } from './harness.js';

const qgaDir = join(referenceDir, 'qga');
const have = existsSync(join(qgaDir, 'errors.json'));
if (!have) console.warn(`skipping capture comparisons: ${qgaDir} not found`);

interface Pair {
  name: string;
  request: string;
  response_raw: string;
  response_raw_hex?: string;
}
const load = (f: string) => JSON.parse(readFileSync(join(qgaDir, f), 'utf8'));
const schema = have ? loadQgaSchema() : undefined;

async function serve(blockRpcs: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'tsemu-ga-cap-'));
  const agent = new GuestAgent({ schema, statedir: dir, blockRpcs });
  const sock = join(dir, 'ga.sock');
  const channel: Channel = await openChannel('unix-listen', sock, false, {
    onOpen: (conn) => agent.serve(conn),
    onClose: () => {},
  });
  const host = await HostConnection.connect(sock);
  return {
    host,
    stop: async () => {
      await host.close();
      await channel.close();
      agent.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The reply lines to one captured request, as latin1 text (0xFF stays one char). */
async function replies(host: HostConnection, p: Pair, bytes?: Buffer): Promise<string> {
  await host.write(bytes ?? p.request);
  const n = p.response_raw.split('\n').length - 1;
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`${(await host.readLine()).toString('latin1')}\n`);
  return out.join('');
}

describe.skipIf(!have)('tsemu-ga against the qemu-ga 7.2 captures', () => {
  let s: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    s = await serve();
  });
  afterAll(() => s?.stop());

  test.each((have ? load('errors.json') : []) as Pair[])('errors.json: $name', async (p) => {
    const bytes =
      p.name === 'parser-reset-0xff'
        ? Buffer.from(p.request.replace('\uFFFD', '\u00FF'), 'latin1')
        : undefined;
    let expected = Buffer.from(p.response_raw, 'utf8').toString('latin1');
    // The capture's guest was called "vm".
    if (p.name === 'two-commands-one-line') expected = expected.replace('"vm"', JSON.stringify(hostname()));
    expect(await replies(s.host, p, bytes)).toBe(expected);
  });

  test.each(['guest-ping.json', 'guest-ping-with-id.json', 'guest-sync.json', 'guest-fsfreeze-status.json'])(
    '%s',
    async (f) => {
      const p = load(f) as Pair;
      expect(await replies(s.host, p)).toBe(p.response_raw);
    },
  );

  test('guest-sync-delimited.json, 0xFF sentinel included', async () => {
    const p = load('guest-sync-delimited.json') as Pair;
    const got = await replies(s.host, p);
    expect(Buffer.from(got, 'latin1').toString('hex')).toBe(p.response_raw_hex);
  });

  test('guest-info.json: the same commands with the same flags, in the same order', async () => {
    const want = load('guest-info.json').response.return.supported_commands;
    const got = await s.host.call({ execute: 'guest-info' });
    expect(got.return.supported_commands).toEqual(want);
  });

  test('guest-exec and guest-exec-status as captured (pid aside)', async () => {
    for (const [start, status] of [
      ['guest-exec.json', 'guest-exec-status.json'],
      ['guest-exec-input-data.json', 'guest-exec-status-input-data.json'],
    ] as const) {
      const { return: r } = await s.host.call(load(start).request);
      for (;;) {
        const st = await s.host.call({ execute: 'guest-exec-status', arguments: { pid: r.pid } });
        if (st.return.exited) {
          expect(st).toEqual(load(status).response);
          break;
        }
        await new Promise((res) => setTimeout(res, 20));
      }
      expect(await s.host.call({ execute: 'guest-exec-status', arguments: { pid: r.pid } })).toEqual(
        load('guest-exec-status-reaped.json').response,
      );
    }
  });

  test('the captured guest-file-* sequence, on a file of our own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsemu-ga-capf-'));
    try {
      const path = join(dir, 'qga-file.txt');
      const { return: handle } = await s.host.call({
        execute: 'guest-file-open',
        arguments: { path, mode: 'w+' },
      });
      for (const f of [
        'guest-file-write.json',
        'guest-file-flush.json',
        'guest-file-seek.json',
        'guest-file-read.json',
        'guest-file-read-at-eof.json',
        'guest-file-seek-cur.json',
        'guest-file-seek-whence-integer.json',
        'guest-file-close.json',
      ]) {
        const p = load(f) as Pair;
        const req = JSON.parse(p.request);
        req.arguments.handle = handle;
        expect(await s.host.call(req), f).toEqual(load(f).response);
      }
      expect(readFileSync(path, 'utf8')).toBe('hello from qga\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!have)('tsemu-ga -b guest-exec,guest-file-open against blocked-rpcs.json', () => {
  test.each((have ? load('blocked-rpcs.json') : []) as Pair[])('$name', async (p) => {
    const s = await serve(['guest-file-open', 'guest-exec']);
    try {
      const got = await s.host.call(p.request);
      const want = JSON.parse(p.response_raw);
      if (p.name === 'guest-info') {
        expect(got.return.supported_commands).toEqual(want.return.supported_commands);
      } else expect(got).toEqual(want);
    } finally {
      await s.stop();
    }
  });
});
