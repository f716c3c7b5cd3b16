/**
 * The part of the WebAssembly JS API the backend uses, typed here: the project's lib settings (ES2023,
 * Node types) carry no WebAssembly declarations, and a DOM lib would bring in much more than this.
 */

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
export interface WasmModule {
  readonly __wasmModule?: never;
}
export interface WasmTable {
  set(index: number, fn: unknown): void;
  readonly length: number;
}
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
interface WasmApi {
  Memory: new (d: { initial: number; maximum?: number }) => WasmMemory;
  Table: new (d: { initial: number; element: 'anyfunc' }) => WasmTable;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (m: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  compile(bytes: Uint8Array): Promise<WasmModule>;
  validate(bytes: Uint8Array): boolean;
}

export const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
