// A runtime schema: descriptors resolved into linked type objects the visitors walk.
import {
  BUILTIN_TYPE_NAMES,
  type BuiltinTypeName,
  type CommandDesc,
  type EventDesc,
  QTYPE_VALUES,
  type SchemaDesc,
  specialFeatures,
  type TypeDesc,
  type TypeRef,
} from './descriptors.js';

export interface RBuiltin {
  readonly kind: 'builtin';
  readonly name: BuiltinTypeName;
  /** For QType, which is a builtin enum. */
  readonly values?: readonly string[];
}

export interface REnum {
  readonly kind: 'enum';
  readonly name: string;
  readonly values: readonly string[];
  readonly valueSet: ReadonlySet<string>;
  /** Special feature bits per value, absent when no value has any. */
  readonly valueSpecial: ReadonlyMap<string, number> | undefined;
  readonly special: number;
}

export interface RArray {
  readonly kind: 'array';
  readonly name: string;
  readonly element: RType;
}

export interface RMember {
  readonly name: string;
  readonly type: RType;
  readonly optional: boolean;
  readonly special: number;
}

export interface RObject {
  readonly kind: 'object';
  readonly name: string;
  /** All common members: base first, then own, as QEMU visits them. */
  members: RMember[];
  /** Union discriminator member name. */
  tag: string | undefined;
  /** Discriminator value → branch type (struct). */
  variants: Map<string, RObject> | undefined;
  special: number;
}

export interface RAlternate {
  readonly kind: 'alternate';
  readonly name: string;
  branches: RType[];
  special: number;
}

export type RType = RBuiltin | REnum | RArray | RObject | RAlternate;

export interface RCommand {
  readonly name: string;
  readonly args: RObject | undefined;
  readonly boxed: boolean;
  readonly returns: RType | undefined;
  readonly gen: boolean;
  readonly successResponse: boolean;
  readonly allowOob: boolean;
  readonly allowPreconfig: boolean;
  readonly coroutine: boolean;
  readonly special: number;
  readonly features: readonly string[];
}

export interface REvent {
  readonly name: string;
  readonly data: RObject | undefined;
  readonly boxed: boolean;
  readonly special: number;
  readonly features: readonly string[];
}

const builtins = new Map<string, RBuiltin>(
  BUILTIN_TYPE_NAMES.map((name) => [
    name,
    name === 'QType' ? { kind: 'builtin', name, values: QTYPE_VALUES } : { kind: 'builtin', name },
  ]),
);

/** Resolves type references of a SchemaDesc lazily; unknown names throw. */
export class QapiSchema {
  readonly #descs = new Map<string, TypeDesc>();
  readonly #types = new Map<string, RType>();
  readonly #commands = new Map<string, RCommand>();
  readonly #events = new Map<string, REvent>();
  readonly #commandDescs = new Map<string, CommandDesc>();
  readonly #eventDescs = new Map<string, EventDesc>();

  constructor(readonly desc: SchemaDesc) {
    for (const t of desc.types) {
      if (this.#descs.has(t.name) || builtins.has(t.name))
        throw new Error(`QAPI schema: type '${t.name}' is defined twice`);
      this.#descs.set(t.name, t);
    }
    for (const c of desc.commands ?? []) this.#commandDescs.set(c.name, c);
    for (const e of desc.events ?? []) this.#eventDescs.set(e.name, e);
  }

  hasType(name: TypeRef): boolean {
    return this.#descs.has(name) || builtins.has(name) || (name.startsWith('[') && name.endsWith(']'));
  }

  /** The resolved type named `name` (`[T]` for arrays). */
  type(name: TypeRef): RType {
    const t = this.#types.get(name) ?? builtins.get(name);
    if (t) return t;
    return this.#resolve(name);
  }

  #resolve(name: string): RType {
    if (name.startsWith('[') && name.endsWith(']')) {
      const t: RArray = { kind: 'array', name, element: this.type(name.slice(1, -1)) };
      this.#types.set(name, t);
      return t;
    }
    const d = this.#descs.get(name);
    if (!d) throw new Error(`QAPI schema: unknown type '${name}'`);
    switch (d.meta) {
      case 'enum': {
        const values = d.members.map((m) => (typeof m === 'string' ? m : m.name));
        let valueSpecial: Map<string, number> | undefined;
        for (const m of d.members) {
          const bits = typeof m === 'string' ? 0 : specialFeatures(m.features);
          if (!bits) continue;
          valueSpecial ??= new Map();
          valueSpecial.set((m as { name: string }).name, bits);
        }
        const t: REnum = {
          kind: 'enum',
          name,
          values,
          valueSet: new Set(values),
          valueSpecial,
          special: specialFeatures(d.features),
        };
        this.#types.set(name, t);
        return t;
      }
      case 'alternate': {
        // Registered before its branches resolve: alternates may nest through object branches.
        const t: RAlternate = { kind: 'alternate', name, branches: [], special: specialFeatures(d.features) };
        this.#types.set(name, t);
        t.branches = d.members.map((m) => this.type(m.type));
        return t;
      }
      case 'struct':
      case 'union': {
        const t: RObject = {
          kind: 'object',
          name,
          members: [],
          tag: undefined,
          variants: undefined,
          special: specialFeatures(d.features),
        };
        this.#types.set(name, t);
        const members: RMember[] = [];
        if (d.base) {
          const base = this.type(d.base);
          if (base.kind !== 'object' || base.variants)
            throw new Error(`QAPI schema: base of '${name}' must be a struct type`);
          members.push(...base.members);
        }
        for (const m of d.members ?? [])
          members.push({
            name: m.name,
            type: this.type(m.type),
            optional: m.optional ?? false,
            special: specialFeatures(m.features),
          });
        t.members = members;
        if (d.meta === 'union') {
          const tag = members.find((m) => m.name === d.discriminator);
          if (!tag || tag.optional || tag.type.kind !== 'enum')
            throw new Error(
              `QAPI schema: discriminator '${d.discriminator}' of '${name}' must be a mandatory enum member`,
            );
          t.tag = d.discriminator;
          t.variants = new Map();
          for (const [value, ref] of Object.entries(d.variants)) {
            const v = this.type(ref);
            if (v.kind !== 'object')
              throw new Error(`QAPI schema: branch '${value}' of '${name}' must be an object type`);
            t.variants.set(value, v);
          }
        }
        return t;
      }
    }
  }

  /** Every named (declared) type, resolved. */
  types(): RType[] {
    return [...this.#descs.keys()].map((n) => this.type(n));
  }

  command(name: string): RCommand | undefined {
    let c = this.#commands.get(name);
    if (c) return c;
    const d = this.#commandDescs.get(name);
    if (!d) return undefined;
    c = this.#makeCommand(d);
    this.#commands.set(name, c);
    return c;
  }

  commands(): RCommand[] {
    return [...this.#commandDescs.keys()].map((n) => this.command(n)!);
  }

  #makeCommand(d: CommandDesc): RCommand {
    return {
      name: d.name,
      args: this.#objectArg(d.data, `command '${d.name}'`),
      boxed: d.boxed ?? false,
      returns: d.returns === undefined ? undefined : this.type(d.returns),
      gen: d.gen ?? true,
      successResponse: d.successResponse ?? true,
      allowOob: d.allowOob ?? false,
      allowPreconfig: d.allowPreconfig ?? false,
      coroutine: d.coroutine ?? false,
      special: specialFeatures(d.features),
      features: d.features ?? [],
    };
  }

  event(name: string): REvent | undefined {
    let e = this.#events.get(name);
    if (e) return e;
    const d = this.#eventDescs.get(name);
    if (!d) return undefined;
    e = {
      name: d.name,
      data: this.#objectArg(d.data, `event '${d.name}'`),
      boxed: d.boxed ?? false,
      special: specialFeatures(d.features),
      features: d.features ?? [],
    };
    this.#events.set(name, e);
    return e;
  }

  events(): REvent[] {
    return [...this.#eventDescs.keys()].map((n) => this.event(n)!);
  }

  #objectArg(ref: TypeRef | undefined, what: string): RObject | undefined {
    if (ref === undefined) return undefined;
    const t = this.type(ref);
    if (t.kind !== 'object') throw new Error(`QAPI schema: data of ${what} must be an object type`);
    return t;
  }
}

/** Builds a runtime schema from descriptors (as generated code exports them). */
export function defineSchema(desc: SchemaDesc): QapiSchema {
  return new QapiSchema(desc);
}
