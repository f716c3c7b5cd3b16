// Runs tsemu-ga from source, as bin/tsemu-ga runs the build.
import { main } from '../src/main.js';

process.exit(await main(process.argv.slice(2)));
