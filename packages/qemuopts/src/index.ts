export { formatArgvError, type ParsedOption, parseArgv, QemuArgvError, type QemuOptionDef } from './argv.js';
export {
  KeyvalError,
  type KeyvalResult,
  keyvalMerge,
  keyvalParse,
  keyvalParseInto,
  parseJSONOrKeyval,
  parseQapiName,
} from './keyval.js';
export {
  idWellformed,
  parseOptionBool,
  parseOptionNumber,
  parseOptionSize,
  type QemuOpt,
  type QemuOptDesc,
  QemuOpts,
  QemuOptsError,
  QemuOptsList,
  type QemuOptsListInit,
  type QemuOptType,
  splitParams,
} from './opts.js';
export { qemuOptsFromQDict, qemuOptsToQDict } from './qdict.js';
