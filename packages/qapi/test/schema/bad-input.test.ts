// Bad-input cases as data, like QEMU's tests/qapi-schema: test/qapi-schema/<case>.json must fail with
// exactly the error text in <case>.err (context lines, `file:line[:col]: message`).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { QAPIError, QAPISchema } from '../../src/index.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'qapi-schema');
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();

describe('bad schema input', () => {
  it('has a case per rule', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases)('%s', (name) => {
    const expected = readFileSync(join(DIR, `${name}.err`), 'utf8').trimEnd();
    let error: unknown;
    try {
      // File names stay relative to the case directory, as QEMU's test runner has them.
      QAPISchema.load(`${name}.json`, { readFile: (p) => readFileSync(join(DIR, p), 'utf8') });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QAPIError);
    expect((error as QAPIError).message).toBe(expected);
  });
});
