// Source positions and errors of the QAPI schema front end, formatted as QEMU's scripts/qapi does:
// "In file included from a.json:3:" lines, then "a.json: In struct 'Foo':", then "a.json:12: message".

/** Pragmas in force for a file (QEMU: QAPISchemaPragma); an included file inherits its includer's. */
export class QAPIPragma {
  docRequired = false;
  commandNameExceptions: string[] = [];
  commandReturnsExceptions: string[] = [];
  memberNameExceptions: string[] = [];
}

/** Where an expression, member or doc comment comes from (QEMU: QAPISourceInfo). */
export class QAPISourceInfo {
  /** Meta-type and name of the definition this position belongs to, once known. */
  defnMeta: string | null = null;
  defnName: string | null = null;

  constructor(
    readonly fname: string,
    readonly line: number,
    readonly parent: QAPISourceInfo | null,
    readonly pragma: QAPIPragma,
  ) {}

  static root(fname: string, parent: QAPISourceInfo | null = null): QAPISourceInfo {
    return new QAPISourceInfo(fname, 1, parent, parent ? parent.pragma : new QAPIPragma());
  }

  withLine(line: number): QAPISourceInfo {
    const info = new QAPISourceInfo(this.fname, line, this.parent, this.pragma);
    info.defnMeta = this.defnMeta;
    info.defnName = this.defnName;
    return info;
  }

  setDefn(meta: string, name: string): void {
    this.defnMeta = meta;
    this.defnName = name;
  }

  loc(): string {
    return `${this.fname}:${this.line}`;
  }

  /** The context lines QEMU prints before the location. */
  context(): string {
    let ret = '';
    for (let p = this.parent; p; p = p.parent) ret = `In file included from ${p.loc()}:\n${ret}`;
    if (this.defnName) ret += `${this.fname}: In ${this.defnMeta} '${this.defnName}':\n`;
    return ret;
  }

  toString(): string {
    return this.context() + this.loc();
  }
}

/** Any error of the schema front end. `location` is `file:line` (or `file:line:col` for syntax errors). */
export class QAPIError extends Error {
  override name = 'QAPIError';
  constructor(
    readonly info: QAPISourceInfo | null,
    readonly msg: string,
    readonly col: number | null = null,
  ) {
    super(formatError(info, msg, col));
  }

  /** `file:line: message` without the context lines. */
  get short(): string {
    if (!this.info) return this.msg;
    return `${this.info.loc()}${this.col !== null ? `:${this.col}` : ''}: ${this.msg}`;
  }
}

function formatError(info: QAPISourceInfo | null, msg: string, col: number | null): string {
  if (!info) return msg;
  return `${info.toString()}${col !== null ? `:${col}` : ''}: ${msg}`;
}

/** A syntax error (QEMU: QAPIParseError); carries the column. */
export class QAPIParseError extends QAPIError {
  override name = 'QAPIParseError';
}
