// Condition symbols of QEMU 7.2's Debian x86_64 build (qemu-system-x86_64 7.2+dfsg): with exactly
// these defined, QEMU's qapi-schema.json introspects to the very query-qmp-schema reply that build
// gives (216 commands, 52 events). The first nine are the build's definition-level symbols; the
// rest only guard enum values, members and branches, and were derived from the reply: each one is
// needed, none more is.
export const QEMU_X86_64_BUILD_SYMBOLS: readonly string[] = [
  'CONFIG_FDT',
  'CONFIG_REPLICATION',
  'CONFIG_SPICE',
  'CONFIG_TCG',
  'CONFIG_TPM',
  'CONFIG_VNC',
  'TARGET_I386',
  'CONFIG_LINUX',
  'CONFIG_POSIX',
  'CONFIG_CURSES',
  'CONFIG_DBUS_DISPLAY',
  'CONFIG_FUSE',
  'CONFIG_GBM',
  'CONFIG_GTK',
  'CONFIG_LIBPMEM',
  'CONFIG_LINUX_IO_URING',
  'CONFIG_OPENGL',
  'CONFIG_SDL',
  'CONFIG_SECRET_KEYRING',
  'CONFIG_SPICE_PROTOCOL',
  'CONFIG_VDUSE_BLK_EXPORT',
  'CONFIG_VHOST_CRYPTO',
  'CONFIG_VHOST_USER_BLK_SERVER',
  'CONFIG_ZSTD',
  'HAVE_HOST_BLOCK_DEVICE',
  'HAVE_IPPROTO_MPTCP',
];
