// All of @tsemu/qom: device packages may depend on qdev only (hw-pc) and use QOM through it.
export * from '@tsemu/qom';
export * from './core.js';
export * from './global.js';
export * from './gpio.js';
export * from './monitor.js';
export { formatG, infoQtree, objectPropertyPrint, printHuman, sizeToStr } from './print.js';
export * from './properties.js';
export {
  QDEV_SCHEMA_PATH,
  qdevCommandHandlers,
  qdevSchema,
  qdevSchemaDesc,
  registerQdevCommands,
} from './qmp.js';
export * from './reset.js';
export * from './timer.js';
