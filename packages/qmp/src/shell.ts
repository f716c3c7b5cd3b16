import { createInterface } from 'node:readline';
import { fromJS, parseJSON, toJS, toJSON } from '@tsemu/qobject';
import { type QmpAddress, QmpClient, QmpError } from './client.js';

/**
 * qmp-shell's command syntax: `command key=value ...`, values parsed as JSON when they are JSON
 * (numbers, true/false, quoted strings, objects), else taken as strings; or a raw JSON request.
 */
export function parseShellLine(
  line: string,
): { execute: string; arguments?: Record<string, unknown> } | undefined {
  const t = line.trim();
  if (t === '') return undefined;
  if (t.startsWith('{')) {
    const v = toJS(parseJSON(t)) as { execute: string; arguments?: Record<string, unknown> };
    return v;
  }
  const [execute, ...pairs] = t.split(/\s+/) as [string, ...string[]];
  if (pairs.length === 0) return { execute };
  const args: Record<string, unknown> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new Error(`Bad argument: '${p}' (expected key=value)`);
    const key = p.slice(0, eq);
    const raw = p.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = toJS(parseJSON(raw));
    } catch {
      // not JSON: a string
    }
    // Dotted keys build nested objects, as qmp-shell does.
    const path = key.split('.');
    let o = args;
    for (const k of path.slice(0, -1)) {
      o[k] ??= {};
      o = o[k] as Record<string, unknown>;
    }
    o[path.at(-1) as string] = value;
  }
  return { execute, arguments: args };
}

export function parseAddress(s: string): QmpAddress {
  const m = /^(.*):(\d+)$/.exec(s);
  if (m && !s.includes('/')) return { host: m[1] || '127.0.0.1', port: Number(m[2]) };
  return { path: s };
}

/** The interactive shell: `tsemu-qmp-shell SOCKET|HOST:PORT`. */
export async function runShell(
  argv: string[],
  io = { input: process.stdin, output: process.stdout },
): Promise<number> {
  const target = argv.find((a) => !a.startsWith('-'));
  const pretty = argv.includes('-p') || argv.includes('--pretty');
  if (!target) {
    io.output.write('usage: tsemu-qmp-shell [-p] SOCKET-PATH|HOST:PORT\n');
    return 2;
  }
  const client = await QmpClient.connect(parseAddress(target));
  const v = client.greeting?.QMP.version.qemu;
  io.output.write(
    `Welcome to the QMP low-level shell!\nConnected to QEMU ${v?.major}.${v?.minor}.${v?.micro}\n\n`,
  );
  const rl = createInterface({
    input: io.input,
    output: io.output,
    prompt: '(QEMU) ',
    terminal: Boolean((io.input as { isTTY?: boolean }).isTTY),
  });
  const show = (x: unknown) => io.output.write(`${toJSON(fromJS(x), { pretty })}\n`);
  (async () => {
    for await (const ev of client.eventStream()) show(ev);
  })();
  rl.prompt();
  for await (const line of rl) {
    try {
      const req = parseShellLine(line);
      if (req) show({ return: await client.execute(req.execute, req.arguments as Record<string, unknown>) });
    } catch (e) {
      if (e instanceof QmpError) show({ error: { class: e.errorClass, desc: e.desc } });
      else io.output.write(`${(e as Error).message}\n`);
    }
    if (client.isClosed) break;
    rl.prompt();
  }
  client.close();
  return 0;
}
