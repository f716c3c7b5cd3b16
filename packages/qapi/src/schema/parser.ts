// The QAPI schema reader (QEMU: QAPISchemaParser): JSON-like syntax with single-quoted strings,
// '#' comments and '##' doc blocks; 'include' and 'pragma' directives are processed here.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { QAPIDoc } from './doc.js';
import { QAPIError, QAPIParseError, QAPISourceInfo } from './source.js';

/** A parsed value: strings, booleans, arrays and objects (ordered; a Map so numeric keys keep order). */
export type ExprValue = string | boolean | ExprValue[] | ExprDict;
export type ExprDict = Map<string, ExprValue>;

/** One top-level expression with its position and the doc block right before it, if any. */
export interface ParsedExpr {
  expr: ExprDict;
  info: QAPISourceInfo;
  doc: QAPIDoc | null;
}

/** How the reader gets file contents; defaults to node:fs. */
export type ReadFile = (path: string) => string;

const defaultRead: ReadFile = (path) => readFileSync(path, 'utf8');

export class QAPISchemaParser {
  readonly exprs: ParsedExpr[] = [];
  readonly docs: QAPIDoc[] = [];
  private src = '';
  private readonly rootInfo: QAPISourceInfo;
  private lineInfo: QAPISourceInfo;
  private line = 1;
  private tok: string | null = null;
  private val: string | boolean | null = null;
  private pos = 0;
  private cursor = 0;
  private linePos = 0;

  constructor(
    readonly fname: string,
    private readonly included: Set<string> = new Set(),
    inclInfo: QAPISourceInfo | null = null,
    private readonly readFile: ReadFile = defaultRead,
    src?: string,
  ) {
    this.included.add(resolve(fname));
    this.rootInfo = QAPISourceInfo.root(fname, inclInfo);
    this.lineInfo = this.rootInfo;
    this.src = src ?? readFile(fname);
    this.parse();
  }

  private parse(): void {
    if (this.src === '' || !this.src.endsWith('\n')) this.src += '\n';
    let curDoc: QAPIDoc | null = null;
    this.accept();
    while (this.tok !== null) {
      const info = this.info;
      if (this.tok === '#') {
        rejectExprDoc(curDoc);
        for (const d of this.getDoc(info)) {
          curDoc = d;
          this.docs.push(d);
        }
        continue;
      }
      const expr = this.getExpr();
      if (!(expr instanceof Map)) throw new QAPIError(info, 'top-level expression must be an object');
      if (expr.has('include')) {
        rejectExprDoc(curDoc);
        if (expr.size !== 1) throw new QAPIError(info, "invalid 'include' directive");
        const include = expr.get('include');
        if (typeof include !== 'string') throw new QAPIError(info, "value of 'include' must be a string");
        const inclFname = pyJoin(pyDirname(this.fname), include);
        this.exprs.push({ expr: new Map([['include', inclFname]]), info, doc: null });
        const sub = this.include(include, info, inclFname);
        if (sub) {
          this.exprs.push(...sub.exprs);
          this.docs.push(...sub.docs);
        }
      } else if (expr.has('pragma')) {
        rejectExprDoc(curDoc);
        if (expr.size !== 1) throw new QAPIError(info, "invalid 'pragma' directive");
        const pragma = expr.get('pragma');
        if (!(pragma instanceof Map)) throw new QAPIError(info, "value of 'pragma' must be an object");
        for (const [name, value] of pragma) setPragma(name, value, info);
      } else {
        if (curDoc && !curDoc.symbol) throw new QAPIError(curDoc.info, 'definition documentation required');
        this.exprs.push({ expr, info, doc: curDoc });
      }
      curDoc = null;
    }
    rejectExprDoc(curDoc);
  }

  private include(include: string, info: QAPISourceInfo, inclFname: string): QAPISchemaParser | null {
    const abs = resolve(inclFname);
    for (let inf: QAPISourceInfo | null = info; inf; inf = inf.parent) {
      if (abs === resolve(inf.fname)) throw new QAPIError(info, `inclusion loop for ${include}`);
    }
    if (this.included.has(abs)) return null;
    let src: string;
    try {
      src = this.readFile(inclFname);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const why = e.code === 'ENOENT' ? 'No such file or directory' : (e.message ?? String(e));
      throw new QAPIError(info, `can't read include file '${inclFname}': ${why}`);
    }
    return new QAPISchemaParser(inclFname, this.included, info, this.readFile, src);
  }

  /** Position of the current line; made on demand, one per line as QEMU's next_line() does. */
  private get info(): QAPISourceInfo {
    if (this.lineInfo.line !== this.line) this.lineInfo = this.rootInfo.withLine(this.line);
    return this.lineInfo;
  }

  /** The current token, read through a call so TypeScript does not narrow it across accept(). */
  private peek(): string | null {
    return this.tok;
  }

  /** Column of the current token, counting tabs as QEMU does. */
  private col(): number {
    let col = 1;
    for (let i = this.linePos; i < this.pos; i++) {
      col = this.src[i] === '\t' ? ((col + 7) % 8) + 1 : col + 1;
    }
    return col;
  }

  private error(msg: string): QAPIParseError {
    return new QAPIParseError(this.info, msg, this.col());
  }

  /** Read the next token into tok/val; comments are returned only when skipComment is false. */
  private accept(skipComment = true): void {
    for (;;) {
      this.tok = this.src[this.cursor];
      this.pos = this.cursor;
      this.cursor++;
      this.val = null;
      const tok = this.tok;
      if (tok === '#') {
        if (this.src[this.cursor] === '#') skipComment = false;
        this.cursor = this.src.indexOf('\n', this.cursor);
        if (!skipComment) {
          this.val = this.src.slice(this.pos, this.cursor);
          return;
        }
      } else if ('{}:,[]'.includes(tok)) {
        return;
      } else if (tok === "'") {
        let str = '';
        let esc = false;
        for (;;) {
          const ch = this.src[this.cursor++];
          if (ch === '\n') throw this.error('missing terminating "\'"');
          if (esc) {
            if (ch !== '\\') throw this.error(`unknown escape \\${ch}`);
            esc = false;
          } else if (ch === '\\') {
            esc = true;
            continue;
          } else if (ch === "'") {
            this.val = str;
            return;
          }
          const code = ch.charCodeAt(0);
          if (code < 32 || code >= 127) throw this.error('funny character in string');
          str += ch;
        }
      } else if (this.src.startsWith('true', this.pos)) {
        this.tok = 't';
        this.val = true;
        this.cursor += 3;
        return;
      } else if (this.src.startsWith('false', this.pos)) {
        this.tok = 'f';
        this.val = false;
        this.cursor += 4;
        return;
      } else if (tok === '\n') {
        if (this.cursor === this.src.length) {
          this.tok = null;
          return;
        }
        this.line++;
        this.linePos = this.cursor;
      } else if (!/\s/.test(tok)) {
        const m = /^[^[\]{}:,\s'"]+/.exec(this.src.slice(this.cursor - 1));
        throw this.error(`stray '${m ? m[0] : tok}'`);
      }
    }
  }

  private getMembers(): ExprDict {
    const expr: ExprDict = new Map();
    if (this.tok === '}') {
      this.accept();
      return expr;
    }
    if (this.tok !== "'") throw this.error("expected string or '}'");
    for (;;) {
      const key = this.val as string;
      this.accept();
      if (this.peek() !== ':') throw this.error("expected ':'");
      this.accept();
      if (expr.has(key)) throw this.error(`duplicate key '${key}'`);
      expr.set(key, this.getExpr());
      if (this.peek() === '}') {
        this.accept();
        return expr;
      }
      if (this.peek() !== ',') throw this.error("expected ',' or '}'");
      this.accept();
      if (this.peek() !== "'") throw this.error('expected string');
    }
  }

  private getValues(): ExprValue[] {
    const expr: ExprValue[] = [];
    if (this.tok === ']') {
      this.accept();
      return expr;
    }
    if (this.tok === null || !"{['tf".includes(this.tok)) {
      throw this.error("expected '{', '[', ']', string, or boolean");
    }
    for (;;) {
      expr.push(this.getExpr());
      if (this.tok === ']') {
        this.accept();
        return expr;
      }
      if (this.tok !== ',') throw this.error("expected ',' or ']'");
      this.accept();
    }
  }

  private getExpr(): ExprValue {
    if (this.tok === '{') {
      this.accept();
      return this.getMembers();
    }
    if (this.tok === '[') {
      this.accept();
      return this.getValues();
    }
    if (this.tok !== null && "'tf".includes(this.tok)) {
      const v = this.val as string | boolean;
      this.accept();
      return v;
    }
    throw this.error("expected '{', '[', string, or boolean");
  }

  private getDoc(info: QAPISourceInfo): QAPIDoc[] {
    if (this.val !== '##') throw this.error("junk after '##' at start of documentation comment");
    const docs: QAPIDoc[] = [];
    let cur = new QAPIDoc(info);
    this.accept(false);
    while (this.tok === '#') {
      const val = this.val as string;
      if (val.startsWith('##')) {
        if (val !== '##') throw this.error("junk after '##' at end of documentation comment");
        cur.endComment(this.info, this.col());
        docs.push(cur);
        this.accept();
        return docs;
      }
      if (val.startsWith('# =')) {
        if (cur.symbol) throw this.error("unexpected '=' markup in definition documentation");
        if (cur.body.text) {
          cur.endComment(this.info, this.col());
          docs.push(cur);
          cur = new QAPIDoc(info);
        }
      }
      cur.append(val, this.info, this.col());
      this.accept(false);
    }
    throw this.error("documentation comment must end with '##'");
  }
}

// Include paths are joined as QEMU's Python does (os.path.join/dirname, no normalization), so file
// names in messages and module names match QEMU's.
function pyDirname(p: string): string {
  const i = p.lastIndexOf('/');
  if (i < 0) return '';
  const head = p.slice(0, i + 1);
  return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '');
}

function pyJoin(a: string, b: string): string {
  if (b.startsWith('/') || !a) return b;
  return a.endsWith('/') ? a + b : `${a}/${b}`;
}

function rejectExprDoc(doc: QAPIDoc | null): void {
  if (doc?.symbol) {
    throw new QAPIError(doc.info, `documentation for '${doc.symbol}' is not followed by the definition`);
  }
}

function setPragma(name: string, value: ExprValue, info: QAPISourceInfo): void {
  const listStr = (): string[] => {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw new QAPIError(info, `pragma ${name} must be a list of strings`);
    }
    return value as string[];
  };
  const pragma = info.pragma;
  if (name === 'doc-required') {
    if (typeof value !== 'boolean') throw new QAPIError(info, "pragma 'doc-required' must be boolean");
    pragma.docRequired = value;
  } else if (name === 'command-name-exceptions') {
    // The exception lists add up across modules: QEMU sets them once for its whole schema, while
    // tsemu composes one schema from several packages' files, each naming its own exceptions.
    pragma.commandNameExceptions = [...pragma.commandNameExceptions, ...listStr()];
  } else if (name === 'command-returns-exceptions') {
    pragma.commandReturnsExceptions = [...pragma.commandReturnsExceptions, ...listStr()];
  } else if (name === 'member-name-exceptions') {
    pragma.memberNameExceptions = [...pragma.memberNameExceptions, ...listStr()];
  } else {
    throw new QAPIError(info, `unknown pragma '${name}'`);
  }
}
