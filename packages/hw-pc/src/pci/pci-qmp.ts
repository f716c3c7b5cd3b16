// query-pci as a QMP command: the schema file (schema/pci.json) and its handler over a machine.
import { fileURLToPath } from 'node:url';
import type { PciInfo } from './pci-info.js';

/** The schema of query-pci and its types, for the QMP server's schema. */
export const PCI_SCHEMA_PATH = fileURLToPath(new URL('../../schema/pci.json', import.meta.url));

/** Handlers for a command registry, over whatever answers queryPci (the pc machine). */
export function pciCommandHandlers(machine: { queryPci(): PciInfo[] }): Record<string, () => PciInfo[]> {
  return { 'query-pci': () => machine.queryPci() };
}
