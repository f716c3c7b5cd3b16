export * from './floatx80.js';
