// The handler of every command in schema/qga.json, as qemu-ga 7.2's Linux build implements it
// (qga/commands.c, qga/commands-posix.c). Integer arguments arrive as bigint (see schema.ts).
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import type { CommandHandler } from '@tsemu/qapi';
import { gaError } from './linux/errors.js';
import type { GuestExec, GuestExecArgs } from './linux/exec.js';
import type { GuestFiles, WhenceName } from './linux/files.js';
import { type FsFreeze, fstrim, getDisks, getFsinfo } from './linux/fs.js';
import { getMemoryBlockInfo, getMemoryBlocks, setMemoryBlocks } from './linux/memory.js';
import { getNetworkInterfaces } from './linux/network.js';
import { setUserPassword, shutdown, suspend } from './linux/power.js';
import { sshAddAuthorizedKeys, sshGetAuthorizedKeys, sshRemoveAuthorizedKeys } from './linux/ssh.js';
import { getCpuStats, getDiskStats } from './linux/stats.js';
import { getHostName, getOsInfo, getTime, getTimezone, setTime } from './linux/sysinfo.js';
import { getUsers } from './linux/users.js';
import { getVcpus, setVcpus } from './linux/vcpus.js';

/** What the handlers need from the running agent. */
export interface AgentServices {
  readonly version: string;
  readonly files: GuestFiles;
  readonly exec: GuestExec;
  readonly fsfreeze: FsFreeze;
  readonly fsfreezeHook: string | undefined;
  /** The next response goes out with the 0xFF sentinel in front (ga_set_response_delimited()). */
  delimitResponse(): void;
  /** guest-info's supported_commands. */
  commandList(): { name: string; enabled: boolean; 'success-response': boolean }[];
  /** Disables all commands but the freeze allow-list, or undoes that (ga_set_frozen/ga_unset_frozen). */
  setFrozen(frozen: boolean): void;
}

/** QERR_UNSUPPORTED, for commands a Linux build of qemu-ga has but does not implement. */
const UNSUPPORTED = 'this feature or command is not currently supported';

/** A handle or pid from the wire: an int64 that must also be a key of ours. */
function handleOf(v: bigint, what: (n: string) => string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw gaError(what(v.toString()));
  return n;
}
const fileHandle = (v: bigint) => handleOf(v, (n) => `handle '${n}' has not been found`);

/** execute_fsfreeze_hook(): run the hook with `freeze` or `thaw`, when -F gave one. */
function runFsfreezeHook(hook: string | undefined, arg: 'freeze' | 'thaw'): Promise<void> {
  if (!hook) return Promise.resolve();
  try {
    accessSync(hook, constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'No such file or directory' : 'Permission denied';
    return Promise.reject(gaError(`can't access fsfreeze hook '${hook}': ${why}`));
  }
  return new Promise((resolve, reject) => {
    execFile(hook, [arg], (err) => {
      if (!err) resolve();
      else if (typeof err.code === 'number')
        reject(gaError(`fsfreeze hook has failed with status ${err.code}`));
      else reject(gaError('fsfreeze hook has terminated abnormally'));
    });
  });
}

export function qgaHandlers(s: AgentServices): Record<string, CommandHandler> {
  const freeze = async (mountpoints?: string[]): Promise<number> => {
    await runFsfreezeHook(s.fsfreezeHook, 'freeze');
    const n = await s.fsfreeze.freeze(mountpoints);
    // Nothing frozen: the agent stays usable (qmp_guest_fsfreeze_freeze_list()).
    s.setFrozen(n > 0);
    return n;
  };
  return {
    'guest-sync-delimited': ({ id }: { id: bigint }) => {
      s.delimitResponse();
      return id;
    },
    'guest-sync': ({ id }: { id: bigint }) => id,
    'guest-ping': () => undefined,
    'guest-get-time': () => getTime(),
    'guest-set-time': ({ time }: { time?: bigint }) => setTime(time),
    'guest-info': () => ({ version: s.version, supported_commands: s.commandList() }),
    'guest-shutdown': ({ mode }: { mode?: string }) => shutdown(mode),
    'guest-file-open': ({ path, mode }: { path: string; mode?: string }) => s.files.open(path, mode),
    'guest-file-close': ({ handle }: { handle: bigint }) => s.files.close(fileHandle(handle)),
    'guest-file-read': ({ handle, count }: { handle: bigint; count?: bigint }) => {
      const h = fileHandle(handle);
      if (count !== undefined && (count < 0n || count > BigInt(Number.MAX_SAFE_INTEGER)))
        throw gaError(`value '${count}' is invalid for argument count`);
      return s.files.read(h, count === undefined ? undefined : Number(count));
    },
    'guest-file-write': ({
      handle,
      'buf-b64': b64,
      count,
    }: {
      handle: bigint;
      'buf-b64': string;
      count?: bigint;
    }) => {
      const h = fileHandle(handle);
      if (count !== undefined && (count < 0n || count > BigInt(Number.MAX_SAFE_INTEGER)))
        throw gaError(`value '${count}' is invalid for argument count`);
      return s.files.write(h, b64, count === undefined ? undefined : Number(count));
    },
    'guest-file-seek': ({
      handle,
      offset,
      whence,
    }: {
      handle: bigint;
      offset: bigint;
      whence: WhenceName | bigint;
    }) =>
      s.files.seek(fileHandle(handle), Number(offset), typeof whence === 'bigint' ? Number(whence) : whence),
    'guest-file-flush': ({ handle }: { handle: bigint }) => s.files.flush(fileHandle(handle)),
    'guest-fsfreeze-status': () => s.fsfreeze.status(),
    'guest-fsfreeze-freeze': () => freeze(),
    'guest-fsfreeze-freeze-list': ({ mountpoints }: { mountpoints?: string[] }) => freeze(mountpoints),
    'guest-fsfreeze-thaw': async () => {
      const n = await s.fsfreeze.thaw();
      await runFsfreezeHook(s.fsfreezeHook, 'thaw');
      s.setFrozen(false);
      return n;
    },
    'guest-fstrim': ({ minimum }: { minimum?: bigint }) =>
      fstrim(minimum === undefined ? undefined : Number(minimum)),
    'guest-suspend-disk': () => suspend('disk'),
    'guest-suspend-ram': () => suspend('ram'),
    'guest-suspend-hybrid': () => suspend('hybrid'),
    'guest-network-get-interfaces': () => getNetworkInterfaces(),
    'guest-get-vcpus': () => getVcpus(),
    'guest-set-vcpus': ({
      vcpus,
    }: {
      vcpus: { 'logical-id': bigint; online: boolean; 'can-offline'?: boolean }[];
    }) => setVcpus(vcpus.map((v) => ({ ...v, 'logical-id': Number(v['logical-id']) }))),
    'guest-get-disks': () => getDisks(),
    'guest-get-fsinfo': () => getFsinfo(),
    'guest-set-user-password': (a: { username: string; password: string; crypted: boolean }) =>
      setUserPassword(a.username, a.password, a.crypted),
    'guest-get-memory-blocks': () => getMemoryBlocks(),
    'guest-set-memory-blocks': ({
      'mem-blks': blocks,
    }: {
      'mem-blks': { 'phys-index': bigint; online: boolean; 'can-offline'?: boolean }[];
    }) => setMemoryBlocks(blocks.map((b) => ({ ...b, 'phys-index': Number(b['phys-index']) }))),
    'guest-get-memory-block-info': () => getMemoryBlockInfo(),
    'guest-exec-status': ({ pid }: { pid: bigint }) =>
      s.exec.status(handleOf(pid, () => "Invalid parameter 'pid'")),
    'guest-exec': (args: GuestExecArgs) => s.exec.exec(args),
    'guest-get-host-name': () => getHostName(),
    'guest-get-users': () => getUsers(),
    'guest-get-timezone': () => getTimezone(),
    'guest-get-osinfo': () => getOsInfo(),
    'guest-get-devices': () => {
      throw gaError(UNSUPPORTED);
    },
    'guest-ssh-get-authorized-keys': ({ username }: { username: string }) => sshGetAuthorizedKeys(username),
    'guest-ssh-add-authorized-keys': (a: { username: string; keys: string[]; reset?: boolean }) =>
      sshAddAuthorizedKeys(a.username, a.keys, a.reset),
    'guest-ssh-remove-authorized-keys': (a: { username: string; keys: string[] }) =>
      sshRemoveAuthorizedKeys(a.username, a.keys),
    'guest-get-diskstats': () => getDiskStats(),
    'guest-get-cpustats': () => getCpuStats(),
  };
}

/** Commands a Linux qemu-ga registers but keeps disabled (ga_command_init_blockedrpcs()). */
export const LINUX_BLOCKED_RPCS: readonly string[] = ['guest-get-devices'];

/** Commands still allowed while file systems are frozen (ga_freeze_allowlist). */
export const FREEZE_ALLOWLIST: readonly string[] = [
  'guest-ping',
  'guest-info',
  'guest-sync',
  'guest-sync-delimited',
  'guest-fsfreeze-status',
  'guest-fsfreeze-thaw',
];
