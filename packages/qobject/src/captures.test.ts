import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  JSONStreamer,
  parseJSON,
  QDICT_BUCKET_MAX,
  QDict,
  QList,
  type QObject,
  qdictHash,
  toJSON,
} from './index.js';

// Differential checks against real QEMU 7.2 / qemu-ga output (../shared/reference beside the checkout).
const ref = join(import.meta.dirname, '../../../../shared/reference/qemu-7.2');
const have = existsSync(ref);
if (!have) console.warn(`qobject capture tests skipped: ${ref} not found`);

interface Pair {
  name?: string;
  request?: string;
  request_suffix?: string;
  response_raw?: string;
}

/** Whether re-inserting a dict's keys in printed order reproduces that order (no shared hash bucket). */
function orderIsUnambiguous(q: QObject): boolean {
  if (q instanceof QList) return [...q].every(orderIsUnambiguous);
  if (!(q instanceof QDict)) return true;
  const buckets = q.keys().map((k) => qdictHash(k) % QDICT_BUCKET_MAX);
  return new Set(buckets).size === buckets.length && q.entries().every(([, v]) => orderIsUnambiguous(v));
}

function replies(raw: string): string[] {
  return raw.split(/\r?\n/).filter((l) => l.length > 0);
}

describe.skipIf(!have)('QEMU 7.2 captures', () => {
  const files = have
    ? [
        ...readdirSync(join(ref, 'qga'))
          .filter((f) => f.endsWith('.json'))
          .map((f) => join(ref, 'qga', f)),
        join(ref, 'qmp', 'errors.json'),
      ]
    : [];
  const pairs: Pair[] = files.flatMap((f) => {
    const d = JSON.parse(readFileSync(f, 'utf8'));
    return Array.isArray(d) ? d : [d];
  });

  test('every reply QEMU wrote is re-written byte for byte (where dict order is unambiguous)', () => {
    let checked = 0;
    for (const p of pairs) {
      for (const line of replies((p.response_raw ?? '').replace(/^[\xff\ufffd]/, ''))) {
        const q = parseJSON(line);
        if (!orderIsUnambiguous(q)) continue;
        expect(toJSON(q), p.name ?? p.request).toBe(line);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(80);
  });

  test('malformed requests give the JSON errors QEMU gave, in order', () => {
    let checked = 0;
    for (const p of pairs) {
      if (p.request === undefined || p.response_raw === undefined) continue;
      const expected = replies(p.response_raw.replace(/^[\xff\ufffd]/, ''))
        .map((l) => JSON.parse(l))
        .map((r) => r.error?.desc)
        .filter((d: string | undefined) => d?.startsWith('JSON'));
      if (expected.length === 0) continue;
      const got: string[] = [];
      const s = new JSONStreamer({ onValue: () => {}, onError: (e) => got.push(e.message) });
      // The captures store the request as text; "0xff" names the single byte that was sent.
      const bytes =
        p.name === 'invalid-json-stray-byte-0xff' ? Buffer.from([0xff]) : Buffer.from(p.request, 'latin1');
      s.feed(bytes);
      s.feed(p.request_suffix === '\\n' ? '\n' : '');
      expect(got, p.name ?? p.request).toEqual(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });
});
