/**
 * HMP's integer expressions (QEMU's get_expr in monitor/hmp.c): C-style numbers (0x.., 0.., decimal),
 * `$register`, unary - + ~, binary & | ^ (tightest, as in QEMU), * / %, + -, and parentheses; 64-bit.
 */
export class HmpExprError extends Error {}

export type RegisterLookup = (name: string) => bigint | undefined;

const MASK = (1n << 64n) - 1n;

export function parseExpr(
  text: string,
  reg: RegisterLookup = () => undefined,
): { value: bigint; rest: string } {
  let p = 0;
  const ws = () => {
    while (p < text.length && (text[p] === ' ' || text[p] === '\t')) p++;
  };
  const peek = () => {
    ws();
    return text[p];
  };

  function unary(): bigint {
    const c = peek();
    if (c === '+') {
      p++;
      return unary();
    }
    if (c === '-') {
      p++;
      return -unary() & MASK;
    }
    if (c === '~') {
      p++;
      return ~unary() & MASK;
    }
    if (c === '(') {
      p++;
      const v = sum();
      if (peek() !== ')') throw new HmpExprError("')' expected");
      p++;
      return v;
    }
    if (c === "'") {
      const ch = text[p + 1];
      if (ch === undefined || text[p + 2] !== "'") throw new HmpExprError('invalid char in expression');
      p += 3;
      return BigInt(ch.charCodeAt(0));
    }
    if (c === '$') {
      p++;
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(p));
      if (!m) throw new HmpExprError('invalid char in expression');
      p += m[0].length;
      const v = reg(m[0]);
      if (v === undefined) throw new HmpExprError(`unknown register`);
      return v & MASK;
    }
    if (c === undefined) throw new HmpExprError('unexpected end of expression');
    const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(text.slice(p));
    if (!m) throw new HmpExprError('invalid char in expression');
    p += m[0].length;
    const s = m[0];
    const v = /^0[xX]/.test(s)
      ? BigInt(s)
      : s.length > 1 && s[0] === '0'
        ? BigInt(`0o${s.slice(1)}`)
        : BigInt(s);
    if (v > MASK) throw new HmpExprError('number too large');
    return v;
  }
  // QEMU's precedence: & | ^ bind tighter than * / %, which bind tighter than + -.
  function product(): bigint {
    let v = logic();
    for (;;) {
      const c = peek();
      if (c !== '*' && c !== '/' && c !== '%') return v;
      p++;
      const r = logic();
      if (c === '*') v = (v * r) & MASK;
      else {
        if (r === 0n) throw new HmpExprError('division by zero');
        v = c === '/' ? v / r : v % r;
      }
    }
  }
  function sum(): bigint {
    let v = product();
    for (;;) {
      const c = peek();
      if (c !== '+' && c !== '-') return v;
      p++;
      const r = product();
      v = (c === '+' ? v + r : v - r) & MASK;
    }
  }
  function logic(): bigint {
    let v = unary();
    for (;;) {
      const c = peek();
      if (c !== '&' && c !== '|' && c !== '^') return v;
      p++;
      const r = unary();
      v = c === '&' ? v & r : c === '|' ? v | r : v ^ r;
    }
  }
  const value = sum();
  ws();
  return { value, rest: text.slice(p) };
}
