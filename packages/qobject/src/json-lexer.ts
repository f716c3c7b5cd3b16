// A byte-level lexer for QEMU's JSON dialect (json-lexer.c behaviour): JSON plus single-quoted strings.
// It takes input in arbitrary chunks; a token may be split anywhere.

export type TokenType =
  | 'lcurly'
  | 'rcurly'
  | 'lsquare'
  | 'rsquare'
  | 'colon'
  | 'comma'
  | 'integer'
  | 'float'
  | 'keyword'
  | 'string'
  | 'error';

export interface Token {
  type: TokenType;
  /** The token's bytes as they appeared (strings with quotes and escapes). */
  bytes: Uint8Array;
}

enum State {
  Start,
  String,
  StringEscape,
  StringHex,
  Number,
  Keyword,
  Recovery,
}

const STRUCTURAL: Record<number, TokenType> = {
  123: 'lcurly',
  125: 'rcurly',
  91: 'lsquare',
  93: 'rsquare',
  58: 'colon',
  44: 'comma',
};

const isWhitespace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
const isHex = (b: number) => isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46);
/** Bytes that never occur in UTF-8; 0xFF in particular is the client's "reset" byte. */
const isNeverUtf8 = (b: number) => b === 0xc0 || b === 0xc1 || b >= 0xf5;
const ESCAPES = new Set([0x22, 0x27, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

/** Number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, tracked as a small sub-state. */
enum Num {
  Minus,
  Zero,
  Int,
  Dot,
  Frac,
  Exp,
  ExpSign,
  ExpDigits,
}

export class JSONLexer {
  #state = State.Start;
  #buf: number[] = [];
  #quote = 0;
  #hexLeft = 0;
  #num = Num.Int;
  #float = false;

  constructor(private readonly emit: (t: Token) => void) {}

  #token(type: TokenType): void {
    this.emit({ type, bytes: Uint8Array.from(this.#buf) });
    this.#buf = [];
  }

  #error(): void {
    this.#token('error');
    this.#state = State.Recovery;
  }

  feed(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) this.#byte(chunk[i]!);
  }

  /** End of input: a pending number or keyword is complete; a pending string is not. */
  flush(): void {
    if (this.#state === State.Number || this.#state === State.Keyword) this.#byte(0x20);
    else if (this.#state !== State.Start && this.#state !== State.Recovery) this.#error();
    this.#state = State.Start;
  }

  #byte(b: number): void {
    switch (this.#state) {
      case State.Recovery:
        // After an error, skip to a resynchronisation point and read it afresh, as QEMU's lexer:
        // a structural character, an ASCII control character other than tab, or 0xFE/0xFF.
        // Spaces and tabs are skipped like garbage.
        if (STRUCTURAL[b] === undefined && !((b < 0x20 && b !== 0x09) || b >= 0xfe)) return;
        this.#state = State.Start;
        this.#byte(b);
        return;
      case State.Start: {
        this.#start(b);
        return;
      }
      case State.String:
        this.#buf.push(b);
        if (b === this.#quote) {
          this.#token('string');
          this.#state = State.Start;
        } else if (b === 0x5c) this.#state = State.StringEscape;
        else if (b < 0x20 || isNeverUtf8(b)) this.#error();
        return;
      case State.StringEscape:
        this.#buf.push(b);
        if (b === 0x75) {
          this.#state = State.StringHex;
          this.#hexLeft = 4;
        } else if (ESCAPES.has(b)) this.#state = State.String;
        else this.#error();
        return;
      case State.StringHex:
        this.#buf.push(b);
        if (!isHex(b)) {
          this.#error();
          return;
        }
        if (--this.#hexLeft === 0) this.#state = State.String;
        return;
      case State.Keyword:
        if (b >= 0x61 && b <= 0x7a) {
          this.#buf.push(b);
          return;
        }
        this.#token('keyword');
        this.#state = State.Start;
        {
          this.#byte(b);
          return;
        }
      case State.Number: {
        this.#number(b);
        return;
      }
    }
  }

  #start(b: number): void {
    if (isWhitespace(b)) return;
    const structural = STRUCTURAL[b];
    if (structural) {
      this.#buf.push(b);
      this.#token(structural);
      return;
    }
    this.#buf.push(b);
    if (b === 0x22 || b === 0x27) {
      this.#quote = b;
      this.#state = State.String;
    } else if (b >= 0x61 && b <= 0x7a) this.#state = State.Keyword;
    else if (b === 0x2d || isDigit(b)) {
      this.#state = State.Number;
      this.#float = false;
      this.#num = b === 0x2d ? Num.Minus : b === 0x30 ? Num.Zero : Num.Int;
    } else this.#error();
  }

  #number(b: number): void {
    const d = isDigit(b);
    let next: Num | undefined;
    switch (this.#num) {
      case Num.Minus:
        next = b === 0x30 ? Num.Zero : d ? Num.Int : undefined;
        if (next === undefined) {
          this.#buf.push(b);
          this.#error();
          return;
        }
        break;
      case Num.Zero:
      case Num.Int:
        if (d && this.#num === Num.Int) next = Num.Int;
        else if (b === 0x2e) next = Num.Dot;
        else if (b === 0x65 || b === 0x45) next = Num.Exp;
        break;
      case Num.Dot:
      case Num.Frac:
        if (d) next = Num.Frac;
        else if (this.#num === Num.Frac && (b === 0x65 || b === 0x45)) next = Num.Exp;
        break;
      case Num.Exp:
        next = b === 0x2b || b === 0x2d ? Num.ExpSign : d ? Num.ExpDigits : undefined;
        break;
      case Num.ExpSign:
      case Num.ExpDigits:
        if (d) next = Num.ExpDigits;
        break;
    }
    if (next !== undefined) {
      this.#buf.push(b);
      this.#num = next;
      if (next === Num.Dot || next === Num.Exp) this.#float = true;
      return;
    }
    // The number ends here; it must end in a complete state.
    if (this.#num === Num.Dot || this.#num === Num.Exp || this.#num === Num.ExpSign) {
      this.#buf.push(b);
      this.#error();
      return;
    }
    this.#token(this.#float ? 'float' : 'integer');
    this.#state = State.Start;
    this.#byte(b);
  }
}
