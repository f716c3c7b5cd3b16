#!/usr/bin/env node
// tsemu-system-x86_64's process: parse, start, run until the machine exits.
import { main } from './main.js';

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`tsemu-system-x86_64: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
