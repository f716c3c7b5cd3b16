// Parses one emitted token sequence into a QObject (json-parser.c behaviour and error wording).
import type { Token } from './json-lexer.js';
import { QBool, QDict, QList, QNum, type QObject, QString, qnull } from './qobject.js';

export class JSONParseError extends Error {
  constructor(detail: string) {
    super(`JSON parse error, ${detail}`);
    this.name = 'JSONParseError';
  }
}

const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;
const U64_MAX = (1n << 64n) - 1n;
const lossy = new TextDecoder('utf-8', { fatal: false });
const strict = new TextDecoder('utf-8', { fatal: true });

/** An error token's text as QEMU quotes it: invalid UTF-8 shows as U+FFFD. */
function tokenText(t: Token): string {
  return lossy.decode(t.bytes);
}

function parseNumber(t: Token): QNum {
  const text = String.fromCharCode(...t.bytes);
  if (t.type === 'integer') {
    const v = BigInt(text);
    if (v >= I64_MIN && v <= I64_MAX) return QNum.fromInt(v);
    if (v >= 0n && v <= U64_MAX) return QNum.fromUint(v);
  }
  return QNum.fromDouble(Number(text));
}

/** Decodes a string token: escapes, surrogate pairs, UTF-8 validation, no NUL. */
export function parseString(bytes: Uint8Array): string {
  const out: string[] = [];
  let run = 1;
  const flush = (end: number) => {
    if (end > run) {
      try {
        out.push(strict.decode(bytes.subarray(run, end)));
      } catch {
        throw new JSONParseError('invalid UTF-8 sequence in string');
      }
    }
  };
  const end = bytes.length - 1;
  let i = 1;
  while (i < end) {
    if (bytes[i] !== 0x5c) {
      i++;
      continue;
    }
    flush(i);
    const e = bytes[i + 1]!;
    i += 2;
    switch (e) {
      case 0x62:
        out.push('\b');
        break;
      case 0x66:
        out.push('\f');
        break;
      case 0x6e:
        out.push('\n');
        break;
      case 0x72:
        out.push('\r');
        break;
      case 0x74:
        out.push('\t');
        break;
      case 0x75: {
        let cp = Number.parseInt(String.fromCharCode(...bytes.subarray(i, i + 4)), 16);
        i += 4;
        if (cp >= 0xd800 && cp <= 0xdbff) {
          // A high surrogate must be followed by an escaped low surrogate.
          if (bytes[i] === 0x5c && bytes[i + 1] === 0x75) {
            const lo = Number.parseInt(String.fromCharCode(...bytes.subarray(i + 2, i + 6)), 16);
            if (lo >= 0xdc00 && lo <= 0xdfff) {
              cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
              i += 6;
            } else throw new JSONParseError('missing low surrogate in \\u escape');
          } else throw new JSONParseError('missing low surrogate in \\u escape');
        } else if (cp >= 0xdc00 && cp <= 0xdfff)
          throw new JSONParseError('stray low surrogate in \\u escape');
        // QEMU 7.2 takes \u0000 (it stores modified UTF-8, NUL as C0 80) and writes it back as \u0000.
        out.push(String.fromCodePoint(cp));
        break;
      }
      default:
        out.push(String.fromCharCode(e)); // " ' \ /
    }
    run = i;
  }
  flush(end);
  return out.join('');
}

/** Parses a complete token sequence (as the streamer emits it) into one value. */
export function parseTokens(tokens: Token[]): QObject {
  // A lexical error anywhere in the message is what QEMU reports.
  const bad = tokens.find((t) => t.type === 'error');
  if (bad) throw new JSONParseError(`stray '${tokenText(bad)}'`);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];

  const value = (): QObject => {
    const t = tokens[pos];
    if (!t) throw new JSONParseError('premature EOI');
    switch (t.type) {
      case 'lcurly':
        pos++;
        return object();
      case 'lsquare':
        pos++;
        return array();
      case 'string':
        pos++;
        return new QString(parseString(t.bytes));
      case 'integer':
      case 'float':
        pos++;
        return parseNumber(t);
      case 'keyword': {
        pos++;
        const word = tokenText(t);
        if (word === 'true') return new QBool(true);
        if (word === 'false') return new QBool(false);
        if (word === 'null') return qnull;
        throw new JSONParseError(`invalid keyword '${word}'`);
      }
      default:
        throw new JSONParseError('expecting value');
    }
  };

  const object = (): QDict => {
    const dict = new QDict();
    if (peek()?.type === 'rcurly') {
      pos++;
      return dict;
    }
    for (;;) {
      const key = value();
      if (!(key instanceof QString)) throw new JSONParseError('key is not a string in object');
      if (peek()?.type !== 'colon') throw new JSONParseError('missing : in object pair');
      pos++;
      dict.put(key.value, value());
      const sep = tokens[pos++];
      if (sep?.type === 'rcurly') return dict;
      if (sep?.type !== 'comma') throw new JSONParseError('expected separator in dict');
    }
  };

  const array = (): QList => {
    const list = new QList();
    if (peek()?.type === 'rsquare') {
      pos++;
      return list;
    }
    for (;;) {
      list.append(value());
      const sep = tokens[pos++];
      if (sep?.type === 'rsquare') return list;
      if (sep?.type !== 'comma') throw new JSONParseError('expected separator in list');
    }
  };

  const result = value();
  if (pos < tokens.length) throw new JSONParseError('expecting end of input');
  return result;
}
