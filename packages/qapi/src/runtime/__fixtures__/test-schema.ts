// A hand-written descriptor schema shaped like parts of QEMU's qapi-schema, for runtime tests.
import type { SchemaDesc } from '../descriptors.js';

export const testSchemaDesc: SchemaDesc = {
  types: [
    { meta: 'enum', name: 'RunState', members: ['debug', 'prelaunch', 'running', 'paused'] },
    {
      meta: 'struct',
      name: 'StatusInfo',
      members: [
        { name: 'running', type: 'bool' },
        { name: 'singlestep', type: 'bool' },
        { name: 'status', type: 'RunState' },
      ],
    },
    {
      meta: 'struct',
      name: 'q_obj_qom-get-arg',
      members: [
        { name: 'path', type: 'str' },
        { name: 'property', type: 'str' },
      ],
    },
    {
      meta: 'struct',
      name: 'q_obj_qom-list-types-arg',
      members: [
        { name: 'implements', type: 'str', optional: true },
        { name: 'abstract', type: 'bool', optional: true },
      ],
    },
    {
      meta: 'struct',
      name: 'ObjectTypeInfo',
      members: [
        { name: 'name', type: 'str' },
        { name: 'abstract', type: 'bool', optional: true },
        { name: 'parent', type: 'str', optional: true },
      ],
    },
    {
      meta: 'enum',
      name: 'ObjectType',
      members: ['memory-backend-ram', 'iothread', { name: 'old-thing', features: ['deprecated'] }],
    },
    {
      meta: 'struct',
      name: 'MemoryBackendProperties',
      members: [
        { name: 'size', type: 'size' },
        { name: 'share', type: 'bool', optional: true },
        {
          name: 'x-use-canonical-path-for-ramblock-id',
          type: 'bool',
          optional: true,
          features: ['unstable'],
        },
        { name: 'host-nodes', type: '[uint16]', optional: true },
      ],
    },
    {
      meta: 'struct',
      name: 'IothreadProperties',
      members: [
        { name: 'poll-max-ns', type: 'int64', optional: true },
        { name: 'poll-grow', type: 'int8', optional: true },
      ],
    },
    {
      meta: 'union',
      name: 'ObjectOptions',
      members: [
        { name: 'qom-type', type: 'ObjectType' },
        { name: 'id', type: 'str' },
      ],
      discriminator: 'qom-type',
      variants: {
        'memory-backend-ram': 'MemoryBackendProperties',
        iothread: 'IothreadProperties',
      },
    },
    {
      meta: 'alternate',
      name: 'StrOrNull',
      members: [
        { name: 's', type: 'str' },
        { name: 'n', type: 'null' },
      ],
    },
    {
      meta: 'alternate',
      name: 'BlockdevRef',
      members: [
        { name: 'definition', type: 'Nested' },
        { name: 'reference', type: 'str' },
      ],
    },
    {
      meta: 'struct',
      name: 'Nested',
      members: [
        { name: 'a', type: '[Inner]' },
        { name: 'ref', type: 'BlockdevRef', optional: true },
        { name: 'old', type: 'int', optional: true, features: ['deprecated'] },
      ],
    },
    {
      meta: 'struct',
      name: 'Inner',
      members: [
        { name: 'b', type: 'int' },
        { name: 'u', type: 'uint64', optional: true },
        { name: 'n', type: 'number', optional: true },
        { name: 'q', type: 'any', optional: true },
        { name: 't', type: 'QType', optional: true },
      ],
    },
    { meta: 'struct', name: 'q_obj_guest-sync-arg', members: [{ name: 'id', type: 'int' }] },
    {
      meta: 'struct',
      name: 'q_obj_SHUTDOWN-arg',
      members: [
        { name: 'guest', type: 'bool' },
        { name: 'reason', type: 'str' },
      ],
    },
    {
      meta: 'struct',
      name: 'q_obj_DEPRECATED_EV-arg',
      members: [{ name: 'gone', type: 'bool', optional: true, features: ['deprecated'] }],
    },
  ],
  commands: [
    { name: 'query-status', returns: 'StatusInfo', allowPreconfig: true },
    { name: 'qom-get', data: 'q_obj_qom-get-arg', returns: 'any' },
    { name: 'qom-list-types', data: 'q_obj_qom-list-types-arg', returns: '[ObjectTypeInfo]' },
    { name: 'object-add', data: 'ObjectOptions', boxed: true },
    { name: 'guest-sync', data: 'q_obj_guest-sync-arg', returns: 'int' },
    { name: 'guest-shutdown', successResponse: false },
    { name: 'query-name' },
    { name: 'x-unstable-cmd', features: ['unstable'] },
    { name: 'old-cmd', features: ['deprecated'] },
    { name: 'migrate-incoming-oob', allowOob: true },
    { name: 'device_add', gen: false },
    { name: 'nested', data: 'Nested', boxed: true, returns: 'Nested' },
  ],
  events: [
    { name: 'SHUTDOWN', data: 'q_obj_SHUTDOWN-arg' },
    { name: 'STOP' },
    { name: 'OLD_EVENT', features: ['deprecated'] },
    { name: 'DEPRECATED_EV', data: 'q_obj_DEPRECATED_EV-arg' },
  ],
};
