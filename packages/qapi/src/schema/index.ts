/**
 * The QAPI schema front end (QEMU: scripts/qapi/parser.py, expr.py, schema.py, introspect.py):
 *
 * - `QAPISchema.load(file, { defined })` reads a root schema and its includes, checks every rule
 *   (errors are `QAPIError`s worded as QEMU's, `file:line: message` with QEMU's context lines),
 *   and builds the model: `entities`, `commands`, `events`, `lookupType()`, `visit(visitor)`.
 *   With `defined`, what is conditional on false is absent; `unpruned` keeps the full schema.
 * - `introspect(schema)` / `introspectJSON(schema)` give query-qmp-schema's SchemaInfo list,
 *   masked names and order exactly as QEMU's.
 * - `generateMarkdown(schema, { title })` renders the doc comments as a reference page.
 *
 * @example
 * const schema = QAPISchema.load('qapi/qapi-schema.json', { defined: ['CONFIG_LINUX'] });
 * for (const cmd of schema.commands) console.log(cmd.name, cmd.argType?.members.map((m) => m.name));
 * @module
 */
export { cName } from './common.js';
export { DocArgSection, DocSection, QAPIDoc } from './doc.js';
export { checkExprs, META_TYPES, type MetaType } from './expr.js';
export { evalIf, IfCond, type IfExpr } from './ifcond.js';
export { type IntrospectOptions, introspect, introspectJSON, type SchemaInfo } from './introspect.js';
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
export { QEMU_X86_64_BUILD_SYMBOLS } from './symbols.js';
