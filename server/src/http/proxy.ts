import { BlockList, isIP } from 'node:net';

/**
 * `TRUST_PROXY`: the peers whose `X-Forwarded-*` headers are believed. Anyone can send those
 * headers, so they count only when the TCP peer itself is a configured proxy; by default none is.
 */
export class ProxyTrust {
  private constructor(
    private readonly list: BlockList | null,
    /** As configured, for logs. */
    readonly description: string,
  ) {}

  static readonly NONE = new ProxyTrust(null, 'none');

  /**
   * Comma-separated IPv4/IPv6 addresses, CIDR ranges and the names `loopback` (127.0.0.0/8, ::1)
   * and `private` (10/8, 172.16/12, 192.168/16, fc00::/7). Empty: trust none. Anything else stops
   * the start-up: a typo silently trusting nobody (or everybody) is worse than an error.
   */
  static parse(raw: string | undefined): ProxyTrust {
    const entries = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (!entries.length) return ProxyTrust.NONE;
    const list = new BlockList();
    for (const entry of entries) {
      const named = NAMED_RANGES[entry.toLowerCase()];
      if (named) {
        for (const [net, prefix, type] of named) list.addSubnet(net, prefix, type);
        continue;
      }
      const [address = '', prefixText, ...rest] = entry.split('/');
      const version = isIP(address);
      const max = version === 4 ? 32 : 128;
      const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
      if (!version || rest.length || !(prefix >= 0 && prefix <= max)) {
        throw new Error(`TRUST_PROXY: "${entry}" is not an IP address, a CIDR range (10.0.0.0/8), "loopback" or "private"`);
      }
      list.addSubnet(address, prefix, version === 4 ? 'ipv4' : 'ipv6');
    }
    return new ProxyTrust(list, entries.join(','));
  }

  trusts(address: string | undefined | null): boolean {
    if (!this.list || !address) return false;
    const ip = plainAddress(address);
    const version = isIP(ip);
    return version !== 0 && this.list.check(ip, version === 4 ? 'ipv4' : 'ipv6');
  }
}

const NAMED_RANGES: Record<string, [string, number, 'ipv4' | 'ipv6'][]> = {
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  private: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ],
};

/** A dual-stack listener reports IPv4 peers as `::ffff:1.2.3.4`; ranges are written for `1.2.3.4`. */
export function plainAddress(address: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}

/** The values of a comma-separated header, in order (repeated headers arrive joined with ", "). */
export function headerList(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * The client's address: the TCP peer, unless that peer is a trusted proxy; then `X-Forwarded-For`
 * is walked from the right (each proxy appends the address it saw) past every trusted proxy, and
 * the first address that is not one is the client. A malformed entry ends the walk.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trust: ProxyTrust): string {
  if (!peer) return 'unknown';
  let ip = plainAddress(peer);
  if (!trust.trusts(ip)) return ip;
  const hops = headerList(forwardedFor);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = plainAddress(hops[i]!);
    if (!isIP(hop)) break;
    ip = hop;
    if (!trust.trusts(hop)) break;
  }
  return ip;
}
