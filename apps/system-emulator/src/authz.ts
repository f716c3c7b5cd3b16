/**
 * Authorization objects (QEMU's authz/base.c, simple.c, list.c): `-object authz-simple,id=a,
 * identity=...` and `authz-list` (policy and rules, exact or glob matches), user-creatable and
 * changeable at run time with qom-set. Services that check a client's identity ask
 * qauthzIsAllowedById(id, identity).
 */
import {
  defineTypes,
  objectClassDynamicCast,
  objectClassPropertyAddTyped,
  objectDynamicCast,
  objectGetObjectsRoot,
  objectResolvePathComponent,
  QomError,
  QomObject,
  TYPE_OBJECT,
  TYPE_USER_CREATABLE,
  typeRegister,
  type UserCreatableClass,
} from '@tsemu/qdev';

export const TYPE_QAUTHZ = 'authz';
export const TYPE_QAUTHZ_SIMPLE = 'authz-simple';
export const TYPE_QAUTHZ_LIST = 'authz-list';

// qapi/authz.json's types, as QOM properties carry them
const authzTypes = defineTypes([
  { meta: 'enum', name: 'QAuthZListPolicy', members: ['deny', 'allow'] },
  { meta: 'enum', name: 'QAuthZListFormat', members: ['exact', 'glob'] },
  {
    meta: 'struct',
    name: 'QAuthZListRule',
    members: [
      { name: 'match', type: 'str' },
      { name: 'policy', type: 'QAuthZListPolicy' },
      { name: 'format', type: 'QAuthZListFormat', optional: true },
    ],
  },
]);

export type QAuthZListPolicy = 'deny' | 'allow';
export interface QAuthZListRule {
  match: string;
  policy: QAuthZListPolicy;
  format?: 'exact' | 'glob';
}

export abstract class QAuthZ extends QomObject {
  abstract isAllowed(identity: string): boolean;
}

export class QAuthZSimple extends QAuthZ {
  identity: string | undefined;
  isAllowed(identity: string): boolean {
    return identity === this.identity;
  }
}

/** fnmatch(pattern, s, 0): '*', '?', bracket expressions ('!' or '^' negates), '\' escapes. */
export function fnmatch(pattern: string, s: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]);
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end);
      const neg = body[0] === '!' || body[0] === '^';
      if (neg) body = body.slice(1);
      re += `[${neg ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`).test(s);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

export class QAuthZList extends QAuthZ {
  policy: QAuthZListPolicy = 'deny';
  rules: QAuthZListRule[] = [];
  isAllowed(identity: string): boolean {
    for (const r of this.rules) {
      const hit = (r.format ?? 'exact') === 'glob' ? fnmatch(r.match, identity) : r.match === identity;
      if (hit) return r.policy === 'allow';
    }
    return this.policy === 'allow';
  }
}

typeRegister({
  name: TYPE_QAUTHZ,
  parent: TYPE_OBJECT,
  abstract: true,
  interfaces: [TYPE_USER_CREATABLE],
});

typeRegister({
  name: TYPE_QAUTHZ_SIMPLE,
  parent: TYPE_QAUTHZ,
  instance: QAuthZSimple,
  classInit: (k) => {
    objectClassPropertyAddTyped<string>(k, 'identity', 'str', {
      type: 'string',
      doc: 'the one identity allowed',
      get: (o) => (o as QAuthZSimple).identity ?? '',
      set: (o, v) => {
        (o as QAuthZSimple).identity = v;
      },
    });
    const uc = objectClassDynamicCast<UserCreatableClass>(k, TYPE_USER_CREATABLE) as UserCreatableClass;
    uc.complete = (o) => {
      if ((o as QAuthZSimple).identity === undefined)
        throw new QomError("The 'identity' property must be set");
    };
  },
});

typeRegister({
  name: TYPE_QAUTHZ_LIST,
  parent: TYPE_QAUTHZ,
  instance: QAuthZList,
  classInit: (k) => {
    objectClassPropertyAddTyped<QAuthZListPolicy>(k, 'policy', authzTypes('QAuthZListPolicy'), {
      doc: 'the answer when no rule matches (default deny)',
      get: (o) => (o as QAuthZList).policy,
      set: (o, v) => {
        (o as QAuthZList).policy = v;
      },
    });
    objectClassPropertyAddTyped<QAuthZListRule[]>(k, 'rules', authzTypes('[QAuthZListRule]'), {
      type: 'QAuthZListRule',
      doc: 'rules tried in order; the first that matches the identity decides',
      get: (o) => (o as QAuthZList).rules,
      set: (o, v) => {
        (o as QAuthZList).rules = v;
      },
    });
  },
});

/** qauthz_is_allowed_by_id: the answer of the authorization object /objects/<id>. */
export function qauthzIsAllowedById(id: string, identity: string): boolean {
  const obj = objectResolvePathComponent(objectGetObjectsRoot(), id);
  if (!obj) throw new QomError(`Cannot find QAuthZ object ID ${id}`);
  const authz = objectDynamicCast<QAuthZ>(obj, TYPE_QAUTHZ);
  if (!authz) throw new QomError(`Object '${id}' is not a QAuthZ subclass`);
  return authz.isAllowed(identity);
}
