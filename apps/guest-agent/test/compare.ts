// Comparing replies: their structure (member names and JSON types), and values where deterministic.

/** Member names and JSON types, values dropped (integers of any size are "number"). */
export function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, shape((v as Record<string, unknown>)[k])]),
    );
  if (typeof v === 'string' && /^-?\d+n$/.test(v)) return 'number';
  return v === null ? 'null' : typeof v;
}

/** The value with the members named in `paths` (dotted, `*` for any key or index) replaced by their shape. */
export function mask(v: unknown, paths: readonly string[]): unknown {
  const at = (x: unknown, parts: string[]): unknown => {
    if (parts.length === 0) return shape(x);
    const [head, ...rest] = parts;
    if (Array.isArray(x)) return x.map((e, i) => (head === '*' || head === String(i) ? at(e, rest) : e));
    if (x !== null && typeof x === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, e] of Object.entries(x)) out[k] = head === '*' || head === k ? at(e, rest) : e;
      return out;
    }
    return x;
  };
  return paths.reduce((x, p) => at(x, p.split('.')), v);
}
