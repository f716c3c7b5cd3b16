// Re-exported for device packages that may only depend on qdev (hw-pc).
export {
  type ObjectClass,
  objectClassByName,
  objectClassGetList,
  objectDynamicCast,
  objectGetCanonicalPath,
  objectGetRoot,
  objectPropertyAddChild,
  objectResolvePath,
  objectUnparent,
  objectUnref,
  QomError,
  QomObject,
  type TypeInfo,
  typeRegister,
} from '@tsemu/qom';
export * from './core.js';
export * from './global.js';
export * from './gpio.js';
export * from './monitor.js';
export { formatG, infoQtree, objectPropertyPrint, printHuman, sizeToStr } from './print.js';
export * from './properties.js';
export { QDEV_SCHEMA_PATH, qdevCommandHandlers, qdevSchema, registerQdevCommands } from './qmp.js';
export * from './reset.js';
export * from './timer.js';
