// QEMU's QObject value model: QNull, QBool, QNum (int64 | uint64 | double), QString, QList, QDict.

/** QEMU's QType names (QTYPE_NONE ... QTYPE_QBOOL), without the prefix. */
export type QType = 'none' | 'null' | 'num' | 'dict' | 'list' | 'string' | 'bool';

export class QObjectTypeError extends TypeError {}

export abstract class QObject {
  abstract readonly type: QType;
  /** QEMU's qobject_is_equal(): integers never equal doubles; dicts compare as unordered sets. */
  abstract equals(other: QObject): boolean;
}

export class QNull extends QObject {
  readonly type = 'null' as const;
  static readonly instance = new QNull();
  private constructor() {
    super();
  }
  equals(other: QObject): boolean {
    return other instanceof QNull;
  }
}

/** The QNull singleton (QEMU's qnull()). */
export const qnull: QNull = QNull.instance;

export class QBool extends QObject {
  readonly type = 'bool' as const;
  constructor(readonly value: boolean) {
    super();
  }
  equals(other: QObject): boolean {
    return other instanceof QBool && other.value === this.value;
  }
}

export class QString extends QObject {
  readonly type = 'string' as const;
  constructor(readonly value: string) {
    super();
  }
  equals(other: QObject): boolean {
    return other instanceof QString && other.value === this.value;
  }
}

const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;
const U64_MAX = (1n << 64n) - 1n;

export type QNumKind = 'i64' | 'u64' | 'double';

/** A number as QEMU keeps it: signed 64-bit, unsigned 64-bit or double, never silently rounded. */
export class QNum extends QObject {
  readonly type = 'num' as const;
  private constructor(
    readonly kind: QNumKind,
    private readonly int: bigint,
    private readonly dbl: number,
  ) {
    super();
  }

  static fromInt(v: bigint | number): QNum {
    const b = toBigInt(v, 'fromInt');
    if (b < I64_MIN || b > I64_MAX) throw new RangeError(`${b} is out of range for int64`);
    return new QNum('i64', b, 0);
  }

  static fromUint(v: bigint | number): QNum {
    const b = toBigInt(v, 'fromUint');
    if (b < 0n || b > U64_MAX) throw new RangeError(`${b} is out of range for uint64`);
    return new QNum('u64', b, 0);
  }

  static fromDouble(v: number): QNum {
    return new QNum('double', 0n, v);
  }

  /** qnum_get_try_int(): the value as int64, if it is an integer that fits. */
  tryGetInt(): bigint | undefined {
    if (this.kind === 'double') return undefined;
    return this.int <= I64_MAX ? this.int : undefined;
  }

  /** qnum_get_try_uint(): the value as uint64, if it is a non-negative integer that fits. */
  tryGetUint(): bigint | undefined {
    if (this.kind === 'double') return undefined;
    return this.int >= 0n ? this.int : undefined;
  }

  getInt(): bigint {
    const v = this.tryGetInt();
    if (v === undefined) throw new QObjectTypeError(`${this} is not representable as int64`);
    return v;
  }

  getUint(): bigint {
    const v = this.tryGetUint();
    if (v === undefined) throw new QObjectTypeError(`${this} is not representable as uint64`);
    return v;
  }

  /** qnum_get_double(): every QNum converts to double (integers possibly rounded). */
  getDouble(): number {
    return this.kind === 'double' ? this.dbl : Number(this.int);
  }

  /** A JS number when exact, else a bigint (integers beyond 2^53). */
  toNumber(): number | bigint {
    if (this.kind === 'double') return this.dbl;
    return this.int >= BigInt(Number.MIN_SAFE_INTEGER) && this.int <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(this.int)
      : this.int;
  }

  equals(other: QObject): boolean {
    if (!(other instanceof QNum)) return false;
    if (this.kind === 'double' || other.kind === 'double')
      return this.kind === other.kind && this.dbl === other.dbl;
    return this.int === other.int;
  }

  override toString(): string {
    return this.kind === 'double' ? String(this.dbl) : this.int.toString();
  }
}

function toBigInt(v: bigint | number, fn: string): bigint {
  if (typeof v === 'bigint') return v;
  if (!Number.isSafeInteger(v)) throw new RangeError(`QNum.${fn}: ${v} is not a safe integer; pass a bigint`);
  return BigInt(v);
}

export class QList extends QObject implements Iterable<QObject> {
  readonly type = 'list' as const;
  readonly #items: QObject[];
  constructor(items: Iterable<QObject> = []) {
    super();
    this.#items = [...items];
  }
  append(v: QObject): this {
    this.#items.push(v);
    return this;
  }
  at(i: number): QObject | undefined {
    return this.#items[i];
  }
  get size(): number {
    return this.#items.length;
  }
  [Symbol.iterator](): Iterator<QObject> {
    return this.#items[Symbol.iterator]();
  }
  equals(other: QObject): boolean {
    if (!(other instanceof QList) || other.size !== this.size) return false;
    return this.#items.every((v, i) => v.equals(other.at(i)!));
  }
}

/** QEMU's QDict hash (qdict.c): iteration order depends on it, and so does every reply QEMU prints. */
const utf8 = new TextEncoder();

export function qdictHash(key: string): number {
  const bytes = utf8.encode(key);
  let value = Math.imul(0x238f13af, bytes.length) >>> 0;
  for (let i = 0; i < bytes.length; i++) value = (value + (bytes[i]! << ((i * 5) % 24))) >>> 0;
  return (Math.imul(1103515243, value) + 12345) >>> 0;
}

export const QDICT_BUCKET_MAX = 512;

// Dict keys repeat (member names), so their buckets are memoised; the cache is bounded.
const bucketCache = new Map<string, number>();
function bucketOf(key: string): number {
  let b = bucketCache.get(key);
  if (b === undefined) {
    b = qdictHash(key) % QDICT_BUCKET_MAX;
    if (bucketCache.size > 4096) bucketCache.clear();
    bucketCache.set(key, b);
  }
  return b;
}

interface Entry {
  value: QObject;
  bucket: number;
  seq: number;
}

/**
 * A dictionary that iterates as QEMU's does: by hash bucket, and within a bucket newest first. That
 * order is what QEMU prints (`{"id": 7, "error": ...}`), so replies built here compare byte for byte.
 */
export class QDict extends QObject {
  readonly type = 'dict' as const;
  readonly #entries = new Map<string, Entry>();
  #seq = 0;
  #order: string[] | undefined;

  put(key: string, value: QObject): this {
    const e = this.#entries.get(key);
    if (e)
      e.value = value; // replaced in place, as qdict_put_obj() does
    else {
      this.#entries.set(key, { value, bucket: bucketOf(key), seq: this.#seq++ });
      this.#order = undefined;
    }
    return this;
  }
  get(key: string): QObject | undefined {
    return this.#entries.get(key)?.value;
  }
  has(key: string): boolean {
    return this.#entries.has(key);
  }
  delete(key: string): boolean {
    this.#order = undefined;
    return this.#entries.delete(key);
  }
  get size(): number {
    return this.#entries.size;
  }
  /** Keys in QEMU's iteration order. */
  keys(): string[] {
    if (!this.#order) {
      this.#order = [...this.#entries.keys()].sort((a, b) => {
        const ea = this.#entries.get(a)!;
        const eb = this.#entries.get(b)!;
        return ea.bucket - eb.bucket || eb.seq - ea.seq;
      });
    }
    return this.#order;
  }
  entries(): [string, QObject][] {
    return this.keys().map((k) => [k, this.#entries.get(k)!.value]);
  }

  #typed<T extends QObject>(key: string, cls: { prototype: T }, what: string): T {
    const v = this.get(key);
    if (v === undefined) throw new QObjectTypeError(`Parameter '${key}' is missing`);
    if (!(v instanceof (cls as unknown as typeof QObject)))
      throw new QObjectTypeError(`Invalid parameter type for '${key}', expected: ${what}`);
    return v as T;
  }
  getNum(key: string): QNum {
    return this.#typed(key, QNum, 'number');
  }
  getInt(key: string): bigint {
    const n = this.#typed(key, QNum, 'integer');
    const v = n.tryGetInt();
    if (v === undefined) throw new QObjectTypeError(`Invalid parameter type for '${key}', expected: integer`);
    return v;
  }
  getUint(key: string): bigint {
    const n = this.#typed(key, QNum, 'integer');
    const v = n.tryGetUint();
    if (v === undefined) throw new QObjectTypeError(`Invalid parameter type for '${key}', expected: integer`);
    return v;
  }
  getBool(key: string): boolean {
    return this.#typed(key, QBool, 'boolean').value;
  }
  getStr(key: string): string {
    return this.#typed(key, QString, 'string').value;
  }
  getDict(key: string): QDict {
    return this.#typed(key, QDict, 'object');
  }
  getList(key: string): QList {
    return this.#typed(key, QList, 'array');
  }
  tryGetStr(key: string): string | undefined {
    const v = this.get(key);
    return v instanceof QString ? v.value : undefined;
  }
  tryGetBool(key: string): boolean | undefined {
    const v = this.get(key);
    return v instanceof QBool ? v.value : undefined;
  }
  tryGetInt(key: string): bigint | undefined {
    const v = this.get(key);
    return v instanceof QNum ? v.tryGetInt() : undefined;
  }
  tryGetDict(key: string): QDict | undefined {
    const v = this.get(key);
    return v instanceof QDict ? v : undefined;
  }

  equals(other: QObject): boolean {
    if (!(other instanceof QDict) || other.size !== this.size) return false;
    for (const [k, e] of this.#entries) {
      const o = other.get(k);
      if (!o || !e.value.equals(o)) return false;
    }
    return true;
  }
}
