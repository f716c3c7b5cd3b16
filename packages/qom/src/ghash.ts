// A string-keyed map that iterates in the order GLib 2.74's GHashTable would (g_str_hash keys),
// because QEMU lists properties and types by walking such tables: qom-list, qom-list-types and
// qom-list-properties come out in that order, and partial path resolution visits children in it.

const MIN_SHIFT = 3;
const PRIME_MOD = [
  1, 2, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071, 262139, 524287,
  1048573, 2097143, 4194301, 8388593, 16777213, 33554393, 67108859, 134217689, 268435399, 536870909,
  1073741789, 2147483647,
];
const UNUSED = 0;
const TOMBSTONE = 1;

/** GLib's g_str_hash (djb2 over signed chars of the UTF-8 bytes), as an unsigned 32-bit value. */
export function gStrHash(key: string): number {
  let h = 5381;
  let ascii = true;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 128) {
      ascii = false;
      break;
    }
    h = (Math.imul(h, 33) + c) >>> 0;
  }
  if (ascii) return h;
  h = 5381;
  for (const b of Buffer.from(key, 'utf8')) {
    const c = b >= 128 ? b - 256 : b;
    h = (Math.imul(h, 33) + c) >>> 0;
  }
  return h;
}

export class GHashMap<V> implements Iterable<[string, V]> {
  private size = 1 << MIN_SHIFT;
  private mod = PRIME_MOD[MIN_SHIFT];
  private mask = this.size - 1;
  private nnodes = 0;
  private noccupied = 0;
  private hashes = new Uint32Array(this.size);
  private keysArr: (string | undefined)[] = new Array(this.size);
  private vals: (V | undefined)[] = new Array(this.size);

  get count(): number {
    return this.nnodes;
  }

  private static hashOf(key: string): number {
    const h = gStrHash(key);
    return Math.max(h, 2);
  }

  private toIndex(hash: number): number {
    // (hash * 11) % mod in guint arithmetic
    return (Math.imul(hash, 11) >>> 0) % this.mod;
  }

  private lookup(key: string, hash: number): number {
    let index = this.toIndex(hash);
    let step = 0;
    let tombstone = -1;
    let h = this.hashes[index];
    while (h !== UNUSED) {
      if (h === hash && this.keysArr[index] === key) return index;
      if (h === TOMBSTONE && tombstone < 0) tombstone = index;
      step++;
      index = (index + step) & this.mask;
      h = this.hashes[index];
    }
    return tombstone >= 0 ? tombstone : index;
  }

  has(key: string): boolean {
    const i = this.lookup(key, GHashMap.hashOf(key));
    return this.hashes[i] >= 2;
  }

  get(key: string): V | undefined {
    const i = this.lookup(key, GHashMap.hashOf(key));
    return this.hashes[i] >= 2 ? this.vals[i] : undefined;
  }

  set(key: string, value: V): this {
    const hash = GHashMap.hashOf(key);
    const i = this.lookup(key, hash);
    const old = this.hashes[i];
    if (old >= 2) {
      this.vals[i] = value;
      return this;
    }
    this.hashes[i] = hash;
    this.keysArr[i] = key;
    this.vals[i] = value;
    this.nnodes++;
    if (old === UNUSED) {
      this.noccupied++;
      this.maybeResize();
    }
    return this;
  }

  delete(key: string): boolean {
    const i = this.lookup(key, GHashMap.hashOf(key));
    if (this.hashes[i] < 2) return false;
    this.hashes[i] = TOMBSTONE;
    this.keysArr[i] = undefined;
    this.vals[i] = undefined;
    this.nnodes--;
    this.maybeResize();
    return true;
  }

  private maybeResize(): void {
    const { size, noccupied } = this;
    if ((size > this.nnodes * 4 && size > 1 << MIN_SHIFT) || size <= noccupied + Math.floor(noccupied / 16))
      this.resize();
  }

  private resize(): void {
    const oldSize = this.size;
    let n = Math.floor(this.nnodes * 1.333);
    let shift = 0;
    while (n) {
      n >>= 1;
      shift++;
    }
    shift = Math.max(shift, MIN_SHIFT);
    this.size = 1 << shift;
    this.mod = PRIME_MOD[shift];
    this.mask = this.size - 1;
    const newLen = Math.max(this.size, oldSize);
    const hashes = new Uint32Array(newLen);
    hashes.set(this.hashes.subarray(0, Math.min(oldSize, newLen)));
    this.hashes = hashes;
    this.keysArr.length = newLen;
    this.vals.length = newLen;
    // In-place rehash with eviction, as g_hash_table_resize does.
    const moved = new Uint8Array(newLen);
    for (let i = 0; i < oldSize; i++) {
      let nodeHash = this.hashes[i];
      if (nodeHash < 2) {
        this.hashes[i] = UNUSED;
        continue;
      }
      if (moved[i]) continue;
      this.hashes[i] = UNUSED;
      let key = this.keysArr[i];
      let val = this.vals[i];
      this.keysArr[i] = undefined;
      this.vals[i] = undefined;
      for (;;) {
        let idx = this.toIndex(nodeHash);
        let step = 0;
        while (moved[idx]) {
          step++;
          idx = (idx + step) & this.mask;
        }
        moved[idx] = 1;
        const replaced = this.hashes[idx];
        this.hashes[idx] = nodeHash;
        if (replaced < 2) {
          this.keysArr[idx] = key;
          this.vals[idx] = val;
          break;
        }
        nodeHash = replaced;
        const k = this.keysArr[idx];
        const v = this.vals[idx];
        this.keysArr[idx] = key;
        this.vals[idx] = val;
        key = k;
        val = v;
      }
    }
    if (this.size < oldSize) {
      this.hashes = this.hashes.slice(0, this.size);
      this.keysArr.length = this.size;
      this.vals.length = this.size;
    }
    this.noccupied = this.nnodes;
  }

  *[Symbol.iterator](): IterableIterator<[string, V]> {
    for (let i = 0; i < this.size; i++)
      if (this.hashes[i] >= 2) yield [this.keysArr[i] as string, this.vals[i] as V];
  }

  *values(): IterableIterator<V> {
    for (const [, v] of this) yield v;
  }

  *keys(): IterableIterator<string> {
    for (const [k] of this) yield k;
  }
}
