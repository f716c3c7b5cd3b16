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
