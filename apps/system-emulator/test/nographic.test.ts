import { spawn } from 'node:child_process';
import { constants, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadStream } from 'node:tty';
import { ptyAddon } from '@tsemu/chardev';
import { QmpClient } from '@tsemu/qmp';
import { describe, expect, test } from 'vitest';
import { writeKernel } from './guests.js';
import { emulatorCommand, runEmulator } from './helpers.js';

/** Prints `text` on COM1 (0x3f8), then halts. */
function serialKernel(text: string): string {
  const code: number[] = [0x66, 0xba, 0xf8, 0x03];
  for (const ch of Buffer.from(text, 'latin1')) code.push(0xb0, ch, 0xee);
  return writeKernel([...code, 0xfa, 0xf4, 0xeb, 0xfd]);
}

function interact(
  args: string[],
  script: (send: (s: string) => void, seen: (s: string) => Promise<void>, out: () => string) => Promise<void>,
) {
  const [cmd, argv] = emulatorCommand(args);
  const p = spawn(cmd, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const listeners: (() => void)[] = [];
  p.stdout.on('data', (d) => {
    out += d;
    for (const l of listeners) l();
  });
  const seen = (s: string) =>
    new Promise<void>((resolve) => {
      const check = () => out.includes(s) && resolve();
      listeners.push(check);
      check();
    });
  const closed = new Promise<number | null>((r) => p.on('close', r));
  return script(
    (s) => p.stdin.write(s),
    seen,
    () => out,
  ).then(async () => ({ status: await closed, out: () => out }));
}

describe('-nographic: serial and monitor muxed on stdio', () => {
  test('the guest prints on the serial port; Ctrl-A c gives the monitor; Ctrl-A x quits', async () => {
    const r = await interact(
      ['-M', 'pc', '-nographic', '-kernel', serialKernel('hello from COM1\r\n')],
      async (send, seen, out) => {
        await seen('hello from COM1');
        // as QEMU 7.2: the monitor says nothing while the serial port has the terminal
        await new Promise((r) => setTimeout(r, 300));
        expect(out()).not.toContain('monitor');
        send('\x01c');
        await seen("QEMU 7.2.22 monitor - type 'help' for more information\r\n(qemu) ");
        send('info status\n');
        await seen('VM status: running');
        send('\x01x');
      },
    );
    expect(r.status).toBe(0);
    expect(r.out()).toContain('QEMU: Terminated');
  });

  test('quit on the monitor exits 0', async () => {
    const r = await interact(
      ['-M', 'pc', '-nographic', '-kernel', serialKernel('up\r\n')],
      async (send, seen) => {
        await seen('up');
        send('\x01cquit\n');
      },
    );
    expect(r.status).toBe(0);
  });
});

const pty = ptyAddon();
if ('error' in pty)
  console.warn(`skipping -serial pty: the pty addon of @tsemu/chardev is not built (${pty.error})`);

describe.skipIf('error' in pty)('-serial pty', () => {
  test('prints the slave path as QEMU does; a process on it talks to the guest through COM1', async () => {
    // guest: echo every byte received on COM1, plus one ('H' -> 'I')
    const echo = [0x66, 0xba, 0xfd, 0x03, 0xec, 0xa8, 0x01, 0x74, 0xfb];
    echo.push(0x66, 0xba, 0xf8, 0x03, 0xec, 0xfe, 0xc0, 0xee, 0xeb, 0xed);
    const [cmd, argv] = emulatorCommand([
      '-M',
      'pc',
      '-nodefaults',
      '-display',
      'none',
      '-serial',
      'pty',
      '-kernel',
      writeKernel(echo),
    ]);
    const p = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let out = '';
      const path = await new Promise<string>((resolve, reject) => {
        p.stdout.on('data', (d) => {
          out += d;
          const m = /^char device redirected to (\/dev\/pts\/\d+) \(label serial0\)\n/.exec(out);
          if (m) resolve(m[1] as string);
        });
        p.on('close', () => reject(new Error(`emulator exited: ${out}`)));
      });
      const fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY);
      const r = new ReadStream(fd);
      let got = '';
      r.on('data', (d) => {
        got += d.toString('latin1');
      });
      // the pty notices its user within a second; keep typing until the guest answers
      for (let i = 0; i < 60 && got === ''; i++) {
        writeSync(fd, 'H');
        await new Promise((res) => setTimeout(res, 100));
      }
      // the 'H's typed before the pty noticed its user may still be echoed: wait until quiet
      for (let seen = -1; seen !== got.length; ) {
        seen = got.length;
        await new Promise((res) => setTimeout(res, 300));
      }
      got = '';
      writeSync(fd, 'HAL');
      for (let i = 0; i < 100 && got.length < 3; i++) await new Promise((res) => setTimeout(res, 20));
      expect(got).toBe('IBM');
      r.destroy();
    } finally {
      p.kill('SIGKILL');
    }
  });
});

describe('chardev-change on the serial port', () => {
  test('COM1 on a file is moved to a socket over QMP: the guest output goes to the socket', async () => {
    const base = join(tmpdir(), `tsemu-chg-${process.pid}`);
    const [file, qmpSock, peerSock] = [`${base}.log`, `${base}.qmp`, `${base}.peer`];
    let got = '';
    const peer = createServer((s) =>
      s.on('data', (d) => {
        got += d;
      }),
    );
    await new Promise<void>((r) => peer.listen(peerSock, r));
    const [cmd, argv] = emulatorCommand([
      '-M',
      'pc',
      '-nodefaults',
      '-display',
      'none',
      '-S',
      '-chardev',
      `file,id=ser0,path=${file}`,
      '-device',
      'isa-serial,chardev=ser0',
      '-qmp',
      `unix:${qmpSock},server=on,wait=off`,
      '-kernel',
      serialKernel('hello after the change\r\n'),
    ]);
    const p = spawn(cmd, argv, { stdio: 'ignore' });
    try {
      for (let i = 0; i < 300 && !existsSync(qmpSock); i++) await new Promise((r) => setTimeout(r, 50));
      const qmp = await QmpClient.connect({ path: qmpSock });
      const chardevs = async () =>
        ((await qmp.execute('qom-list', { path: '/chardevs' })) as { name: string; type: string }[]).filter(
          (p) => p.name !== 'type' && !p.name.startsWith('compat_monitor'),
        );
      expect(await chardevs()).toEqual([{ name: 'ser0', type: 'child<chardev-file>' }]);
      const addr = { type: 'unix', data: { path: peerSock } };
      expect(
        await qmp.execute('chardev-change', {
          id: 'ser0',
          backend: { type: 'socket', data: { addr, server: false } },
        }),
      ).toEqual({});
      // QOM follows the change, and chardev-add/remove, as QEMU's /chardevs does
      expect(await chardevs()).toEqual([{ name: 'ser0', type: 'child<chardev-socket>' }]);
      await qmp.execute('chardev-add', { id: 'extra', backend: { type: 'null', data: {} } });
      expect((await chardevs()).map((c) => c.name)).toEqual(['ser0', 'extra']);
      await qmp.execute('chardev-remove', { id: 'extra' });
      expect((await chardevs()).map((c) => c.name)).toEqual(['ser0']);
      await qmp.execute('cont');
      for (let i = 0; i < 200 && !got.includes('\n'); i++) await new Promise((r) => setTimeout(r, 25));
      expect(got).toBe('hello after the change\r\n');
      expect(readFileSync(file, 'utf8')).toBe('');
      await expect(
        qmp.execute('chardev-change', { id: 'nope', backend: { type: 'null', data: {} } }),
      ).rejects.toThrow("Chardev 'nope' does not exist");
      qmp.close();
    } finally {
      p.kill('SIGKILL');
      peer.close();
      rmSync(file, { force: true });
    }
  });
});

describe('informational options', () => {
  test('-version', async () => {
    const r = await runEmulator(['-version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^QEMU emulator version 7\.2\.22 \(tsemu\)\n/);
  });

  test('-accel help, -machine help, -cpu help, -device help', async () => {
    const accel = await runEmulator(['-accel', 'help']);
    expect(accel.stdout).toBe('Accelerators supported in QEMU binary:\ntcg\nqtest\n');
    const machine = await runEmulator(['-machine', 'help']);
    expect(machine.stdout).toContain(
      'pc                   Standard PC (i440FX + PIIX, 1996) (alias of pc-i440fx-7.2)',
    );
    const cpu = await runEmulator(['-cpu', 'help']);
    expect(cpu.stdout).toContain('qemu32');
    const device = await runEmulator(['-device', 'isa-serial,help']);
    expect(device.status).toBe(0);
    expect(device.stdout).toContain('chardev=<str>');
  });

  test('-d op,exec -D file logs the TCG ops of the guest code; -d help; bad items', async () => {
    const log = join(tmpdir(), `tsemu-d-${process.pid}.log`);
    const [cmd, argv] = emulatorCommand([
      '-M',
      'pc',
      '-display',
      'none',
      '-nodefaults',
      '-kernel',
      serialKernel('x'),
    ]);
    const p = spawn(cmd, [...argv, '-d', 'op,exec', '-D', log], { stdio: 'ignore' });
    let text = '';
    for (let i = 0; i < 400 && !text.includes('Trace '); i++) {
      await new Promise((r) => setTimeout(r, 50));
      text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    }
    p.kill('SIGKILL');
    expect(text).toContain('OP:\n');
    expect(text).toContain(' ---- 00100020 00000000\n mov_i32 tmp0,$0x3f8\n');
    const help = await runEmulator(['-d', 'help']);
    expect(help.stdout).toContain('in_asm          show target assembly code for each compiled TB');
    const bad = await runEmulator(['-d', 'nope']);
    // QEMU 7.2 answers an unknown item with the list on stdout and status 1
    expect([bad.status, bad.stdout, bad.stderr]).toEqual([1, help.stdout, '']);
  });

  test('-smp 2 is refused clearly', async () => {
    const r = await runEmulator(['-nodefaults', '-display', 'none', '-smp', '2']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      "tsemu-system-x86_64: Invalid SMP CPUs 2. The max CPUs supported by machine 'pc-i440fx-7.2' is 1 (tsemu runs one vCPU)\n",
    );
  });

  test('-writeconfig writes the configuration (then runs); -readconfig reads it back', async () => {
    const file = join(tmpdir(), `tsemu-wc-${process.pid}.cfg`);
    const args = [
      '-M',
      'pc',
      '-m',
      '512',
      '-chardev',
      `file,id=dbg,path=${file}.log`,
      '-device',
      'isa-debugcon,iobase=0xe9,chardev=dbg',
    ];
    // -S with a QMP quit would need a socket: -smp 2 makes it stop right after writing
    const w = await runEmulator([...args, '-writeconfig', '-', '-smp', '2']);
    expect(w.stdout).toContain(`[chardev "dbg"]\n  backend = "file"\n  path = "${file}.log"\n`);
    expect(w.stdout).toContain('[device]\n  driver = "isa-debugcon"\n');
    const w2 = await runEmulator([...args, '-writeconfig', file, '-smp', '2']);
    expect(w2.status).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(w.stdout);
    const back = await runEmulator(['-readconfig', file, '-writeconfig', '-', '-smp', '2']);
    expect(back.stdout).toBe(w.stdout);
  });
});
