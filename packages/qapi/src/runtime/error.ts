// QAPI errors: a message and one of QEMU's error classes (qapi/error.json's QapiErrorClass).

export const ERROR_CLASSES = [
  'GenericError',
  'CommandNotFound',
  'DeviceNotActive',
  'DeviceNotFound',
  'KVMMissingCap',
] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

/** An error as QMP reports it: `{"class": ..., "desc": ...}`. Handlers throw it to pick a class. */
export class QapiError extends Error {
  constructor(
    message: string,
    readonly errorClass: ErrorClass = 'GenericError',
  ) {
    super(message);
    this.name = 'QapiError';
  }
}

// QEMU's qerror.h texts.
export const missingParameter = (name: string) => new QapiError(`Parameter '${name}' is missing`);
export const invalidParameterType = (name: string, expected: string) =>
  new QapiError(`Invalid parameter type for '${name}', expected: ${expected}`);
export const invalidParameterValue = (name: string, expects: string) =>
  new QapiError(`Parameter '${name}' expects ${expects}`);
export const unexpectedParameter = (name: string) => new QapiError(`Parameter '${name}' is unexpected`);
export const invalidEnumValue = (name: string, value: string) =>
  new QapiError(`Parameter '${name}' does not accept value '${value}'`);
