import { describe, expect, test } from 'vitest';
import { qbase64Decode } from './base64.js';

describe('qbase64Decode (QEMU checks, GLib decoding)', () => {
  test.each([
    ['', ''],
    ['aGVsbG8=', 'hello'],
    ['aGk=aGk=', 'hihi'], // reads on after padding
    ['aGk', ''], // an incomplete quad gives nothing
    ['aGVsbG8gd', 'hello '],
    ['a=b=', Buffer.from([0x68, 0x06]).toString('latin1')], // '=' counts as zero bits
    ['====', '\0'],
    ['aGk==', 'hi'], // a quad, then a lone '=' that never completes one
    ['aA==aA==', 'hh'],
  ])('%j', (input, want) => {
    expect(qbase64Decode(input).toString('latin1')).toBe(want);
  });
  test.each([
    ['aG k=', 'Base64 data contains invalid characters'],
    ['aGk\n', 'Base64 data contains invalid characters'],
    ['-_', 'Base64 data contains invalid characters'],
    ['aGk\0', 'Base64 data contains embedded NUL characters'],
  ])('%j is refused', (input, message) => {
    expect(() => qbase64Decode(input)).toThrow(message);
  });
});

test('megabytes decode (the fast path) as GLib would', () => {
  const data = Buffer.alloc(3 << 20, 0xa5);
  expect(qbase64Decode(data.toString('base64')).equals(data)).toBe(true);
});
