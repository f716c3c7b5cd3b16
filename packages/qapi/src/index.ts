export * from './runtime/index.js';
export * from './schema/index.js';
