// guest-ping round trips per second over a unix socket: tsemu-ga against qemu-ga in the same run,
// one request in flight (what a host's agent client does) and 32 pipelined. The two agents are
// measured in alternating short rounds and the medians compared, so load on the machine hits both.
import { type AgentKind, HostConnection, haveQemuGa, QEMU_GA, startAgent } from '../test/harness.js';

const ROUNDS = 7;
const ROUND_MS = 400;
const PING = '{"execute":"guest-ping"}\n';

async function round(c: HostConnection, depth: number, ms: number): Promise<number> {
  const burst = PING.repeat(depth);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    await c.write(burst);
    for (let j = 0; j < depth; j++) {
      const line = await c.readLine();
      if (line.toString() !== '{"return": {}}') throw new Error(`unexpected reply ${line}`);
    }
    n += depth;
  }
  return n / ((performance.now() - start) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const f = (x: number) => `${Math.round(x).toLocaleString('en-US')}/s`;

const kinds: AgentKind[] = haveQemuGa ? ['qemu-ga', 'tsemu-ga'] : ['tsemu-ga'];
if (!haveQemuGa) console.log(`qemu-ga not installed at ${QEMU_GA}: tsemu-ga alone`);
const agents = await Promise.all(kinds.map((k) => startAgent(k)));
try {
  const conns = await Promise.all(agents.map((a) => HostConnection.connect(a.socket)));
  for (const depth of [1, 32]) {
    for (const c of conns) await round(c, depth, 300); // warm-up
    const rates: number[][] = kinds.map(() => []);
    for (let r = 0; r < ROUNDS; r++)
      for (const [i, c] of conns.entries()) rates[i]!.push(await round(c, depth, ROUND_MS));
    const m = rates.map(median);
    const parts = kinds.map((k, i) => `${k} ${f(m[i]!)}`);
    const ratio = m.length === 2 ? ` = ${(m[1]! / m[0]!).toFixed(2)}x` : '';
    console.log(`guest-ping, ${depth} in flight (median of ${ROUNDS}): ${parts.join(' | ')}${ratio}`);
  }
  for (const c of conns) await c.close();
} finally {
  await Promise.all(agents.map((a) => a.stop()));
}
