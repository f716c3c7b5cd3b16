export * from './cpu.js';
export * from './fpu/index.js';
