// 'if' conditions: a symbol, {'all': [...]}, {'any': [...]} or {'not': ...} (QEMU: QAPISchemaIfCond).

export type IfExpr = string | { all: IfExpr[] } | { any: IfExpr[] } | { not: IfExpr };

/** A possibly absent condition attached to an entity, member, branch, enum value or feature. */
export class IfCond {
  static readonly NONE = new IfCond(null);
  constructor(readonly expr: IfExpr | null) {}

  isPresent(): boolean {
    return this.expr !== null;
  }

  /** True when the condition holds with exactly the symbols in `defined` true. */
  evaluate(defined: ReadonlySet<string>): boolean {
    return this.expr === null || evalIf(this.expr, defined);
  }

  /** C preprocessor form, e.g. `defined(CONFIG_A) && !defined(CONFIG_B)`. */
  cgen(): string {
    return this.expr === null ? '' : cgenIf(this.expr, true);
  }

  /** Human form for documentation, e.g. `CONFIG_A and not CONFIG_B`. */
  docgen(): string {
    return this.expr === null ? '' : docgenIf(this.expr, true);
  }

  /** Every symbol the condition mentions. */
  symbols(): string[] {
    const out: string[] = [];
    const walk = (e: IfExpr): void => {
      if (typeof e === 'string') out.push(e);
      else if ('not' in e) walk(e.not);
      else for (const x of 'all' in e ? e.all : e.any) walk(x);
    };
    if (this.expr !== null) walk(this.expr);
    return out;
  }
}

export function evalIf(e: IfExpr, defined: ReadonlySet<string>): boolean {
  if (typeof e === 'string') return defined.has(e);
  if ('not' in e) return !evalIf(e.not, defined);
  if ('all' in e) return e.all.every((x) => evalIf(x, defined));
  return e.any.some((x) => evalIf(x, defined));
}

function cgenIf(e: IfExpr, top: boolean): string {
  if (typeof e === 'string') return `defined(${e})`;
  if ('not' in e) return `!${cgenIf(e.not, false)}`;
  const [op, list] = 'all' in e ? [' && ', e.all] : [' || ', e.any];
  const txt = list.map((x) => cgenIf(x, false)).join(op);
  return top || list.length === 1 ? txt : `(${txt})`;
}

function docgenIf(e: IfExpr, top: boolean): string {
  if (typeof e === 'string') return e;
  if ('not' in e) return `not ${docgenIf(e.not, false)}`;
  const [op, list] = 'all' in e ? [' and ', e.all] : [' or ', e.any];
  const txt = list.map((x) => docgenIf(x, false)).join(op);
  return top || list.length === 1 ? txt : `(${txt})`;
}
