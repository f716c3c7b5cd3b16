// @tsemu/qapi runtime: type descriptors, visitors, command dispatch and events.
export { parseBool, strtodFinite, strtoi64, strtosz, strtoszErr, strtou64 } from './cutils.js';
export {
  type AlternateTypeDesc,
  BUILTIN_TYPE_NAMES,
  type BuiltinTypeName,
  type CommandDesc,
  type EnumMemberDesc,
  type EnumTypeDesc,
  type EventDesc,
  type FeatureList,
  type MemberDesc,
  type OmitMembers,
  QTYPE_VALUES,
  type QTypeValue,
  type SchemaDesc,
  SPECIAL_DEPRECATED,
  SPECIAL_UNSTABLE,
  type StructTypeDesc,
  specialFeatures,
  type TypeDesc,
  type TypeRef,
  type UnionTypeDesc,
} from './descriptors.js';
export {
  type Awaitable,
  type CommandContext,
  type CommandHandler,
  type CommandInfo,
  CommandRegistry,
  type DispatchOptions,
  errorResponse,
  type RegistryOptions,
} from './dispatch.js';
export { ERROR_CLASSES, type ErrorClass, QapiError } from './error.js';
export {
  buildEvent,
  EventEmitter,
  type EventEmitterOptions,
  type EventTimestamp,
  realTimeNow,
} from './event.js';
export { loadSchema, schemaDescFromModel, typeRefOf } from './from-model.js';
export { optsInput, type QemuOptsValue } from './opts-input.js';
export {
  type CompatPolicy,
  type CompatPolicyInput,
  type CompatPolicyOutput,
  checkPolicyInput,
  compatPolicyFromOptions,
  DEFAULT_COMPAT_POLICY,
  policyOutputOk,
} from './policy.js';
export { type InputOptions, keyvalInput, QObjectInputVisitor, qobjectInput } from './qobject-input.js';
export {
  alternateBranch,
  type OutputOptions,
  QObjectOutputVisitor,
  qapiClone,
  qobjectOutput,
} from './qobject-output.js';
export {
  defineSchema,
  QapiSchema,
  type RAlternate,
  type RArray,
  type RBuiltin,
  type RCommand,
  type REnum,
  type REvent,
  type RMember,
  type RObject,
  type RType,
} from './schema.js';
export { stringInput } from './string-input.js';
