// Splits a byte stream into JSON messages as QEMU's json-streamer.c does: a message ends when its
// brackets balance (or go negative); errors are reported and parsing carries on with what follows.
import { JSONLexer, type Token } from './json-lexer.js';
import { JSONParseError, parseTokens } from './json-parser.js';
import { QBool, QDict, QList, QNum, type QObject, QString, qnull } from './qobject.js';

/** QEMU's limits (json-streamer.c). */
export const MAX_NESTING = 1024;
export const MAX_TOKEN_SIZE = 64 * 1024 * 1024;
export const MAX_TOKEN_COUNT = 2 * 1024 * 1024;

export interface JSONStreamerCallbacks {
  onValue(value: QObject): void;
  onError(error: JSONParseError): void;
}

export class JSONLimitError extends JSONParseError {
  constructor(message: string) {
    super('');
    this.message = message;
  }
}

const encoder = new TextEncoder();
const fatalDecoder = new TextDecoder('utf-8', { fatal: true });

// Text JSON.parse would read differently from QEMU: \u0000 and surrogate escapes, lone surrogates,
// floats (1.0 stays a double in QEMU), and integers long enough to lose precision as a double. Numbers
// only follow ':', '[' or ','; a string that merely looks like that just takes the slow path.
const NOT_PLAIN =
  /\\u0000|\\u[dD][89a-fA-F]|[\uD800-\uDFFF]|(?:^|[:[,])\s*-?[0-9]+[.eE]|(?:^|[:[,])\s*-?[0-9]{16}/;
const INDEX_KEY = /^(?:0|[1-9][0-9]*)$/;

class NotPlain extends Error {}

function fromPlain(v: unknown): QObject {
  if (v === null) return qnull;
  switch (typeof v) {
    case 'boolean':
      return new QBool(v);
    case 'string':
      return new QString(v);
    case 'number':
      return QNum.fromInt(v);
    default: {
      if (Array.isArray(v)) return new QList(v.map(fromPlain));
      const d = new QDict();
      for (const k of Object.keys(v as object)) {
        // JS objects reorder integer-like keys; QDict order depends on insertion order.
        if (INDEX_KEY.test(k)) throw new NotPlain();
        d.put(k, fromPlain((v as Record<string, unknown>)[k]));
      }
      return d;
    }
  }
}

function fastPath(input: string | Uint8Array): QObject | undefined {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = fatalDecoder.decode(input);
    } catch {
      return undefined;
    }
  }
  if (NOT_PLAIN.test(text)) return undefined;
  try {
    return fromPlain(JSON.parse(text));
  } catch {
    return undefined; // let the QEMU-dialect parser accept it or report QEMU's error
  }
}

export class JSONStreamer {
  readonly #lexer: JSONLexer;
  #tokens: Token[] = [];
  #braces = 0;
  #brackets = 0;
  #size = 0;

  constructor(private readonly cb: JSONStreamerCallbacks) {
    this.#lexer = new JSONLexer((t) => this.#token(t));
  }

  feed(chunk: Uint8Array | string): void {
    this.#lexer.feed(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
  }

  /** End of input (e.g. the peer closed): completes a pending number or keyword. */
  flush(): void {
    this.#lexer.flush();
  }

  /** Drops everything pending, as after a reconnect. */
  reset(): void {
    this.#lexer.flush();
    this.#clear();
  }

  #clear(): void {
    this.#tokens = [];
    this.#braces = 0;
    this.#brackets = 0;
    this.#size = 0;
  }

  #token(t: Token): void {
    switch (t.type) {
      case 'lcurly':
        this.#braces++;
        break;
      case 'rcurly':
        this.#braces--;
        break;
      case 'lsquare':
        this.#brackets++;
        break;
      case 'rsquare':
        this.#brackets--;
        break;
    }
    this.#tokens.push(t);
    this.#size += t.bytes.length;
    if (
      t.type === 'error' ||
      this.#braces < 0 ||
      this.#brackets < 0 ||
      (this.#braces === 0 && this.#brackets === 0)
    ) {
      const tokens = this.#tokens;
      this.#clear();
      let value: QObject;
      try {
        value = parseTokens(tokens);
      } catch (err) {
        if (!(err instanceof JSONParseError)) throw err;
        this.cb.onError(err);
        return;
      }
      this.cb.onValue(value);
      return;
    }
    let limit: string | undefined;
    if (this.#size > MAX_TOKEN_SIZE) limit = 'JSON token size limit exceeded';
    else if (this.#tokens.length > MAX_TOKEN_COUNT) limit = 'JSON token count limit exceeded';
    else if (this.#braces + this.#brackets > MAX_NESTING) limit = 'JSON nesting depth limit exceeded';
    if (limit) {
      this.#clear();
      this.cb.onError(new JSONLimitError(limit));
    }
  }
}

/**
 * qobject_from_json(): exactly one value. Plain JSON without 64-bit-sensitive numbers takes a
 * JSON.parse fast path; everything else goes through the QEMU-dialect lexer and parser.
 */
export function parseJSON(input: string | Uint8Array): QObject {
  const fast = fastPath(input);
  if (fast) return fast;
  const values: QObject[] = [];
  let error: JSONParseError | undefined;
  const s = new JSONStreamer({
    onValue: (v) => values.push(v),
    onError: (e) => {
      error ??= e;
    },
  });
  s.feed(input);
  s.flush();
  if (error) throw error;
  if (values.length === 0) throw new JSONParseError('expecting value');
  if (values.length > 1) throw new JSONParseError('expecting end of input');
  return values[0]!;
}
