// TypeScript spellings of QAPI names.

// Words a type name cannot be, in TypeScript: reserved words and the predefined type names.
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally ' +
    'for function if import in instanceof new null return super switch this throw true try typeof var void ' +
    'while with as implements interface let package private protected public static yield any boolean ' +
    'constructor declare get module require number set string symbol type from of unknown never object ' +
    'bigint undefined await async keyof readonly infer is asserts unique global satisfies accessor out'
  ).split(' '),
);

/** QEMU's c_name() for TypeScript: a QAPI name as an identifier ('q_obj_qom-get-arg' → 'q_obj_qom_get_arg'). */
export function tsName(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]/g, '_');
  return RESERVED.has(id) || /^[0-9]/.test(id) ? `q_${id}` : id;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A member name as an object key: bare when it is an identifier, else quoted. */
export function tsKey(name: string): string {
  return IDENT.test(name) ? name : `'${name}'`;
}

/** A string as a single-quoted TypeScript literal. */
export function tsString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** Doc text as a JSDoc comment (empty when there is no text). */
export function jsDoc(text: string | undefined, indent = ''): string {
  const t = text?.trim();
  if (!t) return '';
  const lines = t.replace(/\*\//g, '*\\/').split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} *${l ? ` ${l}` : ''}`).join('\n')}\n${indent} */\n`;
}
