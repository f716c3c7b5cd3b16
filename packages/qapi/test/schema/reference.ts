// Locates QEMU 7.2's reference material beside the checkout (../shared/reference/qemu-7.2).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const REFERENCE = join(repoRoot, '..', 'shared', 'reference', 'qemu-7.2');
export const SCHEMA_DIR = join(REFERENCE, 'qapi-schema');
export const HAVE_REFERENCE = existsSync(join(SCHEMA_DIR, 'qapi-schema.json'));
if (!HAVE_REFERENCE) console.warn(`skipping QEMU 7.2 corpus tests: ${SCHEMA_DIR} is absent`);
