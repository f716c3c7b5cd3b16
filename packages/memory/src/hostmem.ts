/**
 * Host memory backends (QEMU's backends/hostmem.c and hostmem-ram.c): the abstract
 * `memory-backend` QOM type with its properties, and `memory-backend-ram`, whose RAM region is
 * made when the object is completed. `-machine memory-backend=id` maps one as the guest's RAM.
 * tsemu's RAM is an ArrayBuffer: `share` backs it with a SharedArrayBuffer and `prealloc` touches
 * every page; `merge`, `dump`, `reserve` and the NUMA policy (checked as QEMU checks it) have no
 * host call to make. An accelerator that needs guest RAM in memory of its own (tsemu's wasm TCG
 * backend: a WebAssembly memory) provides the bytes through hostmemSetRamAllocator.
 */
import {
  enumType,
  objectClassByName,
  objectClassDynamicCast,
  objectClassPropertyAddLink,
  objectClassPropertyAddTyped,
  objectGetCanonicalPath,
  objectGetCanonicalPathComponent,
  objectGetTypename,
  objectPropertyAllowSetLink,
  QomError,
  QomObject,
  qomSchema,
  TYPE_OBJECT,
  TYPE_USER_CREATABLE,
  typeRegister,
  type UserCreatableClass,
} from '@tsemu/qom';
import { MemoryRegion } from './region.js';

export const TYPE_MEMORY_BACKEND = 'memory-backend';
export const TYPE_MEMORY_BACKEND_RAM = 'memory-backend-ram';

/** QEMU's MAX_NODES: host node numbers must stay below it */
const MAX_NODES = 128;

export type HostMemPolicy = 'default' | 'preferred' | 'bind' | 'interleave';

/** HostMemoryBackend */
export class HostMemoryBackend extends QomObject {
  size = 0n;
  merge = true;
  dump = true;
  prealloc = false;
  preallocThreads = 1;
  preallocContext: QomObject | undefined;
  share = false;
  reserve = true;
  useCanonicalPathForRamblockId = false;
  policy: HostMemPolicy = 'default';
  hostNodes: number[] = [];
  /** the RAM region, once the object is complete */
  mr: MemoryRegion | undefined;
  /** in use as guest RAM (then object-del refuses) */
  mapped = false;

  /** host_memory_backend_get_memory */
  getMemory(): MemoryRegion | undefined {
    return this.mr;
  }
}

/**
 * The host bytes of a memory-backend-ram of `size` bytes, or undefined for an ordinary ArrayBuffer
 * (a SharedArrayBuffer with share=on). Errors: RangeError when the memory cannot be had.
 */
export type HostmemRamAllocator = (backend: HostMemoryBackend, size: number) => Uint8Array | undefined;

let ramAllocator: HostmemRamAllocator | undefined;

/**
 * The allocator memory-backend-ram objects completed from now on take their RAM from (undefined:
 * ArrayBuffers). QEMU creates memory backends after the accelerator for the same reason: the
 * accelerator decides how guest RAM is allocated.
 */
export function hostmemSetRamAllocator(alloc: HostmemRamAllocator | undefined): void {
  ramAllocator = alloc;
}

/** host_memory_backend_get_name: the id, or the canonical path when asked for */
function backendName(b: HostMemoryBackend): string {
  if (!b.useCanonicalPathForRamblockId) return objectGetCanonicalPathComponent(b) ?? '';
  return objectGetCanonicalPath(b) ?? '';
}

function preallocate(mr: MemoryRegion): void {
  // ArrayBuffer pages are committed lazily by the host: writing every page commits them
  const host = mr.getRamPtr();
  for (let i = 0; i < host.length; i += 4096) host[i] = 0;
}

/** ram_backend_memory_alloc */
function ramBackendAlloc(b: HostMemoryBackend): MemoryRegion {
  if (!b.size) throw new QomError("can't create backend with size 0");
  const name = backendName(b);
  if (b.size > BigInt(Number.MAX_SAFE_INTEGER))
    throw new QomError(`cannot set up guest memory '${name}': Cannot allocate memory`);
  try {
    const size = Number(b.size);
    const host = ramAllocator?.(b, size);
    return MemoryRegion.ram(name, size, { owner: b, shared: b.share, host });
  } catch (e) {
    if (e instanceof RangeError)
      throw new QomError(`cannot set up guest memory '${name}': Cannot allocate memory`);
    throw e;
  }
}

/** Registers memory-backend and memory-backend-ram (once; the program calls it at start). */
export function hostmemRegisterTypes(): void {
  if (objectClassByName(TYPE_MEMORY_BACKEND)) return;
  const hostMemPolicy = enumType('HostMemPolicy', ['default', 'preferred', 'bind', 'interleave']);
  const be = (o: QomObject) => o as HostMemoryBackend;
  const inited = (o: QomObject, name: string) => {
    // QEMU's wording, trailing space included
    if (be(o).mr) throw new QomError(`cannot change property ${name} of ${objectGetTypename(o)} `);
  };
  typeRegister<HostMemoryBackend>({
    name: TYPE_MEMORY_BACKEND,
    parent: TYPE_OBJECT,
    abstract: true,
    instance: HostMemoryBackend,
    interfaces: [TYPE_USER_CREATABLE],
    classInit: (k) => {
      // host_memory_backend_class_init's order (qom-list-properties lists them in its hash order)
      objectClassPropertyAddTyped<boolean>(k, 'merge', 'bool', {
        get: (o) => be(o).merge,
        set: (o, v) => {
          be(o).merge = v;
        },
        description: 'Mark memory as mergeable',
      });
      objectClassPropertyAddTyped<boolean>(k, 'dump', 'bool', {
        get: (o) => be(o).dump,
        set: (o, v) => {
          be(o).dump = v;
        },
        description: "Set to 'off' to exclude from core dump",
      });
      objectClassPropertyAddTyped<boolean>(k, 'prealloc', 'bool', {
        get: (o) => be(o).prealloc,
        set: (o, v) => {
          const b = be(o);
          // turned on after the region exists: preallocate now, as QEMU does
          if (v && !b.prealloc && b.mr) preallocate(b.mr);
          b.prealloc = v;
        },
        description: 'Preallocate memory',
      });
      objectClassPropertyAddTyped<number>(k, 'prealloc-threads', 'uint32', {
        type: 'int',
        get: (o) => be(o).preallocThreads,
        set: (o, v) => {
          if (v <= 0)
            throw new QomError(
              `property 'prealloc-threads' of ${objectGetTypename(o)} doesn't take value '${v}'`,
            );
          be(o).preallocThreads = v;
        },
        description: 'Number of CPU threads to use for prealloc',
      });
      objectClassPropertyAddLink(
        k,
        'prealloc-context',
        'thread-context',
        'preallocContext',
        objectPropertyAllowSetLink,
      );
      const ctx = k.properties.get('prealloc-context');
      if (ctx) ctx.description = 'Context to use for creating CPU threads for preallocation';
      const size = objectClassPropertyAddTyped<bigint>(k, 'size', 'size', {
        type: 'int',
        get: (o) => be(o).size,
        set: (o, v) => {
          inited(o, 'size');
          if (v === 0n)
            throw new QomError(`property 'size' of ${objectGetTypename(o)} doesn't take value '0'`);
          be(o).size = v;
        },
        description: 'Size of the memory region (ex: 500M)',
      });
      size.mandatory = true;
      objectClassPropertyAddTyped<number[]>(k, 'host-nodes', qomSchema().type('[uint16]'), {
        type: 'int',
        get: (o) => [...be(o).hostNodes],
        set: (o, v) => {
          for (const n of v) if (n >= MAX_NODES) throw new QomError(`Invalid host-nodes value: ${n}`);
          be(o).hostNodes = [...v];
        },
        description: 'Binds memory to the list of NUMA host nodes',
      });
      objectClassPropertyAddTyped<HostMemPolicy>(k, 'policy', hostMemPolicy, {
        get: (o) => be(o).policy,
        set: (o, v) => {
          be(o).policy = v;
        },
        description: 'Set the NUMA policy',
      });
      objectClassPropertyAddTyped<boolean>(k, 'share', 'bool', {
        get: (o) => be(o).share,
        set: (o, v) => {
          if (be(o).mr) throw new QomError('cannot change property value');
          be(o).share = v;
        },
        description: 'Mark the memory as private to QEMU or shared',
      });
      objectClassPropertyAddTyped<boolean>(k, 'reserve', 'bool', {
        get: (o) => be(o).reserve,
        set: (o, v) => {
          if (be(o).mr) throw new QomError('cannot change property value');
          be(o).reserve = v;
        },
        description: 'Reserve swap space (or huge pages) if applicable',
      });
      objectClassPropertyAddTyped<boolean>(k, 'x-use-canonical-path-for-ramblock-id', 'bool', {
        get: (o) => be(o).useCanonicalPathForRamblockId,
        set: (o, v) => {
          be(o).useCanonicalPathForRamblockId = v;
        },
      });
      const uc = objectClassDynamicCast<UserCreatableClass>(k, TYPE_USER_CREATABLE) as UserCreatableClass;
      // host_memory_backend_memory_complete
      uc.complete = (o) => {
        const b = be(o);
        const alloc = objectGetTypename(o) === TYPE_MEMORY_BACKEND_RAM ? ramBackendAlloc : undefined;
        if (!alloc) return;
        const mr = alloc(b);
        if (b.hostNodes.length && b.policy === 'default')
          throw new QomError(
            'host-nodes must be empty for policy default, or you should explicitly specify a policy other than default',
          );
        if (!b.hostNodes.length && b.policy !== 'default')
          throw new QomError(`host-nodes must be set for policy ${b.policy}`);
        if (b.prealloc) preallocate(mr);
        b.mr = mr;
      };
      uc.canBeDeleted = (o) => !be(o).mapped;
    },
  });
  typeRegister({ name: TYPE_MEMORY_BACKEND_RAM, parent: TYPE_MEMORY_BACKEND });
}
