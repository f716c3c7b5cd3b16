import { type ChardevFile, FileChardev } from './backends/file.js';
import { MuxChardev, type MuxHooks } from './backends/mux.js';
import { NullChardev } from './backends/null.js';
import { type ChardevHostdev, PipeChardev } from './backends/pipe.js';
import { PtyChardev } from './backends/pty.js';
import { type ChardevRingbuf, RingbufChardev } from './backends/ringbuf.js';
import { SerialChardev } from './backends/serial.js';
import { type ChardevSocket, type SocketAddressLegacy, SocketChardev } from './backends/socket.js';
import { type ChardevStdio, StdioChardev } from './backends/stdio.js';
import type { Chardev, ChardevCommon } from './chardev.js';

/** QAPI ChardevMux */
export interface ChardevMux extends ChardevCommon {
  chardev: string;
}

/** QAPI ChardevBackend: what chardev-add takes, and what -chardev options translate to. */
export type ChardevBackend =
  | { type: 'file'; data: ChardevFile }
  | { type: 'serial'; data: ChardevHostdev }
  | { type: 'pipe'; data: ChardevHostdev }
  | { type: 'socket'; data: ChardevSocket }
  | { type: 'null'; data: ChardevCommon }
  | { type: 'pty'; data: ChardevCommon }
  | { type: 'stdio'; data: ChardevStdio }
  | { type: 'ringbuf'; data: ChardevRingbuf }
  | { type: 'memory'; data: ChardevRingbuf }
  | { type: 'mux'; data: ChardevMux };

/** Backend names as `-chardev help` lists the ones tsemu has. */
export const chardevBackendNames: readonly ChardevBackend['type'][] = [
  'stdio',
  'ringbuf',
  'mux',
  'pipe',
  'null',
  'socket',
  'memory',
  'file',
  'serial',
  'pty',
];

/** Value types of -chardev option keys (QEMU's qemu_chardev_opts), for the option parser. */
export const chardevOptsDesc: readonly { name: string; type: 'string' | 'bool' | 'number' | 'size' }[] = [
  { name: 'backend', type: 'string' },
  { name: 'path', type: 'string' },
  { name: 'input-path', type: 'string' },
  { name: 'host', type: 'string' },
  { name: 'port', type: 'string' },
  { name: 'fd', type: 'string' },
  { name: 'localaddr', type: 'string' },
  { name: 'localport', type: 'string' },
  { name: 'to', type: 'number' },
  { name: 'ipv4', type: 'bool' },
  { name: 'ipv6', type: 'bool' },
  { name: 'wait', type: 'bool' },
  { name: 'server', type: 'bool' },
  { name: 'delay', type: 'bool' },
  { name: 'nodelay', type: 'bool' },
  { name: 'reconnect', type: 'number' },
  { name: 'telnet', type: 'bool' },
  { name: 'tn3270', type: 'bool' },
  { name: 'websocket', type: 'bool' },
  { name: 'width', type: 'number' },
  { name: 'height', type: 'number' },
  { name: 'cols', type: 'number' },
  { name: 'rows', type: 'number' },
  { name: 'mux', type: 'bool' },
  { name: 'signal', type: 'bool' },
  { name: 'name', type: 'string' },
  { name: 'debug', type: 'number' },
  { name: 'size', type: 'size' },
  { name: 'chardev', type: 'string' },
  { name: 'append', type: 'bool' },
  { name: 'logfile', type: 'string' },
  { name: 'logappend', type: 'bool' },
  { name: 'abstract', type: 'bool' },
  { name: 'tight', type: 'bool' },
];

export type ChardevOptValue = string | boolean | number | bigint;

export class ChardevError extends Error {}

/**
 * Translate typed -chardev options (the first key is the backend name) into a ChardevBackend, with
 * QEMU's defaults for the command line (socket: client unless server=on; a server waits unless
 * wait=off) and QEMU's error wording.
 */
export function chardevBackendFromOpts(opts: Readonly<Record<string, ChardevOptValue>>): {
  id: string;
  backend: ChardevBackend;
} {
  const id = opts.id;
  if (typeof id !== 'string') throw new ChardevError('chardev: no id specified');
  const name = opts.backend;
  if (typeof name !== 'string') throw new ChardevError(`chardev: "${id}" missing backend`);
  const str = (k: string) => (typeof opts[k] === 'string' ? (opts[k] as string) : undefined);
  const bool = (k: string) => (typeof opts[k] === 'boolean' ? (opts[k] as boolean) : undefined);
  const common: ChardevCommon = {};
  if (str('logfile') !== undefined) common.logfile = str('logfile');
  if (bool('logappend') !== undefined) common.logappend = bool('logappend');
  switch (name) {
    case 'null':
      return { id, backend: { type: 'null', data: common } };
    case 'file': {
      const path = str('path');
      if (path === undefined) throw new ChardevError('chardev: file: no filename given');
      const data: ChardevFile = { ...common, out: path };
      if (str('input-path') !== undefined) data.in = str('input-path');
      if (bool('append') !== undefined) data.append = bool('append');
      return { id, backend: { type: 'file', data } };
    }
    case 'pipe': {
      const path = str('path');
      if (path === undefined) throw new ChardevError('chardev: pipe: no device path given');
      return { id, backend: { type: 'pipe', data: { ...common, device: path } } };
    }
    case 'serial':
    case 'tty': {
      const path = str('path');
      if (path === undefined) throw new ChardevError('chardev: serial/tty: no device path given');
      return { id, backend: { type: 'serial', data: { ...common, device: path } } };
    }
    case 'pty':
      return { id, backend: { type: 'pty', data: common } };
    case 'stdio': {
      const data: ChardevStdio = { ...common };
      if (bool('signal') !== undefined) data.signal = bool('signal');
      return { id, backend: { type: 'stdio', data } };
    }
    case 'ringbuf':
    case 'memory': {
      const data: ChardevRingbuf = { ...common };
      const size = opts.size;
      if (size !== undefined && size !== 0n && size !== 0) data.size = Number(size);
      return { id, backend: { type: name, data } };
    }
    case 'mux': {
      const chardev = str('chardev');
      if (chardev === undefined) throw new ChardevError('chardev: mux: no chardev given');
      return { id, backend: { type: 'mux', data: { ...common, chardev } } };
    }
    case 'socket':
      return { id, backend: { type: 'socket', data: socketFromOpts(opts, common) } };
    default:
      throw new ChardevError(`'${name}' is not a valid char driver name`);
  }
}

function socketFromOpts(
  opts: Readonly<Record<string, ChardevOptValue>>,
  common: ChardevCommon,
): ChardevSocket {
  const path = opts.path as string | undefined;
  const host = opts.host as string | undefined;
  const port = opts.port as string | undefined;
  const server = (opts.server as boolean | undefined) ?? false;
  const wait = opts.wait as boolean | undefined;
  const reconnect = opts.reconnect as number | bigint | undefined;
  if (!server && wait !== undefined) {
    throw new ChardevError("'wait' option is incompatible with socket in client connect mode");
  }
  if (server && reconnect !== undefined) {
    throw new ChardevError("'reconnect' option is incompatible with socket in server listen mode");
  }
  let addr: SocketAddressLegacy;
  if (path !== undefined) {
    addr = { type: 'unix', data: { path } };
  } else {
    if (host === undefined) throw new ChardevError('chardev: socket: no host given');
    if (port === undefined) throw new ChardevError('chardev: socket: no port given');
    addr = { type: 'inet', data: { host, port } };
  }
  const data: ChardevSocket = { ...common, addr, server, wait: server ? (wait ?? true) : false };
  if (typeof opts.telnet === 'boolean') data.telnet = opts.telnet;
  if (typeof opts.nodelay === 'boolean') data.nodelay = opts.nodelay;
  else if (opts.delay === false) data.nodelay = true;
  if (reconnect !== undefined) data.reconnect = Number(reconnect);
  return data;
}

/** Look-up of existing chardevs, for backends that wrap another (mux). */
export type ChardevLookup = (label: string) => Chardev | undefined;

/** Instantiate a backend (not yet started). */
export function createChardev(
  id: string,
  backend: ChardevBackend,
  lookup: ChardevLookup,
  hooks: MuxHooks = {},
): Chardev {
  switch (backend.type) {
    case 'null':
      return new NullChardev(id, backend.data);
    case 'file':
      return new FileChardev(id, backend.data);
    case 'pipe':
      return new PipeChardev(id, backend.data);
    case 'serial':
      return new SerialChardev(id, backend.data);
    case 'pty':
      return new PtyChardev(id, backend.data);
    case 'stdio':
      return new StdioChardev(id, backend.data);
    case 'ringbuf':
      return new RingbufChardev(id, backend.data, 'chardev-ringbuf');
    case 'memory':
      return new RingbufChardev(id, backend.data, 'chardev-memory');
    case 'socket':
      return new SocketChardev(id, backend.data);
    case 'mux': {
      const under = lookup(backend.data.chardev);
      if (!under) throw new ChardevError(`mux: base chardev ${backend.data.chardev} not found`);
      return new MuxChardev(id, under, hooks);
    }
  }
}
