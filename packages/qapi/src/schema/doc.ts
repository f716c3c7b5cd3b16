// Doc comment blocks (QEMU: QAPIDoc in scripts/qapi/parser.py): a body, argument/member sections
// (`@name: text`), feature sections (after `Features:`), and tagged sections (Returns:, Since:, ...).
import { QAPIError, QAPIParseError, type QAPISourceInfo } from './source.js';

const SECTION_TAGS = new Set(['Returns:', 'Since:', 'Note:', 'Notes:', 'Example:', 'Examples:', 'TODO:']);

/** A run of doc text; `name` is the member/feature name or the tag (without ':'), null for untagged text. */
export class DocSection {
  text = '';
  constructor(
    readonly name: string | null,
    readonly info: QAPISourceInfo,
    private readonly indent = 0,
  ) {}

  append(line: string, info: QAPISourceInfo, col = 1): void {
    if (line) {
      const indent = /^\s*/.exec(line)![0].length;
      if (indent < this.indent) {
        throw new QAPIParseError(info, `unexpected de-indent (expected at least ${this.indent} spaces)`, col);
      }
      line = line.slice(this.indent);
    }
    this.text += `${line.trimEnd()}\n`;
  }
}

/** A member or feature description; `connected` is set once it is matched to a schema member. */
export class DocArgSection extends DocSection {
  connected = false;
}

type LineHandler = (line: string, info: QAPISourceInfo) => void;

export class QAPIDoc {
  /** The documented definition's name; null for a free-form block. */
  symbol: string | null = null;
  readonly body: DocSection;
  readonly args = new Map<string, DocArgSection>();
  readonly features = new Map<string, DocArgSection>();
  /** Tagged and untagged sections after the member descriptions, in order. */
  readonly sections: DocSection[] = [];
  private section: DocSection | null;
  /** Column of the comment being read, for error positions. */
  private col = 1;
  private appendLine: LineHandler;

  constructor(readonly info: QAPISourceInfo) {
    this.body = new DocSection(null, info);
    this.section = this.body;
    this.appendLine = this.appendBodyLine;
  }

  hasSection(name: string): boolean {
    return this.sections.some((s) => s.name === name);
  }

  section_(name: string): DocSection | undefined {
    return this.sections.find((s) => s.name === name);
  }

  /** Feed one raw comment line (starting with '#'). */
  append(raw: string, info: QAPISourceInfo, col = 1): void {
    this.col = col;
    let line = raw.slice(1);
    if (!line) {
      this.appendFreeform(line, info);
      return;
    }
    if (line[0] !== ' ') throw new QAPIParseError(info, 'missing space after #', this.col);
    line = line.slice(1);
    this.appendLine(line, info);
  }

  endComment(info: QAPISourceInfo, col = 1): void {
    this.col = col;
    this.endSection(info);
  }

  private appendBodyLine = (line: string, info: QAPISourceInfo): void => {
    const name = line.split(' ', 1)[0];
    if (!this.symbol && !this.body.text && line.startsWith('@')) {
      if (!line.endsWith(':')) throw new QAPIParseError(info, "line should end with ':'", this.col);
      this.symbol = line.slice(1, -1);
      if (!this.symbol) throw new QAPIParseError(info, 'invalid name', this.col);
    } else if (this.symbol) {
      if (name.startsWith('@') && name.endsWith(':')) {
        this.appendLine = this.appendArgsLine;
        this.appendArgsLine(line, info);
      } else if (line === 'Features:') {
        this.appendLine = this.appendFeaturesLine;
      } else if (SECTION_TAGS.has(name)) {
        this.appendLine = this.appendVariousLine;
        this.appendVariousLine(line, info);
      } else {
        this.appendFreeform(line, info);
      }
    } else {
      this.appendFreeform(line, info);
    }
  };

  private symbolLine(line: string, info: QAPISourceInfo, into: Map<string, DocArgSection>): void {
    const name = line.split(' ', 1)[0];
    let indent = /^@\S*:\s*/.exec(line)![0].length;
    let rest = line.slice(indent);
    if (!rest) indent = 0;
    else rest = ' '.repeat(indent) + rest;
    this.startSymbolSection(into, name.slice(1, -1), indent, info);
    this.appendFreeform(rest, info);
  }

  private appendArgsLine = (line: string, info: QAPISourceInfo): void => {
    const name = line.split(' ', 1)[0];
    if (name.startsWith('@') && name.endsWith(':')) {
      this.symbolLine(line, info, this.args);
      return;
    }
    if (SECTION_TAGS.has(name)) {
      this.appendLine = this.appendVariousLine;
      this.appendVariousLine(line, info);
      return;
    }
    if (this.section!.text.endsWith('\n\n') && line && !/^\s/.test(line)) {
      if (line === 'Features:') {
        this.appendLine = this.appendFeaturesLine;
      } else {
        this.startSection(null, 0, info);
        this.appendLine = this.appendVariousLine;
        this.appendVariousLine(line, info);
      }
      return;
    }
    this.appendFreeform(line, info);
  };

  private appendFeaturesLine = (line: string, info: QAPISourceInfo): void => {
    const name = line.split(' ', 1)[0];
    if (name.startsWith('@') && name.endsWith(':')) {
      this.symbolLine(line, info, this.features);
      return;
    }
    if (SECTION_TAGS.has(name)) {
      this.appendLine = this.appendVariousLine;
      this.appendVariousLine(line, info);
      return;
    }
    if (this.section!.text.endsWith('\n\n') && line && !/^\s/.test(line)) {
      this.startSection(null, 0, info);
      this.appendLine = this.appendVariousLine;
      this.appendVariousLine(line, info);
      return;
    }
    this.appendFreeform(line, info);
  };

  private appendVariousLine = (line: string, info: QAPISourceInfo): void => {
    const name = line.split(' ', 1)[0];
    if (name.startsWith('@') && name.endsWith(':')) {
      throw new QAPIParseError(info, `'${name}' can't follow '${this.sections[0]?.name}' section`, this.col);
    }
    if (SECTION_TAGS.has(name)) {
      let indent = /^\S*:\s*/.exec(line)![0].length;
      line = line.slice(indent);
      if (!line) indent = 0;
      else line = ' '.repeat(indent) + line;
      this.startSection(name.slice(0, -1), indent, info);
    }
    this.appendFreeform(line, info);
  };

  private startSymbolSection(
    into: Map<string, DocArgSection>,
    name: string,
    indent: number,
    info: QAPISourceInfo,
  ): void {
    if (!name) throw new QAPIParseError(info, 'invalid parameter name', this.col);
    if (into.has(name)) throw new QAPIParseError(info, `'${name}' parameter name duplicated`, this.col);
    this.endSection(info);
    this.section = new DocArgSection(name, info, indent);
    into.set(name, this.section as DocArgSection);
  }

  private startSection(name: string | null, indent: number, info: QAPISourceInfo): void {
    if ((name === 'Returns' || name === 'Since') && this.hasSection(name)) {
      throw new QAPIParseError(info, `duplicated '${name}' section`, this.col);
    }
    this.endSection(info);
    this.section = new DocSection(name, info, indent);
    this.sections.push(this.section);
  }

  private endSection(info: QAPISourceInfo): void {
    if (!this.section) return;
    this.section.text = this.section.text.trim();
    if (this.section.name && !this.section.text) {
      throw new QAPIParseError(info, `empty doc section '${this.section.name}'`, this.col);
    }
    this.section = null;
  }

  private appendFreeform(line: string, info: QAPISourceInfo): void {
    const m = /^(@\S+:)/.exec(line);
    if (m) throw new QAPIParseError(info, `'${m[1]}' not allowed in free-form documentation`, this.col);
    this.section!.append(line, info, this.col);
  }

  /** Match a member of the documented definition; undocumented members get an empty section. */
  connectMember(name: string): DocArgSection {
    let s = this.args.get(name);
    if (!s) {
      s = new DocArgSection(name, this.info);
      this.args.set(name, s);
    }
    s.connected = true;
    return s;
  }

  connectFeature(name: string, info: QAPISourceInfo): DocArgSection {
    const s = this.features.get(name);
    if (!s) throw new QAPIError(info, `feature '${name}' lacks documentation`);
    s.connected = true;
    return s;
  }

  /** Checks that need only the expression (QEMU: QAPIDoc.check_expr). */
  checkExpr(isCommand: boolean): void {
    if (this.hasSection('Returns') && !isCommand) {
      throw new QAPIError(this.info, "'Returns:' is only valid for commands");
    }
  }

  /** After members are connected: every documented member and feature must exist. */
  check(): void {
    const bogus = (m: Map<string, DocArgSection>, what: string): void => {
      const names = [...m.values()].filter((s) => !s.connected).map((s) => s.name!);
      if (names.length) {
        const many = names.length > 1;
        throw new QAPIError(
          this.info,
          `documented ${what}${many ? 's' : ''} '${names.join("', '")}' ${many ? 'do' : 'does'} not exist`,
        );
      }
    };
    bogus(this.args, 'member');
    bogus(this.features, 'feature');
  }
}
