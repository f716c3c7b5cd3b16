/**
 * keyval (util/keyval.c): "KEY=VALUE,..." with dotted keys into nested QDicts and numeric
 * fragments into lists, plus the JSON form that qobject_input_visitor_new_str() accepts.
 */
import { QDict, QList, type QObject, QString } from '@tsemu/qobject';
import { JSONValueError, qobjectFromJson } from './json.js';

export class KeyvalError extends Error {}

const INT_MAX = 2147483647;

/** key_to_index: leading decimal digits as a list index (capped at INT_MAX), -1 if none. */
function keyToIndex(key: string, from = 0): { index: number; end: number } {
  let i = from;
  while (i < key.length && key.charCodeAt(i) >= 48 && key.charCodeAt(i) <= 57) i++;
  if (i === from) return { index: -1, end: from };
  const digits = key.slice(from, i);
  const v = Number(digits);
  return { index: Math.min(v, INT_MAX), end: i };
}

function isAlpha(c: string | undefined): boolean {
  return c !== undefined && /^[A-Za-z]$/.test(c);
}
function isAlnum(c: string | undefined): boolean {
  return c !== undefined && /^[A-Za-z0-9]$/.test(c);
}

/**
 * parse_qapi_name(str, complete=false) applied at s[from]: the length of the QAPI name there
 * (with an optional downstream "__RFQDN_" prefix), or -1.
 */
export function parseQapiName(s: string, from = 0, complete = false): number {
  let p = from;
  if (s[p] === '_') {
    p++;
    if (s[p] !== '_') return -1;
    while (++p < s.length) {
      if (!isAlnum(s[p]) && s[p] !== '-' && s[p] !== '.') break;
    }
    if (s[p] !== '_') return -1;
    p++;
  }
  if (!isAlpha(s[p])) return -1;
  while (++p < s.length) {
    if (!isAlnum(s[p]) && s[p] !== '-' && s[p] !== '_') break;
  }
  if (complete && p < s.length) return -1;
  return p - from;
}

/** starts_with_help_option: 1 for "?", 4 for "help", else 0 */
function startsWithHelpOption(s: string, from: number): number {
  if (s[from] === '?') return 1;
  if (s.startsWith('help', from)) return 4;
  return 0;
}

/** keyval_parse_put */
function put(cur: QDict, keyInCur: string, value: QString | undefined, keyForErr: string): QObject {
  const old = cur.get(keyInCur);
  if (old) {
    const want = value ? 'string' : 'dict';
    if (old.type !== want) throw new KeyvalError(`Parameters '${keyForErr}.*' used inconsistently`);
    if (!value) return old;
    cur.put(keyInCur, value);
    return value;
  }
  const v = value ?? new QDict();
  cur.put(keyInCur, v);
  return v;
}

/** keyval_parse_one; returns the position after this key=value and whether it was "help". */
function parseOne(
  qdict: QDict,
  params: string,
  pos: number,
  impliedKey: string | undefined,
): [number, boolean] {
  let key = params;
  let keyStart = pos;
  let len = 0;
  while (pos + len < params.length && params[pos + len] !== '=' && params[pos + len] !== ',') len++;
  let valEnd = -1;
  if (len && params[pos + len] !== '=') {
    if (startsWithHelpOption(params, pos) === len) {
      let s = pos + len;
      if (params[s] === ',') s++;
      return [s, true];
    }
    if (impliedKey !== undefined) {
      key = impliedKey;
      keyStart = 0;
      valEnd = pos + len;
      len = impliedKey.length;
    }
  }
  const keyEnd = keyStart + len;
  const implied = key !== params;
  const whole = () => key.slice(keyStart, keyEnd);

  let cur = qdict;
  let s = keyStart;
  let keyInCur = '';
  for (;;) {
    let flen: number;
    const idx = s !== keyStart ? keyToIndex(key, s) : { index: -1, end: s };
    if (idx.index >= 0) {
      flen = idx.end - s;
    } else {
      const r = parseQapiName(key, s);
      flen = Math.max(r, 0);
    }
    if (flen === 0 || (s + flen < keyEnd && key[s + flen] !== '.')) {
      throw new KeyvalError(`Invalid parameter '${whole()}'`);
    }
    if (flen >= 128) {
      const fragment = s !== keyStart || s + flen !== keyEnd ? ' fragment' : '';
      throw new KeyvalError(`Parameter${fragment} '${key.slice(s, s + flen)}' is too long`);
    }
    if (s !== keyStart) {
      const next = put(cur, keyInCur, undefined, key.slice(keyStart, s - 1));
      cur = next as QDict;
    }
    keyInCur = key.slice(s, s + flen);
    s += flen;
    if (s >= keyEnd || key[s] !== '.') break;
    s++;
  }

  let val: string;
  let next: number;
  if (implied) {
    val = params.slice(pos, valEnd);
    next = valEnd;
    if (params[next] === ',') next++;
  } else {
    if (params[s] !== '=') {
      throw new KeyvalError(`Expected '=' after parameter '${params.slice(keyStart, s)}'`);
    }
    s++;
    val = '';
    for (;;) {
      if (s >= params.length) break;
      if (params[s] === ',') {
        s++;
        if (params[s] !== ',') break;
      }
      val += params[s++];
    }
    next = s;
  }
  put(cur, keyInCur, new QString(val), whole());
  return [next, false];
}

function reassembleKey(path: string[]): string {
  return path.map((k) => `${k}.`).join('');
}

/** keyval_listify: dicts whose keys are all list indexes become lists. */
function listify(cur: QDict, path: string[]): QObject {
  let hasIndex = false;
  let hasMember = false;
  for (const [k, v] of cur.entries()) {
    if (keyToIndex(k).index >= 0 && keyToIndex(k).end === k.length) hasIndex = true;
    else hasMember = true;
    if (!(v instanceof QDict)) continue;
    const nv = listify(v, [...path, k]);
    if (nv !== v) cur.put(k, nv);
  }
  if (hasIndex && hasMember)
    throw new KeyvalError(`Parameters '${reassembleKey(path)}*' used inconsistently`);
  if (!hasIndex) return cur;
  const nelt = cur.size + 1;
  const elt: (QObject | undefined)[] = new Array(nelt);
  let maxIndex = -1;
  for (const [k, v] of cur.entries()) {
    const index = keyToIndex(k).index;
    if (index > maxIndex) maxIndex = index;
    if (index >= nelt - 1) continue;
    elt[index] = v;
  }
  const list = new QList();
  for (let i = 0; i < Math.min(nelt, maxIndex + 1); i++) {
    const v = elt[i];
    if (!v) throw new KeyvalError(`Parameter '${reassembleKey(path)}${i}' missing`);
    list.append(v);
  }
  return list;
}

export interface KeyvalResult {
  dict: QDict;
  /** "help" or "?" appeared as a key */
  help: boolean;
}

/**
 * keyval_parse_into: parse params into qdict. Without wantHelp, a help request is the error
 * "Help is not available for this option".
 */
export function keyvalParseInto(
  qdict: QDict,
  params: string,
  impliedKey?: string,
  wantHelp = true,
): KeyvalResult {
  let pos = 0;
  let help = false;
  let ik = impliedKey;
  while (pos < params.length) {
    const [next, h] = parseOne(qdict, params, pos, ik);
    if (h) help = true;
    pos = next;
    ik = undefined;
  }
  if (help && !wantHelp) throw new KeyvalError('Help is not available for this option');
  listify(qdict, []);
  return { dict: qdict, help };
}

/** keyval_parse */
export function keyvalParse(params: string, impliedKey?: string, wantHelp = true): KeyvalResult {
  return keyvalParseInto(new QDict(), params, impliedKey, wantHelp);
}

/**
 * keyval_merge: merge src into dest; dicts merge recursively, lists are appended to, scalars
 * replace. Conflicting shapes are "Parameter '%s%s' used inconsistently".
 */
export function keyvalMerge(dest: QDict, src: QDict, prefix = ''): void {
  for (const [k, v] of src.entries()) {
    const old = dest.get(k);
    if (old && old.type !== v.type) throw new KeyvalError(`Parameter '${prefix}${k}' used inconsistently`);
    if (v instanceof QDict && old instanceof QDict) {
      keyvalMerge(old, v, `${prefix}${k}.`);
    } else if (v instanceof QList && old instanceof QList) {
      for (const item of v) old.append(item);
    } else {
      dest.put(k, v);
    }
  }
}

/**
 * qobject_input_visitor_new_str's parsing: JSON when the string starts with '{', else keyval
 * with the implied key.
 */
export function parseJSONOrKeyval(str: string, impliedKey?: string): KeyvalResult {
  if (str.startsWith('{')) {
    let obj: QObject;
    try {
      obj = qobjectFromJson(str);
    } catch (e) {
      if (e instanceof JSONValueError) throw new KeyvalError(e.message);
      throw e;
    }
    if (!(obj instanceof QDict)) throw new KeyvalError('JSON is not an object');
    return { dict: obj, help: false };
  }
  return keyvalParse(str, impliedKey);
}
