/** QEMU's error classes (qapi/error.json's QapiErrorClass). */
export type QomErrorClass =
  | 'GenericError'
  | 'CommandNotFound'
  | 'DeviceNotActive'
  | 'DeviceNotFound'
  | 'KVMMissingCap';

/** An error with QEMU's wording and class, as `error_setg`/`error_set` make it. */
export class QomError extends Error {
  constructor(
    message: string,
    readonly errorClass: QomErrorClass = 'GenericError',
  ) {
    super(message);
    this.name = 'QomError';
  }
}

/** `error_prepend`: a new error with the same class and a prefix. */
export function errorPrepend(err: unknown, prefix: string): Error {
  if (err instanceof QomError) return new QomError(prefix + err.message, err.errorClass);
  if (err instanceof Error) {
    const e = new Error(prefix + err.message);
    Object.assign(e, { errorClass: (err as { errorClass?: string }).errorClass });
    return e;
  }
  return new QomError(prefix + String(err));
}
