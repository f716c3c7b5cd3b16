// tsemu-qapi-gen: QEMU's qapi-gen.py for tsemu. Reads a root schema; writes TypeScript (and docs),
// or only checks it, or prints its introspection.
import { toJSON } from '@tsemu/qobject';
import { introspect, QAPIError, QAPISchema } from '../schema/index.js';
import { buildSchema } from './index.js';

export const USAGE = `usage: tsemu-qapi-gen [-o DIR] [-D SYMBOL]... [--check | --introspect] [--unmask] [OPTIONS] SCHEMA

Generate TypeScript types, runtime descriptors, command handler signatures, event emitters, the
introspection value and Markdown reference docs from a QAPI schema.

  -o, --output-dir DIR     write the generated files to DIR (default: .)
  -D, --define SYMBOL      a condition symbol that is true in 'if' (repeatable; none: all false)
  --check                  only read and check the schema; errors as file:line: message, exit 1
  --introspect             print the SchemaInfo list (query-qmp-schema) as JSON
  --unmask                 with --introspect: real type names instead of QEMU's masked numbers
  --runtime-import MODULE  module generated code imports the runtime from (default: @tsemu/qapi)
  --docs FILE              path of the Markdown reference under DIR (default: SCHEMA's name.md)
  --title TEXT             title of the Markdown reference
  --no-docs                write no Markdown reference
  -h, --help               this help
`;

export interface CliIO {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

const processIO: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

/** Runs the CLI on `argv` (without node and script); returns the exit status. */
export function main(argv: readonly string[], io: CliIO = processIO): number {
  let outDir = '.';
  const defined: string[] = [];
  let check = false;
  let intro = false;
  let unmask = false;
  let runtimeImport: string | undefined;
  let docs = true;
  let docsPath: string | undefined;
  let title: string | undefined;
  let schema: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`option ${a} requires an argument`);
      return v;
    };
    try {
      if (a === '-o' || a === '--output-dir') outDir = value();
      else if (a.startsWith('-o') && a.length > 2) outDir = a.slice(2);
      else if (a === '-D' || a === '--define') defined.push(value());
      else if (a.startsWith('-D') && a.length > 2) defined.push(a.slice(2));
      else if (a === '--check') check = true;
      else if (a === '--introspect') intro = true;
      else if (a === '--unmask') unmask = true;
      else if (a === '--runtime-import') runtimeImport = value();
      else if (a === '--docs') docsPath = value();
      else if (a === '--title') title = value();
      else if (a === '--no-docs') docs = false;
      else if (a === '-h' || a === '--help') {
        io.stdout(USAGE);
        return 0;
      } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unrecognized option '${a}'`);
      else if (schema !== undefined) throw new UsageError(`unexpected argument '${a}'`);
      else schema = a;
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      io.stderr(`tsemu-qapi-gen: ${e.message}\n${USAGE}`);
      return 2;
    }
  }
  if (schema === undefined) {
    io.stderr(`tsemu-qapi-gen: a schema file is required\n${USAGE}`);
    return 2;
  }
  try {
    if (check || intro) {
      const model = QAPISchema.load(schema, { defined });
      if (intro) io.stdout(`${toJSON(introspect(model, { defined, unmask }), { pretty: true })}\n`);
      return 0;
    }
    buildSchema({
      schema,
      outDir,
      defined,
      docs,
      ...(runtimeImport ? { runtimeImport } : {}),
      ...(docsPath ? { docsPath } : {}),
      ...(title ? { title } : {}),
    });
    return 0;
  } catch (e) {
    if (e instanceof QAPIError) {
      io.stderr(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

class UsageError extends Error {}
