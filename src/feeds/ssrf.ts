/**
 * The SSRF guard: feeds and their pages may only be fetched over http(s) from public addresses, unless
 * FEEDS_ALLOW_PRIVATE=true. The check runs on the addresses a name resolves to, at connect time (the `lookup`
 * given to the socket), so a name cannot pass the check and then connect somewhere else (DNS rebinding).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Address ranges a feed may not point at: loopback, private, link-local, shared, multicast, reserved, documentation. */
export const PRIVATE_RANGES: { net: string; prefix: number; family: 'ipv4' | 'ipv6'; what: string }[] = [
  { net: '0.0.0.0', prefix: 8, family: 'ipv4', what: 'this network' },
  { net: '10.0.0.0', prefix: 8, family: 'ipv4', what: 'private' },
  { net: '100.64.0.0', prefix: 10, family: 'ipv4', what: 'shared (carrier NAT)' },
  { net: '127.0.0.0', prefix: 8, family: 'ipv4', what: 'loopback' },
  { net: '169.254.0.0', prefix: 16, family: 'ipv4', what: 'link-local' },
  { net: '172.16.0.0', prefix: 12, family: 'ipv4', what: 'private' },
  { net: '192.0.0.0', prefix: 24, family: 'ipv4', what: 'reserved' },
  { net: '192.0.2.0', prefix: 24, family: 'ipv4', what: 'documentation' },
  { net: '192.168.0.0', prefix: 16, family: 'ipv4', what: 'private' },
  { net: '198.18.0.0', prefix: 15, family: 'ipv4', what: 'benchmarking' },
  { net: '224.0.0.0', prefix: 4, family: 'ipv4', what: 'multicast' },
  { net: '240.0.0.0', prefix: 4, family: 'ipv4', what: 'reserved' },
  { net: '::', prefix: 128, family: 'ipv6', what: 'unspecified' },
  { net: '::1', prefix: 128, family: 'ipv6', what: 'loopback' },
  { net: 'fc00::', prefix: 7, family: 'ipv6', what: 'private' },
  { net: 'fe80::', prefix: 10, family: 'ipv6', what: 'link-local' },
  { net: 'ff00::', prefix: 8, family: 'ipv6', what: 'multicast' },
  { net: '2001:db8::', prefix: 32, family: 'ipv6', what: 'documentation' },
];

const blocked = new BlockList();
for (const r of PRIVATE_RANGES) blocked.addSubnet(r.net, r.prefix, r.family);

export class RefusedUrl extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedUrl';
  }
}

/** True when the address is loopback, private, link-local or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  // IPv4-mapped and IPv4-compatible IPv6 (::ffff:127.0.0.1) are the IPv4 address.
  const mapped = /^::(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1], 'ipv4');
  return blocked.check(address, 'ipv6');
}

/** Only http and https, and no credentials in the URL. Throws RefusedUrl with the reason in plain words. */
export function checkUrl(url: URL, allowPrivate: boolean): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RefusedUrl(`only http and https addresses can be followed (not ${url.protocol.replace(':', '')})`);
  if (url.username || url.password) throw new RefusedUrl('addresses with a user name or password are not followed');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(host) && isPrivateAddress(host))
    throw new RefusedUrl(`${host} is a private or loopback address (set FEEDS_ALLOW_PRIVATE=true to allow it)`);
}

/** A socket `lookup` that refuses names resolving to private addresses (unless allowed). */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const list = addresses ?? [];
      if (!allowPrivate) {
        const bad = list.find((a) => isPrivateAddress(a.address));
        if (bad)
          return callback(
            new RefusedUrl(
              `${hostname} resolves to a private or loopback address (${bad.address}); set FEEDS_ALLOW_PRIVATE=true to allow it`,
            ),
            '',
            0,
          );
      }
      if (!list.length) return callback(new Error(`${hostname} has no address`), '', 0);
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}
