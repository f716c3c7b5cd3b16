import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseJSON, type QDict, type QObject, toJSON } from '@tsemu/qobject';
import { describe, expect, it } from 'vitest';
import { loadSchema, qobjectInput, qobjectOutput } from '../src/index.js';

// Every reply QEMU 7.2 gave in the captures, read back strictly as its command's return type and
// written out again: the visitors accept what QEMU produces, and write members in QEMU's order.
const refDir = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'reference', 'qemu-7.2');
const qmpDir = join(refDir, 'qmp');
const root = join(refDir, 'qapi-schema', 'qapi-schema.json');
const X86_64 = [
  'CONFIG_FDT',
  'CONFIG_REPLICATION',
  'CONFIG_SPICE',
  'CONFIG_TCG',
  'CONFIG_TPM',
  'CONFIG_VNC',
  'TARGET_I386',
  'CONFIG_LINUX',
  'CONFIG_POSIX',
];

interface Reply {
  file: string;
  command: string;
  value: QObject;
  text: string;
}

function replies(): Reply[] {
  const out: Reply[] = [];
  const walk = (dir: string, command?: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        walk(path, dir === qmpDir ? undefined : name);
        continue;
      }
      if (!name.endsWith('.json') || path === join(qmpDir, 'errors.json')) continue;
      const text = readFileSync(path, 'utf8');
      const data = JSON.parse(text);
      if (name === 'query-all-noarg.json') {
        for (const [cmd, rsp] of Object.entries<any>(data))
          if (rsp && typeof rsp === 'object' && 'return' in rsp) {
            const text = JSON.stringify(rsp.return);
            out.push({ file: `${path}#${cmd}`, command: cmd, value: parseJSON(text), text });
          }
        continue;
      }
      if (data && typeof data === 'object' && !Array.isArray(data) && 'return' in data) {
        // The raw reply text, for exact integers: the "return" member of the file.
        const q = parseJSON(text) as QDict;
        out.push({
          file: path,
          command: command ?? name.split('.')[0]!,
          value: q.get('return')!,
          text: JSON.stringify(data.return),
        });
      }
    }
  };
  walk(qmpDir);
  return out;
}

describe.skipIf(!existsSync(root) || !existsSync(qmpDir))('QEMU 7.2 replies through the visitors', () => {
  it('reads every captured reply as its return type and writes it back identically', () => {
    const schema = loadSchema(root, { defined: X86_64 });
    let checked = 0;
    const skipped: string[] = [];
    for (const r of replies()) {
      const cmd = schema.command(r.command);
      if (!cmd?.returns) {
        skipped.push(r.file);
        continue;
      }
      const value = qobjectInput(schema, cmd.returns, r.value as QObject);
      const back = toJSON(qobjectOutput(schema, cmd.returns, value));
      expect([r.file, JSON.stringify(JSON.parse(back))]).toEqual([r.file, r.text]);
      checked++;
    }
    expect(checked).toBe(142);
    // qmp_capabilities returns nothing ({}); the other files are not replies (greeting, event sequences).
    expect(skipped.map((f) => f.slice(qmpDir.length))).toEqual(['/nodefaults/qmp_capabilities.json']);
  });
});
