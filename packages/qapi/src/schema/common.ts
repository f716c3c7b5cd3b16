// Name mangling shared by the checker and generators (QEMU: scripts/qapi/common.py c_name).

const C_WORDS = new Set(
  (
    'auto break case char const continue default do double else enum extern float for goto if int long ' +
    'register return short signed sizeof static struct switch typedef union unsigned void volatile while ' +
    'inline restrict _Bool _Complex _Imaginary _Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert ' +
    '_Thread_local asm typeof bool catch class const_cast delete dynamic_cast explicit false friend mutable ' +
    'namespace new operator private protected public reinterpret_cast static_cast template this throw true ' +
    'try typeid typename using virtual wchar_t and and_eq bitand bitor compl not not_eq or or_eq xor xor_eq ' +
    'unix errno mips sparc i386 linux'
  ).split(' '),
);

/** Map a QAPI name to a C identifier; `protect` prefixes reserved words and leading digits with 'q_'. */
export function cName(name: string, protect = true): string {
  const n = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (protect && (C_WORDS.has(n) || /^[0-9]/.test(n))) return `q_${n}`;
  return n;
}
