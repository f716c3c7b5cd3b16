/** -version and -h texts. */
export const PROGNAME_DEFAULT = 'tsemu-system-x86_64';
export const QEMU_VERSION = '7.2.22';

/** Tools parse "QEMU emulator version X.Y.Z" (libvirt, scripts): the first line keeps that form. */
export function versionText(): string {
  return `QEMU emulator version ${QEMU_VERSION} (tsemu)\nCopyright (c) 2003-2022 Fabrice Bellard and the QEMU Project developers\n`;
}

const OPTIONS: [string, string][] = [
  ['-h', 'print this help'],
  ['-version', 'print the version'],
  ['-M/-machine [type=]name[,prop=value...]', 'machine (pc, pc-i440fx-7.2 ...; help lists them)'],
  [
    '-accel tcg|qtest[,tb-size=N,backend=wasm|js|interp,compile-threshold=N]',
    'accelerator (help lists them)',
  ],
  ['-m [size=]N[kMG]', 'RAM size (MiB without a suffix)'],
  ['-smp 1', 'one vCPU (tsemu runs a single vCPU)'],
  ['-cpu model', 'CPU model (help lists them)'],
  ['-kernel bzImage', 'Linux or multiboot kernel to boot directly'],
  ['-initrd file', 'initial RAM disk (multiboot: modules)'],
  ['-append cmdline', 'kernel command line'],
  ['-nographic', 'serial port and monitor on stdio (Ctrl-A h for help, Ctrl-A x quits)'],
  ['-display none', 'no display'],
  ['-serial dev', 'serial port backend (stdio, mon:stdio, file:, unix:, tcp:, chardev:id, null, none)'],
  ['-monitor dev', 'human monitor on dev'],
  ['-qmp dev', 'QMP monitor on dev'],
  ['-mon chardev=id[,mode=readline|control][,pretty=on]', 'monitor on a chardev'],
  ['-chardev backend,id=id[,...]', 'character device'],
  ['-device driver[,prop=value...]', 'add a device (help lists them)'],
  ['-object type,id=id[,...]', 'create an object'],
  ['-global driver.prop=value', 'default property value'],
  ['-S', 'do not start the CPU (cont starts it)'],
  ['-no-reboot', 'exit instead of rebooting'],
  ['-no-shutdown', 'stop instead of exiting on guest shutdown'],
  ['-nodefaults', 'no default devices'],
  ['-name string', 'guest name'],
  ['-uuid uuid', 'machine UUID'],
  ['-rtc [base=utc|localtime|date][,clock=host|rt|vm]', 'RTC base and clock'],
  ['-readconfig file', 'read options from a config file'],
  ['-writeconfig file', 'write the configuration as a config file (- for stdout)'],
  ['-d item,...', 'log items (help lists them)'],
  ['-D file', 'log to file'],
  ['-qtest dev', 'qtest protocol on dev (with -accel qtest)'],
];

export function usage(progname: string): string {
  const lines = [
    `tsemu emulator version ${QEMU_VERSION} (QEMU ${QEMU_VERSION} compatible)`,
    `usage: ${progname} [options]`,
    '',
    ...OPTIONS.map(([o, h]) => `${o.padEnd(50)} ${h}`),
    '',
  ];
  return `${lines.join('\n')}\n`;
}
