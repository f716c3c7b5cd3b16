export * from './cpu.js';
export * from './cpu-models.js';
export * from './excp-helper.js';
export * from './fpu/index.js';
export * from './hflags.js';
export * from './misc-helper.js';
export * from './mmu.js';
export * from './seg-helper.js';
