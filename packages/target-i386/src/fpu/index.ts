export * from './floatx80.js';
export * from './floatx80-ops.js';
