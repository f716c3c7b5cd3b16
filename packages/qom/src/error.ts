import { QapiError } from '@tsemu/qapi';

/** QEMU's error classes (qapi/error.json's QapiErrorClass). */
export type QomErrorClass =
  | 'GenericError'
  | 'CommandNotFound'
  | 'DeviceNotActive'
  | 'DeviceNotFound'
  | 'KVMMissingCap';

/**
 * An error with QEMU's wording and class, as `error_setg`/`error_set` make it. It is a QapiError,
 * so QMP dispatch reports its class.
 */
export class QomError extends QapiError {
  constructor(message: string, errorClass: QomErrorClass = 'GenericError') {
    super(message, errorClass);
    this.name = 'QomError';
  }
}

/** `error_prepend`: a new error with the same class and a prefix. */
export function errorPrepend(err: unknown, prefix: string): Error {
  if (err instanceof QapiError) return new QomError(prefix + err.message, err.errorClass);
  if (err instanceof Error) {
    const e = new Error(prefix + err.message);
    Object.assign(e, { errorClass: (err as { errorClass?: string }).errorClass });
    return e;
  }
  return new QomError(prefix + String(err));
}
