export { type CommandLineResult, type EmulatorConfig, parseCommandLine } from './config.js';
export { Emulator, type EmulatorHost, PROGNAME, StartupError, VERSION } from './emulator.js';
export { ensureGuest, type GuestImages, guestCacheDir } from './guest-cache.js';
export { main } from './main.js';
export { Runstate, type ShutdownCause } from './runstate.js';
export { SCHEMA_PARTS, systemSchema } from './schema.js';
