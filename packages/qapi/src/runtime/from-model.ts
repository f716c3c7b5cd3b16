// Descriptors straight from the schema front end's model, so a package can load a .json schema at
// run time without a build step. The generator emits the same descriptors as literals.
import {
  type LoadOptions,
  QAPISchema,
  QAPISchemaAlternateType,
  QAPISchemaArrayType,
  QAPISchemaCommand,
  QAPISchemaEnumType,
  QAPISchemaEvent,
  type QAPISchemaFeature,
  QAPISchemaObjectType,
  type QAPISchemaObjectTypeMember,
  type QAPISchemaType,
} from '../schema/index.js';
import type {
  CommandDesc,
  EventDesc,
  FeatureList,
  MemberDesc,
  SchemaDesc,
  TypeDesc,
  TypeRef,
} from './descriptors.js';
import { QapiSchema } from './schema.js';

/** The descriptor name of a model type: arrays become `[T]`. */
export function typeRefOf(t: QAPISchemaType): TypeRef {
  return t instanceof QAPISchemaArrayType ? `[${typeRefOf(t.elementType)}]` : t.name;
}

function features(fs: readonly QAPISchemaFeature[]): { features?: FeatureList } {
  return fs.length ? { features: fs.map((f) => f.name) } : {};
}

function member(m: QAPISchemaObjectTypeMember): MemberDesc {
  return {
    name: m.name,
    type: typeRefOf(m.type),
    ...(m.optional ? { optional: true } : {}),
    ...features(m.features),
  };
}

/** Descriptors for every type, command and event of a checked schema model. */
export function schemaDescFromModel(model: QAPISchema): SchemaDesc {
  const types: TypeDesc[] = [];
  const commands: CommandDesc[] = [];
  const events: EventDesc[] = [];
  for (const e of model.entities) {
    if (e instanceof QAPISchemaEnumType) {
      if (e.name === 'QType') continue; // a runtime builtin
      types.push({
        meta: 'enum',
        name: e.name,
        members: e.members.map((m) =>
          m.features.length ? { name: m.name, ...features(m.features) } : m.name,
        ),
        ...features(e.features),
      });
    } else if (e instanceof QAPISchemaObjectType) {
      if (e.variants) {
        const variants: Record<string, TypeRef> = {};
        for (const v of e.variants.variants)
          if (v.type.name !== 'q_empty') variants[v.name] = typeRefOf(v.type);
        types.push({
          meta: 'union',
          name: e.name,
          ...(e.base ? { base: e.base.name } : {}),
          members: e.localMembers.map(member),
          discriminator: e.variants.tagName!,
          variants,
          ...features(e.features),
        });
      } else {
        types.push({
          meta: 'struct',
          name: e.name,
          ...(e.base ? { base: e.base.name } : {}),
          members: e.localMembers.map(member),
          ...features(e.features),
        });
      }
    } else if (e instanceof QAPISchemaAlternateType) {
      types.push({
        meta: 'alternate',
        name: e.name,
        members: e.variants.variants.map((v) => ({ name: v.name, type: typeRefOf(v.type) })),
        ...features(e.features),
      });
    } else if (e instanceof QAPISchemaCommand) {
      commands.push({
        name: e.name,
        ...(e.argType ? { data: e.argType.name } : {}),
        ...(e.boxed ? { boxed: true } : {}),
        ...(e.retType ? { returns: typeRefOf(e.retType) } : {}),
        ...(e.gen ? {} : { gen: false }),
        ...(e.successResponse ? {} : { successResponse: false }),
        ...(e.allowOob ? { allowOob: true } : {}),
        ...(e.allowPreconfig ? { allowPreconfig: true } : {}),
        ...(e.coroutine ? { coroutine: true } : {}),
        ...features(e.features),
      });
    } else if (e instanceof QAPISchemaEvent) {
      events.push({
        name: e.name,
        ...(e.argType ? { data: e.argType.name } : {}),
        ...(e.boxed ? { boxed: true } : {}),
        ...features(e.features),
      });
    }
  }
  return { types, commands, events };
}

/**
 * Loads a root schema file (with its includes), checks it, and builds the runtime schema. With
 * `defined`, `if` conditions are evaluated with exactly those symbols true; without, all definitions
 * are kept. Throws the front end's QAPIError (`file:line: message`) on a bad schema.
 */
export function loadSchema(fname: string, opts: LoadOptions = {}): QapiSchema {
  return new QapiSchema(schemaDescFromModel(QAPISchema.load(fname, opts)));
}
