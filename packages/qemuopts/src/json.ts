/**
 * qobject_from_json (qobject/qjson.c) as the command line uses it for `-device '{...}'` and
 * friends: one JSON value, parsed with the message splitting of json-streamer.c, so a value cut
 * short reports "premature EOI" and anything after the value "Expecting at most one JSON value".
 */
import { JSONLexer, JSONParseError, parseJSON, type QObject, type Token } from '@tsemu/qobject';

/** A command-line JSON argument QEMU would reject; the message is QEMU's. */
export class JSONValueError extends Error {}

const text = (t: Token) => new TextDecoder().decode(t.bytes);

/** The error json_parser_parse reports for a token sequence that ended too early or went wrong. */
function parseErrorOf(tokens: Token[]): string {
  let pos = 0;
  const fail = (m: string): never => {
    throw new JSONParseError(m);
  };
  const value = (): void => {
    const t = tokens[pos++];
    if (!t) fail('premature EOI');
    switch (t!.type) {
      case 'lcurly':
        if (tokens[pos]?.type === 'rcurly') {
          pos++;
          return;
        }
        for (;;) {
          const k = tokens[pos];
          value();
          if (k?.type !== 'string') fail('key is not a string in object');
          const c = tokens[pos++];
          if (!c) fail('premature EOI');
          if (c!.type !== 'colon') fail('missing : in object pair');
          value();
          const sep = tokens[pos++];
          if (!sep) fail('premature EOI');
          if (sep!.type === 'rcurly') return;
          if (sep!.type !== 'comma') fail('expected separator in dict');
        }
      case 'lsquare':
        if (tokens[pos]?.type === 'rsquare') {
          pos++;
          return;
        }
        for (;;) {
          value();
          const sep = tokens[pos++];
          if (!sep) fail('premature EOI');
          if (sep!.type === 'rsquare') return;
          if (sep!.type !== 'comma') fail('expected separator in list');
        }
      case 'string':
      case 'integer':
      case 'float':
        return;
      case 'keyword':
        if (!['true', 'false', 'null'].includes(text(t!))) fail(`invalid keyword '${text(t!)}'`);
        return;
      default:
        fail('expecting value');
    }
  };
  try {
    value();
    return new JSONParseError('premature EOI').message;
  } catch (e) {
    return (e as Error).message;
  }
}

/** qobject_from_json: exactly one JSON value, or QEMU's error. */
export function qobjectFromJson(str: string): QObject {
  const tokens: Token[] = [];
  const lexer = new JSONLexer((t) => tokens.push(t));
  lexer.feed(new TextEncoder().encode(str));
  lexer.flush();
  // json_message_process_token: split the tokens into messages
  let result: QObject | undefined;
  let err: string | undefined;
  const consume = (json: QObject | undefined, e: string | undefined) => {
    if (result !== undefined) {
      result = undefined;
      err = 'Expecting at most one JSON value';
    }
    if (err !== undefined) return;
    result = json;
    err = e;
  };
  let msg: Token[] = [];
  let braces = 0;
  let brackets = 0;
  const emit = (json: QObject | undefined, e: string | undefined) => {
    braces = 0;
    brackets = 0;
    msg = [];
    consume(json, e);
  };
  const parse = (toks: Token[]) => {
    try {
      const src = toks.map(text).join(' ');
      return { json: parseJSON(src), e: undefined };
    } catch (x) {
      return { json: undefined, e: (x as Error).message };
    }
  };
  for (const t of tokens) {
    if (t.type === 'lcurly') braces++;
    else if (t.type === 'rcurly') braces--;
    else if (t.type === 'lsquare') brackets++;
    else if (t.type === 'rsquare') brackets--;
    else if (t.type === 'error') {
      emit(undefined, `JSON parse error, stray '${text(t)}'`);
      continue;
    }
    msg.push(t);
    if ((braces > 0 || brackets > 0) && braces >= 0 && brackets >= 0) continue;
    const r = parse(msg);
    emit(r.json, r.e);
  }
  if (msg.length > 0) emit(undefined, parseErrorOf(msg));
  if (result === undefined && err === undefined) err = 'Expecting a JSON value';
  if (err !== undefined) throw new JSONValueError(err);
  return result!;
}
