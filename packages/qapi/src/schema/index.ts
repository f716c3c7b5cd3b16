// The QAPI schema front end: reader, checker, model, conditions, introspection and doc visitors.
export { cName } from './common.js';
export { DocArgSection, DocSection, QAPIDoc } from './doc.js';
export { checkExprs, META_TYPES, type MetaType } from './expr.js';
export { evalIf, IfCond, type IfExpr } from './ifcond.js';
export { type IntrospectOptions, introspect, introspectJSON } from './introspect.js';
export { generateMarkdown, type MarkdownOptions } from './markdown.js';
export { type ExprDict, type ExprValue, type ParsedExpr, QAPISchemaParser, type ReadFile } from './parser.js';
export {
  BUILTIN_MODULE_NAME,
  BUILTIN_TYPES,
  type BuiltinName,
  type JSONType,
  type LoadOptions,
  QAPISchema,
  QAPISchemaAlternateType,
  QAPISchemaArrayType,
  QAPISchemaBuiltinType,
  QAPISchemaCommand,
  QAPISchemaEntity,
  QAPISchemaEnumMember,
  QAPISchemaEnumType,
  QAPISchemaEvent,
  QAPISchemaFeature,
  QAPISchemaInclude,
  QAPISchemaMember,
  QAPISchemaModule,
  QAPISchemaObjectType,
  QAPISchemaObjectTypeMember,
  QAPISchemaType,
  QAPISchemaVariant,
  QAPISchemaVariants,
  type QAPISchemaVisitor,
  type QTypeName,
} from './schema.js';
export { QAPIError, QAPIParseError, QAPIPragma, QAPISourceInfo } from './source.js';
