export { errorPrepend, QomError, type QomErrorClass } from './error.js';
export { GHashMap, gStrHash } from './ghash.js';
export {
  infoQomTree,
  objectPropertyHelp,
  sortHelpLines,
  userCreatablePrintHelp,
} from './help.js';
export {
  type PropertyIntrospection,
  propertyIntrospection,
  qomIntrospect,
  qomIntrospectionExtend,
  qomIntrospectJSON,
  qomIntrospectMarkdown,
  qomUndocumentedProperties,
  type Stability,
  type TypeIntrospection,
} from './introspect.js';
export * from './object.js';
export {
  checkPropertyInputPolicy,
  propertyOutputOk,
  qomCompatPolicy,
  qomSetCompatPolicy,
} from './policy.js';
export type { ObjectProperty, PropertyDef, PropertyFeatures } from './property.js';
export * from './props-qdict.js';
export {
  type ObjectPropertyInfo,
  type ObjectTypeInfo,
  QOM_SCHEMA_PATH,
  qmpQomGet,
  qmpQomList,
  qmpQomListProperties,
  qmpQomListTypes,
  qmpQomSet,
  qomCommandHandlers,
  qomSchema,
  registerQomCommands,
} from './qmp.js';
export {
  type AnyClass,
  type InterfaceClass,
  type ObjectClass,
  objectClassByName,
  objectClassCheck,
  objectClassDynamicCast,
  objectClassForeach,
  objectClassGetList,
  objectClassGetName,
  objectClassGetParent,
  objectClassIsAbstract,
  TYPE_INTERFACE,
  TYPE_OBJECT,
  TypeImpl,
  type TypeInfo,
  typeGetByName,
  typeInitialize,
  typeIsAncestor,
  typeNames,
  typeRegister,
  typeRegisterStatic,
} from './type.js';
export * from './user-creatable.js';
export {
  type BuiltinName,
  defineTypes,
  enumType,
  inputKeyval,
  inputQObject,
  inputString,
  isWideInt,
  outputQObject,
  type PropSchema,
  resolvePropSchema,
  schemaName,
} from './visit.js';
