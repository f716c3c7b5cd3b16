#!/usr/bin/env node
import { QemuOptsList, qemuOptsToQDict } from '../packages/qemuopts/dist/index.js';
// The `npm start` demo: what tsemu can do today, run from the built packages. It grows into
// booting the demo Linux guest once the PC machine exists.
import { fromJS, JSONStreamer, parseJSON, toJSON } from '../packages/qobject/dist/index.js';

const line = (s = '') => process.stdout.write(`${s}\n`);

line('tsemu demo: QEMU internal APIs in TypeScript\n');

line('1. @tsemu/qobject: QEMU JSON with exact 64-bit numbers');
const req = parseJSON(`{'execute': 'guest-sync', 'arguments': {'id': 18446744073709551615}}`);
line(`   parsed  ${toJSON(req)}`);
line(`   id      ${req.getDict('arguments').getUint('id')}n (uint64, not rounded)`);

line("\n2. Replies print in QEMU's QDict order, byte for byte as QEMU prints them");
line(
  `   ${toJSON(fromJS({ error: { class: 'CommandNotFound', desc: 'The command x has not been found' }, id: 7 }))}`,
);

line("\n3. A streaming parser that resynchronises as QEMU's does (0xFF reset byte, errors)");
const streamer = new JSONStreamer({
  onValue: (v) => line(`   value   ${toJSON(v)}`),
  onError: (e) => line(`   error   ${e.message}`),
});
streamer.feed('{"execute":"guest-pi');
streamer.feed(Uint8Array.from([0xff]));
streamer.feed('{"execute":"guest-ping"}{"execute":}[1, 2]');

line('\n4. @tsemu/qemuopts: -device options as QEMU parses them, to a QDict');
const device = new QemuOptsList({ name: 'device', impliedOptName: 'driver' });
for (const arg of ['isa-serial,chardev=ser0,id=com1', 'e1000,netdev=n0,mac=52:54:00:12:34:56,id=nic0']) {
  const { opts } = device.parse(arg);
  line(`   -device ${arg}`);
  line(`      -> ${toJSON(qemuOptsToQDict(opts))}`);
}
try {
  device.parse('isa-debug-exit,id=1bad');
} catch (err) {
  line(`   -device isa-debug-exit,id=1bad -> ${err.message}`);
}
line('\nNext: the CPU (@tsemu/tcg, @tsemu/target-i386) and the PC machine, then this demo boots Linux.');
