/** Line-by-line comparison of two program outputs; reports the first difference with context. */
export function firstDifference(expected: string, actual: string, context = 3): string | undefined {
  const e = expected.split('\n');
  const a = actual.split('\n');
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] === a[i]) continue;
    const from = Math.max(0, i - context);
    const ctx = e.slice(from, i).map((l, k) => `  ${from + k + 1}: ${l}`);
    return [
      `first difference at line ${i + 1}`,
      ...ctx,
      `- qemu : ${e[i] ?? '<end of output>'}`,
      `+ tsemu: ${a[i] ?? '<end of output>'}`,
    ].join('\n');
  }
  return undefined;
}
