// Context-free checks of each top-level expression (QEMU: scripts/qapi/expr.py), run before the
// schema is built. Shorthands are normalized in place: member 'T' becomes {'type': 'T'}, feature and
// enum value names become {'name': ...}.
import { cName } from './common.js';
import type { ExprDict, ExprValue, ParsedExpr } from './parser.js';
import { QAPIError, type QAPISourceInfo } from './source.js';

export const META_TYPES = ['enum', 'struct', 'union', 'alternate', 'command', 'event'] as const;
export type MetaType = (typeof META_TYPES)[number];

// Letters, digits, '-' and '_', starting with a letter; optional 'x-' and '__RFQDN_' prefixes.
const VALID_NAME = /^(__[a-z0-9.-]+_)?(x-)?([a-z][a-z0-9_-]*)$/i;

const isDict = (v: ExprValue | undefined): v is ExprDict => v instanceof Map;

function checkNameIsStr(name: ExprValue | undefined, info: QAPISourceInfo, source: string): void {
  if (typeof name !== 'string') throw new QAPIError(info, `${source} requires a string name`);
}

function checkNameStr(name: string, info: QAPISourceInfo, source: string): string {
  const m = VALID_NAME.exec(name);
  if (!m || cName(name, false).startsWith('q_')) throw new QAPIError(info, `${source} has an invalid name`);
  return m[3];
}

function checkNameUpper(name: string, info: QAPISourceInfo, source: string): void {
  const stem = checkNameStr(name, info, source);
  if (/[a-z-]/.test(stem)) throw new QAPIError(info, `name of ${source} must not use lowercase or '-'`);
}

function checkNameLower(
  name: string,
  info: QAPISourceInfo,
  source: string,
  permitUpper = false,
  permitUnderscore = false,
): void {
  const stem = checkNameStr(name, info, source);
  if ((!permitUpper && /[A-Z]/.test(stem)) || (!permitUnderscore && stem.includes('_'))) {
    throw new QAPIError(info, `name of ${source} must not use uppercase or '_'`);
  }
}

function checkNameCamel(name: string, info: QAPISourceInfo, source: string): void {
  const stem = checkNameStr(name, info, source);
  if (!/^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$/.test(stem)) {
    throw new QAPIError(info, `name of ${source} must use CamelCase`);
  }
}

function checkDefnNameStr(name: string, info: QAPISourceInfo, meta: MetaType): void {
  if (meta === 'event') checkNameUpper(name, info, meta);
  else if (meta === 'command') {
    checkNameLower(name, info, meta, false, info.pragma.commandNameExceptions.includes(name));
  } else checkNameCamel(name, info, meta);
  if (name.endsWith('List')) throw new QAPIError(info, `${meta} name should not end in 'List'`);
}

function checkKeys(
  value: ExprDict,
  info: QAPISourceInfo,
  source: string,
  required: string[],
  optional: string[],
): void {
  const pprint = (elems: Iterable<string>): string =>
    [...elems]
      .sort()
      .map((e) => `'${e}'`)
      .join(', ');
  const missing = required.filter((k) => !value.has(k));
  if (missing.length) {
    throw new QAPIError(info, `${source} misses key${missing.length > 1 ? 's' : ''} ${pprint(missing)}`);
  }
  const allowed = new Set([...required, ...optional]);
  const unknown = [...value.keys()].filter((k) => !allowed.has(k));
  if (unknown.length) {
    throw new QAPIError(
      info,
      `${source} has unknown key${unknown.length > 1 ? 's' : ''} ${pprint(unknown)}\nValid keys are ${pprint(allowed)}.`,
    );
  }
}

function checkFlags(expr: ExprDict, info: QAPISourceInfo): void {
  for (const key of ['gen', 'success-response']) {
    if (expr.has(key) && expr.get(key) !== false) {
      throw new QAPIError(info, `flag '${key}' may only use false value`);
    }
  }
  for (const key of ['boxed', 'allow-oob', 'allow-preconfig', 'coroutine']) {
    if (expr.has(key) && expr.get(key) !== true) {
      throw new QAPIError(info, `flag '${key}' may only use true value`);
    }
  }
  if (expr.has('allow-oob') && expr.has('coroutine')) {
    // No use case, and the semantics would not be obvious (QEMU forbids it too).
    throw new QAPIError(info, "flags 'allow-oob' and 'coroutine' are incompatible");
  }
}

/** Check the syntax of an 'if' condition. */
export function checkIf(expr: ExprDict, info: QAPISourceInfo, source: string): void {
  const check = (cond: ExprValue): void => {
    if (typeof cond === 'string') {
      if (!/^[A-Z][A-Z0-9_]*$/.test(cond)) {
        throw new QAPIError(info, `'if' condition '${cond}' of ${source} is not a valid identifier`);
      }
      return;
    }
    if (!isDict(cond)) throw new QAPIError(info, `'if' condition of ${source} must be a string or an object`);
    checkKeys(cond, info, `'if' condition of ${source}`, [], ['all', 'any', 'not']);
    if (cond.size !== 1) throw new QAPIError(info, `'if' condition of ${source} has conflicting keys`);
    const [oper, operands] = [...cond][0];
    // Python truthiness, as QEMU tests it: empty string, list or dict, and false.
    const empty =
      operands === '' ||
      operands === false ||
      (Array.isArray(operands) && !operands.length) ||
      (isDict(operands) && !operands.size);
    if (empty) throw new QAPIError(info, `'if' condition [] of ${source} is useless`);
    if (oper === 'not') {
      check(operands);
      return;
    }
    if (!Array.isArray(operands))
      throw new QAPIError(info, `'${oper}' condition of ${source} must be an array`);
    for (const o of operands) check(o);
  };
  const ifcond = expr.get('if');
  if (ifcond === undefined) return;
  check(ifcond);
}

/** Rewrite shorthand members ('name': 'T') to {'type': 'T'}. */
function normalizeMembers(members: ExprValue | undefined): void {
  if (!isDict(members)) return;
  for (const [key, arg] of members) {
    if (!isDict(arg)) members.set(key, new Map([['type', arg]]));
  }
}

function checkType(
  value: ExprValue | undefined,
  info: QAPISourceInfo,
  source: string,
  allowArray = false,
  allowDict: boolean | string = false,
): void {
  if (value === undefined || typeof value === 'string') return;
  if (Array.isArray(value)) {
    if (!allowArray) throw new QAPIError(info, `${source} cannot be an array`);
    if (value.length !== 1 || typeof value[0] !== 'string') {
      throw new QAPIError(info, `${source}: array type must contain single type name`);
    }
    return;
  }
  if (!allowDict) throw new QAPIError(info, `${source} should be a type name`);
  if (!isDict(value)) throw new QAPIError(info, `${source} should be an object or type name`);
  const permissive = typeof allowDict === 'string' && info.pragma.memberNameExceptions.includes(allowDict);
  for (const [rawKey, arg] of value) {
    const keySource = `${source} member '${rawKey}'`;
    const key = rawKey.startsWith('*') ? rawKey.slice(1) : rawKey;
    checkNameLower(key, info, keySource, permissive, permissive);
    const c = cName(key, false);
    if (c === 'u' || c.startsWith('has_')) throw new QAPIError(info, `${keySource} uses reserved name`);
    if (!isDict(arg)) throw new QAPIError(info, `${keySource} should be an object or type name`);
    checkKeys(arg, info, keySource, ['type'], ['if', 'features']);
    checkIf(arg, info, keySource);
    checkFeatures(arg.get('features'), info);
    checkType(arg.get('type'), info, keySource, true);
  }
}

function checkFeatures(features: ExprValue | undefined, info: QAPISourceInfo): void {
  if (features === undefined) return;
  if (!Array.isArray(features)) throw new QAPIError(info, "'features' must be an array");
  for (let i = 0; i < features.length; i++) {
    const f = features[i];
    if (!isDict(f)) features[i] = new Map([['name', f]]);
  }
  for (const f of features as ExprDict[]) {
    let source = "'features' member";
    checkKeys(f, info, source, ['name'], ['if']);
    const name = f.get('name');
    checkNameIsStr(name, info, source);
    source = `${source} '${name}'`;
    checkNameLower(name as string, info, source);
    checkIf(f, info, source);
  }
}

function checkEnum(expr: ExprDict, info: QAPISourceInfo): void {
  const name = expr.get('enum') as string;
  const members = expr.get('data');
  const prefix = expr.get('prefix');
  if (!Array.isArray(members)) throw new QAPIError(info, "'data' must be an array");
  if (prefix !== undefined && typeof prefix !== 'string')
    throw new QAPIError(info, "'prefix' must be a string");
  const permissive = info.pragma.memberNameExceptions.includes(name);
  for (let i = 0; i < members.length; i++) {
    const m = members[i];
    if (!isDict(m)) members[i] = new Map([['name', m]]);
  }
  for (const member of members as ExprDict[]) {
    let source = "'data' member";
    checkKeys(member, info, source, ['name'], ['if', 'features']);
    let memberName = member.get('name');
    checkNameIsStr(memberName, info, source);
    source = `${source} '${memberName}'`;
    // Enum values may start with a digit: hide it from the name rules.
    if (/^[0-9]/.test(memberName as string)) memberName = `d${memberName}`;
    checkNameLower(memberName as string, info, source, permissive, permissive);
    checkIf(member, info, source);
    checkFeatures(member.get('features'), info);
  }
}

function checkStruct(expr: ExprDict, info: QAPISourceInfo): void {
  if (!isDict(expr.get('data'))) throw new QAPIError(info, "'data' should be an object or type name");
  checkType(expr.get('data'), info, "'data'", false, expr.get('struct') as string);
  checkType(expr.get('base'), info, "'base'");
}

function checkUnion(expr: ExprDict, info: QAPISourceInfo): void {
  const name = expr.get('union') as string;
  const base = expr.get('base');
  const members = expr.get('data');
  checkType(base, info, "'base'", false, name);
  checkNameIsStr(expr.get('discriminator'), info, "'discriminator'");
  if (!isDict(members)) throw new QAPIError(info, "'data' must be an object");
  for (const [key, value] of members) {
    const source = `'data' member '${key}'`;
    if (!isDict(value)) throw new QAPIError(info, `${source} should be a type name`);
    checkKeys(value, info, source, ['type'], ['if']);
    checkIf(value, info, source);
    checkType(value.get('type'), info, source, !base);
  }
}

function checkAlternate(expr: ExprDict, info: QAPISourceInfo): void {
  const members = expr.get('data');
  if (!isDict(members)) throw new QAPIError(info, "'data' must be an object");
  if (!members.size) throw new QAPIError(info, "'data' must not be empty");
  for (const [key, value] of members) {
    const source = `'data' member '${key}'`;
    checkNameLower(key, info, source);
    if (!isDict(value)) throw new QAPIError(info, `${source} should be a type name`);
    checkKeys(value, info, source, ['type'], ['if']);
    checkIf(value, info, source);
    checkType(value.get('type'), info, source, true);
  }
}

function checkCommandOrEvent(expr: ExprDict, info: QAPISourceInfo, isCommand: boolean): void {
  const args = expr.get('data');
  const boxed = expr.get('boxed') ?? false;
  if (boxed && args === undefined) throw new QAPIError(info, "'boxed': true requires 'data'");
  checkType(args, info, "'data'", false, !boxed);
  if (isCommand) checkType(expr.get('returns'), info, "'returns'", true);
}

/** Check every expression; returns the definitions (not includes) with their meta-type. */
export function checkExprs(exprs: ParsedExpr[]): ParsedExpr[] {
  for (const { expr, info, doc } of exprs) {
    if (expr.has('include')) continue;
    const metas = META_TYPES.filter((m) => expr.has(m));
    if (metas.length !== 1) {
      throw new QAPIError(
        info,
        `expression must have exactly one key ${META_TYPES.map((m) => `'${m}'`).join(', ')}`,
      );
    }
    const meta = metas[0];
    checkNameIsStr(expr.get(meta), info, `'${meta}'`);
    const name = expr.get(meta) as string;
    info.setDefn(meta, name);
    checkDefnNameStr(name, info, meta);

    if (doc) {
      if (doc.symbol !== name) throw new QAPIError(info, `documentation comment is for '${doc.symbol}'`);
      doc.checkExpr(meta === 'command');
    } else if (info.pragma.docRequired) {
      throw new QAPIError(info, 'documentation comment required');
    }

    switch (meta) {
      case 'enum':
        checkKeys(expr, info, meta, ['enum', 'data'], ['if', 'features', 'prefix']);
        checkEnum(expr, info);
        break;
      case 'union':
        checkKeys(expr, info, meta, ['union', 'base', 'discriminator', 'data'], ['if', 'features']);
        normalizeMembers(expr.get('base'));
        normalizeMembers(expr.get('data'));
        checkUnion(expr, info);
        break;
      case 'alternate':
        checkKeys(expr, info, meta, ['alternate', 'data'], ['if', 'features']);
        normalizeMembers(expr.get('data'));
        checkAlternate(expr, info);
        break;
      case 'struct':
        checkKeys(expr, info, meta, ['struct', 'data'], ['base', 'if', 'features']);
        normalizeMembers(expr.get('data'));
        checkStruct(expr, info);
        break;
      case 'command':
        checkKeys(
          expr,
          info,
          meta,
          ['command'],
          [
            'data',
            'returns',
            'boxed',
            'if',
            'features',
            'gen',
            'success-response',
            'allow-oob',
            'allow-preconfig',
            'coroutine',
          ],
        );
        normalizeMembers(expr.get('data'));
        checkCommandOrEvent(expr, info, true);
        break;
      case 'event':
        checkKeys(expr, info, meta, ['event'], ['data', 'boxed', 'if', 'features']);
        normalizeMembers(expr.get('data'));
        checkCommandOrEvent(expr, info, false);
        break;
    }
    checkIf(expr, info, meta);
    checkFeatures(expr.get('features'), info);
    checkFlags(expr, info);
  }
  return exprs;
}
