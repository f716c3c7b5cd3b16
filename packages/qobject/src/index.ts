export { fromJS, type JSValue, toJS } from './convert.js';
export { JSONLexer, type Token, type TokenType } from './json-lexer.js';
export { JSONParseError, parseString } from './json-parser.js';
export {
  JSONLimitError,
  JSONStreamer,
  type JSONStreamerCallbacks,
  MAX_NESTING,
  MAX_TOKEN_COUNT,
  MAX_TOKEN_SIZE,
  parseJSON,
} from './json-streamer.js';
export { formatDouble, quoteString, type ToJSONOptions, toJSON } from './json-writer.js';
export {
  QBool,
  QDICT_BUCKET_MAX,
  QDict,
  QList,
  QNull,
  QNum,
  type QNumKind,
  QObject,
  QObjectTypeError,
  QString,
  type QType,
  qdictHash,
  qnull,
} from './qobject.js';
