export {
  type AnyCommands,
  type QmpAddress,
  QmpClient,
  type QmpCommandMap,
  QmpDisconnectedError,
  QmpError,
  type QmpEvent,
  type QmpGreeting,
} from './client.js';
export {
  type CoreCommandsOptions,
  loadQmpCoreSchema,
  type MachineControl,
  type MonitorIoAccess,
  memoryDump,
  QMP_CORE_SCHEMA,
  type RunState,
  registerCoreCommands,
  type StatusInfo,
} from './core.js';
export { HmpExprError, parseExpr, type RegisterLookup } from './hmp/expr.js';
export {
  type HmpArg,
  type HmpArgType,
  type HmpCommand,
  type HmpContext,
  HmpError,
  type HmpFormat,
  HumanMonitor,
} from './hmp/hmp.js';
export { HmpTerminal, type HmpTerminalOptions } from './hmp/readline.js';
export {
  QMP_REQ_QUEUE_LEN_MAX,
  type QmpCapability,
  QmpMonitor,
  type QmpMonitorHost,
  type QmpMonitorOptions,
  type QmpQueued,
} from './qmp-monitor.js';
export { QmpServer, type QmpServerOptions, type VersionInfo } from './qmp-server.js';
export { parseAddress, parseShellLine, runShell } from './shell.js';
