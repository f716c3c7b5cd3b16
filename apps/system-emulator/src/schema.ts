/**
 * The emulator's QMP schema: one root that includes the schemas of the packages whose commands it
 * serves (qmp's core commands and run-state events, qom, qdev, chardev) and the app's own
 * schema/system.json (query-cpus-fast, query-pci). The root exists only in memory: its includes are
 * the packages' installed schema files, wherever the package manager put them.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHARDEV_SCHEMA_PATH } from '@tsemu/chardev';
import { loadSchema, type QapiSchema } from '@tsemu/qapi';
import { QDEV_SCHEMA_PATH } from '@tsemu/qdev';
import { QMP_CORE_SCHEMA } from '@tsemu/qmp';
import { QOM_SCHEMA_PATH } from '@tsemu/qom';

export const SYSTEM_SCHEMA_PATH = fileURLToPath(new URL('../schema/system.json', import.meta.url));
export const CONFIG_SCHEMA_PATH = fileURLToPath(new URL('../schema/config.json', import.meta.url));

/** Included in this order: qom before qdev (qdev uses ObjectPropertyInfo). */
export const SCHEMA_PARTS: readonly string[] = [
  QMP_CORE_SCHEMA,
  QOM_SCHEMA_PATH,
  QDEV_SCHEMA_PATH,
  CHARDEV_SCHEMA_PATH,
  SYSTEM_SCHEMA_PATH,
  CONFIG_SCHEMA_PATH,
];

let cached: QapiSchema | undefined;

export function systemSchema(): QapiSchema {
  if (cached) return cached;
  const dir = dirname(SYSTEM_SCHEMA_PATH);
  const root = `${dir}/.tsemu-system-root.json`;
  const text = SCHEMA_PARTS.map((p) => `{ 'include': '${relative(dir, p)}' }\n`).join('');
  cached = loadSchema(root, { readFile: (f: string) => (f === root ? text : readFileSync(f, 'utf8')) });
  return cached;
}
