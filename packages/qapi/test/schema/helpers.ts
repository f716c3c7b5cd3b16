import { type LoadOptions, QAPISchema } from '../../src/index.js';

/** Load a schema from in-memory files; the root is 'main.json'. */
export function loadFiles(
  files: Record<string, string>,
  opts: Omit<LoadOptions, 'readFile'> = {},
): QAPISchema {
  return QAPISchema.load('main.json', {
    ...opts,
    readFile: (p) => {
      const src = files[p];
      if (src === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return src;
    },
  });
}

/** Load a one-file schema. */
export const loadSrc = (src: string, opts: Omit<LoadOptions, 'readFile'> = {}): QAPISchema =>
  loadFiles({ 'main.json': src }, opts);

/** The error message loading would throw. */
export function loadError(src: string | Record<string, string>): string {
  try {
    if (typeof src === 'string') loadSrc(src);
    else loadFiles(src);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('schema loaded without error');
}
