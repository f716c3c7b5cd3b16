// guest-file-*: open files addressed by handles, with qemu-ga's modes, counts and errors.
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { qbase64Decode } from './base64.js';
import { gaError, strerror } from './errors.js';

export interface GuestFileRead {
  count: number;
  'buf-b64': string;
  eof: boolean;
}

export interface GuestFileWrite {
  count: number;
  eof: boolean;
}

export interface GuestFileSeek {
  position: number;
  eof: boolean;
}

/** The default and the upper bound of a guest-file-read, as in qemu-ga. */
export const QGA_READ_COUNT_DEFAULT = 4096;
const MAX_READ = 48 * 1024 * 1024;

// fopen() modes accepted by qemu-ga, mapped to open(2) flags.
const MODES: Record<string, string> = {
  r: 'r',
  rb: 'r',
  w: 'w',
  wb: 'w',
  a: 'a',
  ab: 'a',
  'r+': 'r+',
  'rb+': 'r+',
  'r+b': 'r+',
  'w+': 'w+',
  'wb+': 'w+',
  'w+b': 'w+',
  'a+': 'a+',
  'ab+': 'a+',
  'a+b': 'a+',
};

interface OpenFile {
  fd: number;
  position: number;
  append: boolean;
  /** The last operation read past the end of the file. */
  eof: boolean;
}

export type WhenceName = 'set' | 'cur' | 'end';

/** The open files of one agent; handles come from a counter the agent persists in its state dir. */
export class GuestFiles {
  readonly #files = new Map<number, OpenFile>();

  constructor(private readonly nextHandle: () => number) {}

  open(path: string, mode = 'r'): number {
    const flags = MODES[mode];
    if (!flags) throw gaError(`invalid file open mode '${mode}'`);
    let fd: number;
    try {
      fd = openSync(path, flags, 0o666);
    } catch (err) {
      throw gaError(`failed to open file '${path}' (mode: '${mode}'): ${strerror(err)}`);
    }
    const handle = this.nextHandle();
    this.#files.set(handle, { fd, position: 0, append: flags.startsWith('a'), eof: false });
    return handle;
  }

  #get(handle: number): OpenFile {
    const f = this.#files.get(handle);
    if (!f) throw gaError(`handle '${handle}' has not been found`);
    return f;
  }

  close(handle: number): void {
    const f = this.#get(handle);
    this.#files.delete(handle);
    try {
      closeSync(f.fd);
    } catch (err) {
      throw gaError(`failed to close handle: ${strerror(err)}`);
    }
  }

  read(handle: number, count = QGA_READ_COUNT_DEFAULT): GuestFileRead {
    const f = this.#get(handle);
    if (count < 0 || count > MAX_READ) throw gaError(`value '${count}' is invalid for argument count`);
    const buf = Buffer.alloc(count);
    let got = 0;
    try {
      while (got < count) {
        const n = readSync(f.fd, buf, got, count - got, f.position);
        if (n === 0) break;
        got += n;
        f.position += n;
      }
    } catch (err) {
      throw gaError(`failed to read file: ${strerror(err)}`);
    }
    f.eof = got < count;
    return { count: got, 'buf-b64': buf.subarray(0, got).toString('base64'), eof: f.eof };
  }

  write(handle: number, b64: string, count?: number): GuestFileWrite {
    const f = this.#get(handle);
    const data = qbase64Decode(b64);
    if (count === undefined) count = data.length;
    else if (count < 0 || count > data.length)
      throw gaError(`value '${count}' is invalid for argument count`);
    let written: number;
    try {
      if (f.append) f.position = fstatSync(f.fd).size;
      written = writeSync(f.fd, data, 0, count, f.position);
      f.position += written;
    } catch (err) {
      throw gaError(`failed to write to file: ${strerror(err)}`);
    }
    f.eof = false;
    return { count: written, eof: f.eof };
  }

  seek(handle: number, offset: number, whence: WhenceName | number): GuestFileSeek {
    const f = this.#get(handle);
    let base: number;
    const w = typeof whence === 'number' ? (['set', 'cur', 'end'] as const)[whence] : whence;
    if (w === undefined) throw gaError(`invalid whence code ${whence}`);
    if (w === 'set') base = 0;
    else if (w === 'cur') base = f.position;
    else base = fstatSync(f.fd).size;
    const position = base + offset;
    if (position < 0) throw gaError('failed to seek file: Invalid argument');
    f.position = position;
    f.eof = false;
    return { position, eof: false };
  }

  flush(handle: number): void {
    const f = this.#get(handle);
    try {
      fsyncSync(f.fd);
    } catch (err) {
      // Flushing a pipe or character device has nothing to sync.
      if ((err as NodeJS.ErrnoException).code !== 'EINVAL')
        throw gaError(`failed to flush file: ${strerror(err)}`);
    }
  }

  closeAll(): void {
    for (const handle of [...this.#files.keys()]) this.close(handle);
  }
}
