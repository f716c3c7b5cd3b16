// Plain JS values <-> QObjects.
import { QBool, QDict, QList, QNum, type QObject, QString, qnull } from './qobject.js';

export type JSValue = null | boolean | number | bigint | string | JSValue[] | { [key: string]: JSValue };

/**
 * Plain value to QObject. bigint → int64, or uint64 above the int64 range; number → int64 when it
 * is a safe integer (and not -0), else double; arrays → QList; other objects → QDict.
 */
export function fromJS(value: unknown): QObject {
  if (value === null || value === undefined) return qnull;
  switch (typeof value) {
    case 'boolean':
      return new QBool(value);
    case 'string':
      return new QString(value);
    case 'bigint':
      return value > (1n << 63n) - 1n ? QNum.fromUint(value) : QNum.fromInt(value);
    case 'number':
      return Number.isSafeInteger(value) && !Object.is(value, -0)
        ? QNum.fromInt(value)
        : QNum.fromDouble(value);
    case 'object': {
      if (value instanceof QNum || value instanceof QString || value instanceof QBool) return value;
      if (value instanceof QList || value instanceof QDict) return value;
      if (Array.isArray(value)) return new QList(value.map(fromJS));
      const d = new QDict();
      for (const [k, v] of Object.entries(value)) if (v !== undefined) d.put(k, fromJS(v));
      return d;
    }
    default:
      throw new TypeError(`cannot convert a ${typeof value} to a QObject`);
  }
}

/** QObject to plain value; integers outside the safe range become bigint. */
export function toJS(q: QObject): JSValue {
  switch (q.type) {
    case 'null':
    case 'none':
      return null;
    case 'bool':
      return (q as QBool).value;
    case 'string':
      return (q as QString).value;
    case 'num':
      return (q as QNum).toNumber();
    case 'list':
      return [...(q as QList)].map(toJS);
    case 'dict': {
      const o: { [key: string]: JSValue } = {};
      for (const [k, v] of (q as QDict).entries()) o[k] = toJS(v);
      return o;
    }
  }
}
