export * from './floatx80.js';
export * from './floatx80-ops.js';
export * from './x87-helpers.js';
export * from './x87-state.js';
