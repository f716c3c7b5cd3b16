export {
  type ChardevBackend,
  ChardevError,
  type ChardevLookup,
  type ChardevMux,
  type ChardevOptValue,
  chardevBackendFromOpts,
  chardevBackendNames,
  chardevOptsDesc,
  createChardev,
} from './backend.js';
export { type ChardevFile, errnoText, FileChardev } from './backends/file.js';
export { MAX_MUX, MuxChardev, type MuxHooks } from './backends/mux.js';
export { NullChardev } from './backends/null.js';
export { type ChardevHostdev, PipeChardev } from './backends/pipe.js';
export { PtyChardev, ptyAddon } from './backends/pty.js';
export { type ChardevRingbuf, RingbufChardev } from './backends/ringbuf.js';
export { SerialChardev } from './backends/serial.js';
export { type ChardevSocket, type SocketAddressLegacy, SocketChardev } from './backends/socket.js';
export { type ChardevStdio, StdioChardev } from './backends/stdio.js';
export { Chardev, type ChardevCommon } from './chardev.js';
export { ChrEvent } from './event.js';
export { CharBackend, type ChrFrontendHandlers } from './frontend.js';
export { CHARDEV_SCHEMA_PATH, chardevSchema, registerChardevCommands } from './qmp.js';
export { type ChardevInfo, ChardevRegistry, type ChardevRegistryHooks } from './registry.js';
