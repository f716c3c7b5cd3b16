import { configureRtc } from '@tsemu/hw-pc';
import { parseCommandLine, writeConfigOut, writeParsedConfig } from './config.js';
import { Emulator, errText, PROGNAME, StartupError } from './emulator.js';
import { liveConfigText } from './live-config.js';

/** Flush stdout/stderr, then exit with `status` (QEMU exits once its output is written). */
function exitAfterFlush(status: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(status);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

/** The whole program: returns once the emulator is running; the process exits from the run state. */
export async function main(argv: readonly string[]): Promise<void> {
  const r = parseCommandLine(argv, PROGNAME);
  if (r.kind === 'exit') {
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    exitAfterFlush(r.status);
    return;
  }
  process.stdout.write(r.stdout);
  for (const w of r.warnings) process.stderr.write(`${PROGNAME}: ${w}\n`);
  const cfg = r.cfg;
  try {
    if (cfg.rtc) configureRtc(cfg.rtc);
  } catch (e) {
    process.stderr.write(`${PROGNAME}: ${errText(e)}\n`);
    exitAfterFlush(1);
    return;
  }
  const emu = new Emulator(cfg, {
    stderr: (t) => process.stderr.write(t),
    exit: exitAfterFlush,
    signals: true,
  });
  try {
    await emu.start();
  } catch (e) {
    if (!(e instanceof StartupError) && !(e instanceof Error && e.constructor.name.endsWith('Error')))
      throw e;
    // no machine to read from: the configuration as given
    if (cfg.writeconfig !== undefined && cfg.options)
      process.stdout.write(writeParsedConfig(cfg.writeconfig, cfg.options));
    process.stderr.write(`${PROGNAME}: ${errText(e)}\n`);
    emu.chardevs.closeAll();
    exitAfterFlush(1);
    return;
  }
  // -writeconfig: the machine as created, read from its QOM tree
  if (cfg.writeconfig !== undefined && cfg.options) {
    try {
      process.stdout.write(writeConfigOut(cfg.writeconfig, liveConfigText(cfg.options)));
    } catch (e) {
      // a value a config file cannot carry (a '"' or a newline): refused, not written wrongly
      process.stderr.write(`${PROGNAME}: -writeconfig ${cfg.writeconfig}: ${errText(e)}\n`);
      emu.chardevs.closeAll();
      exitAfterFlush(1);
    }
  }
}
