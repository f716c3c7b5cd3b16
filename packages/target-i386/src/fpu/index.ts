export * from './floatx80.js';
export * from './floatx80-ops.js';
export * from './fpu-exec.js';
export * from './x87-env.js';
export * from './x87-helpers.js';
export * from './x87-mem.js';
export * from './x87-state.js';
export * from './x87-transcendental.js';
