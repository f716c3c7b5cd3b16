export * from './context.js';
export * from './dump.js';
export * from './ir.js';
