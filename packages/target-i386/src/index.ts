export * from './fpu/index.js';
