/** lookup_opt() from softmmu/vl.c: walks a qemu-system-style argv. */

export interface QemuOptionDef {
  name: string;
  hasArg: boolean;
}

export interface ParsedOption {
  /** Option name without dashes; "hda" for a bare image file, as QEMU treats it. */
  name: string;
  arg: string | undefined;
}

/** Error whose message is already prefixed "<optname>: " as QEMU's loc_set_cmdline does. */
export class QemuArgvError extends Error {}

export function parseArgv(argv: readonly string[], table: readonly QemuOptionDef[]): ParsedOption[] {
  const byName = new Map(table.map((d) => [d.name, d]));
  const out: ParsedOption[] = [];
  let i = 0;
  while (i < argv.length) {
    const word = argv[i] as string;
    i++;
    if (!word.startsWith('-')) {
      out.push({ name: 'hda', arg: word });
      continue;
    }
    // "--opt" is accepted as a synonym of "-opt".
    const name = word.startsWith('--') ? word.slice(2) : word.slice(1);
    const def = byName.get(name);
    if (!def) throw new QemuArgvError(`${word}: invalid option`);
    if (def.hasArg) {
      if (i >= argv.length) throw new QemuArgvError(`${word}: requires an argument`);
      out.push({ name, arg: argv[i] as string });
      i++;
    } else {
      out.push({ name, arg: undefined });
    }
  }
  return out;
}

/** The full message as QEMU prints it, with the program name it was invoked as. */
export function formatArgvError(progname: string, err: Error): string {
  return `${progname}: ${err.message}`;
}
