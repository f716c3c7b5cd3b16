// Errors as qemu-ga reports them: a QMP error class and QEMU's description text. A GaError is a
// QapiError, so the dispatcher reports its class and text as they are.
import { QapiError } from '@tsemu/qapi';

export type GaErrorClass = 'GenericError' | 'CommandNotFound';

export class GaError extends QapiError {
  constructor(
    errorClass: GaErrorClass,
    readonly desc: string,
  ) {
    super(desc, errorClass);
    this.name = 'GaError';
  }
}

export function gaError(desc: string): GaError {
  return new GaError('GenericError', desc);
}

/** strerror() text for the errno codes Node reports, as glibc spells them. */
const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EEXIST: 'File exists',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EINVAL: 'Invalid argument',
  EBADF: 'Bad file descriptor',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
  EBUSY: 'Device or resource busy',
  ENOTSUP: 'Operation not supported',
  EOPNOTSUPP: 'Operation not supported',
  ENOTTY: 'Inappropriate ioctl for device',
  EIO: 'Input/output error',
  ENXIO: 'No such device or address',
  ESPIPE: 'Illegal seek',
  ENAMETOOLONG: 'File name too long',
  ELOOP: 'Too many levels of symbolic links',
  EMFILE: 'Too many open files',
};

export function strerror(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code && STRERROR[code]) return STRERROR[code];
  return err instanceof Error ? err.message : String(err);
}
