// guest-network-get-interfaces: every interface in /sys/class/net with its MAC, addresses and counters.
import os from 'node:os';
import { join } from 'node:path';
import { readdirRaw, readText } from './sysfs.js';

export interface GuestIpAddress {
  'ip-address': string;
  'ip-address-type': 'ipv4' | 'ipv6';
  prefix: number;
}

export interface GuestNetworkInterfaceStat {
  'rx-bytes': bigint;
  'rx-packets': bigint;
  'rx-errs': bigint;
  'rx-dropped': bigint;
  'tx-bytes': bigint;
  'tx-packets': bigint;
  'tx-errs': bigint;
  'tx-dropped': bigint;
}

export interface GuestNetworkInterface {
  name: string;
  'hardware-address'?: string;
  'ip-addresses'?: GuestIpAddress[];
  statistics?: GuestNetworkInterfaceStat;
}

function prefixOf(cidr: string | null, netmask: string): number {
  if (cidr) return Number(cidr.split('/')[1]);
  return netmask.split(/[.:]/).reduce((n, part) => {
    const v = part.includes('.')
      ? Number(part)
      : Number.parseInt(part || '0', netmask.includes(':') ? 16 : 10);
    return n + v.toString(2).replace(/0/g, '').length;
  }, 0);
}

/** Counters from /proc/net/dev, keyed by interface name. */
export function parseProcNetDev(text: string): Map<string, GuestNetworkInterfaceStat> {
  const stats = new Map<string, GuestNetworkInterfaceStat>();
  for (const line of text.split('\n').slice(2)) {
    const m = /^\s*([^:]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const v = m[2]!.trim().split(/\s+/).map(BigInt);
    stats.set(m[1]!, {
      'rx-bytes': v[0]!,
      'rx-packets': v[1]!,
      'rx-errs': v[2]!,
      'rx-dropped': v[3]!,
      'tx-bytes': v[8]!,
      'tx-packets': v[9]!,
      'tx-errs': v[10]!,
      'tx-dropped': v[11]!,
    });
  }
  return stats;
}

export function getNetworkInterfaces(): GuestNetworkInterface[] {
  const addrs = os.networkInterfaces();
  const stats = parseProcNetDev(readText('/proc/net/dev') ?? '');
  const out: GuestNetworkInterface[] = [];
  // Interfaces in the kernel's index order, as getifaddrs() reports them.
  const names = readdirRaw('/sys/class/net')
    .map((name) => ({ name, index: Number(readText(join('/sys/class/net', name, 'ifindex')) ?? 0) }))
    .sort((a, b) => a.index - b.index)
    .map((x) => x.name);
  for (const name of names) {
    const iface: GuestNetworkInterface = { name };
    const list = (addrs[name] ?? []).map(
      (a): GuestIpAddress => ({
        'ip-address-type': a.family === 'IPv4' ? 'ipv4' : 'ipv6',
        'ip-address': a.address.replace(/%.*$/, ''),
        prefix: prefixOf(a.cidr, a.netmask),
      }),
    );
    if (list.length) iface['ip-addresses'] = list;
    if (list.length && stats.has(name)) iface.statistics = stats.get(name)!;
    const mac = readText(join('/sys/class/net', name, 'address'))?.trim();
    if (mac) iface['hardware-address'] = mac;
    out.push(iface);
  }
  return out;
}
