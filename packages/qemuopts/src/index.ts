export { formatArgvError, type ParsedOption, parseArgv, QemuArgvError, type QemuOptionDef } from './argv.js';
export {
  ConfigFileError,
  type ConfigFileSection,
  type ConfigSection,
  parseConfigFile,
  qdictFlatten,
  scalarText,
  writeConfigFile,
} from './config-file.js';
export {
  DEVICE_CATEGORIES,
  type DeviceCategory,
  type DeviceHelpInfo,
  deviceInfoLine,
  deviceListHelp,
  objectPropertyHelp,
  type PropertyHelpInfo,
  propertyListHelp,
} from './help.js';
export { JSONValueError, qobjectFromJson } from './json.js';
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
  shortFormBooleanWarning,
  splitParams,
} from './opts.js';
export { QapiOptsGroup } from './qapi-group.js';
export { qemuOptsFromQDict, qemuOptsToQDict } from './qdict.js';
export {
  type ConfigEntry,
  type OptionHandling,
  type ParseCommandLineOptions,
  parseQemuCommandLine,
  QEMU_OPTS_GROUPS,
  QEMU_SYSTEM_OPTIONS,
  QemuCommandLineError,
  QemuConfiguration,
  type QemuSystemOption,
  type ReadFile,
} from './qemu-system.js';
