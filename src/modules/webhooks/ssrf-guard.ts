import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * SSRF guard for webhook URLs: an endpoint must not make the hub call its own network. Addresses
 * are classified here (pure), checked when an endpoint is registered (every address its host
 * resolves to) and again at delivery, at connect time, by the delivery agent's DNS lookup — so a
 * name that later re-resolves to a private address (DNS rebinding) is refused too.
 */
export type AddressClass =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'unique-local'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

type V4Range = [number, number, AddressClass];

const V4_RANGES: V4Range[] = [
  [v4('0.0.0.0'), 8, 'unspecified'],
  [v4('10.0.0.0'), 8, 'private'],
  [v4('100.64.0.0'), 10, 'private'], // carrier-grade NAT
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('169.254.0.0'), 16, 'link-local'], // includes cloud metadata 169.254.169.254
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'reserved'],
  [v4('192.0.2.0'), 24, 'reserved'],
  [v4('192.88.99.0'), 24, 'reserved'],
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'reserved'],
  [v4('198.51.100.0'), 24, 'reserved'],
  [v4('203.0.113.0'), 24, 'reserved'],
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('240.0.0.0'), 4, 'reserved'],
];

function v4(address: string): number {
  const parts = address.split('.').map(Number);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function classifyV4(value: number): AddressClass {
  for (const [base, bits, cls] of V4_RANGES) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if ((value & mask) >>> 0 === base) return cls;
  }
  return 'public';
}

/** Eight 16-bit groups of an IPv6 address (handles `::` and a dotted IPv4 tail). */
function parseV6(address: string): number[] {
  let text = address.split('%')[0].toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4(dotted[1]);
    text = text.slice(0, -dotted[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...(tail !== undefined ? Array(missing).fill('0') : []), ...tailGroups];
  return groups.map((g) => parseInt(g || '0', 16));
}

function classifyV6(address: string): AddressClass {
  const g = parseV6(address);
  const embeddedV4 = (((g[6] << 16) | g[7]) >>> 0) as number;
  if (g.every((x) => x === 0)) return 'unspecified';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
  // ::ffff:a.b.c.d (IPv4-mapped) and 64:ff9b::a.b.c.d (NAT64): judged by the IPv4 address inside.
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return classifyV4(embeddedV4);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyV4(embeddedV4);
  // ::a.b.c.d (deprecated IPv4-compatible) and the rest of ::/96.
  if (g.slice(0, 6).every((x) => x === 0)) return 'reserved';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xffc0) === 0xfec0) return 'private'; // deprecated site-local
  if ((g[0] & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'reserved'; // documentation
  return 'public';
}

export function classifyAddress(address: string): AddressClass {
  const family = isIP(address);
  if (family === 4) return classifyV4(v4(address));
  if (family === 6) return classifyV6(address);
  throw new Error(`not an IP address: ${address}`);
}

export class UnsafeUrlError extends Error {
  constructor(
    message: string,
    readonly reason: 'INVALID_URL' | 'UNSUPPORTED_SCHEME' | 'PRIVATE_ADDRESS' | 'UNRESOLVABLE',
  ) {
    super(message);
    this.name = 'UnsafeUrlError';
  }
}

export type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

const defaultLookup: Lookup = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** Refuses hosts with any non-public address among those given. */
export function assertPublicAddresses(hostname: string, addresses: readonly string[]): void {
  for (const address of addresses) {
    const cls = classifyAddress(address);
    if (cls !== 'public') {
      throw new UnsafeUrlError(`${hostname} resolves to ${address}, a ${cls} address; webhook endpoints must be public.`, 'PRIVATE_ADDRESS');
    }
  }
}

export function parseEndpointUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError('That is not a valid absolute URL.', 'INVALID_URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UnsafeUrlError('Webhook URLs must use https (or http).', 'UNSUPPORTED_SCHEME');
  if (url.username || url.password) throw new UnsafeUrlError('Webhook URLs must not carry credentials; use the signing secret.', 'INVALID_URL');
  return url;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** Checks a URL at registration: scheme, then every address its host resolves to. */
export async function assertSafeUrl(raw: string, options: { allowPrivate: boolean; lookup?: Lookup }): Promise<URL> {
  const url = parseEndpointUrl(raw);
  if (options.allowPrivate) return url;
  const host = hostOf(url);
  if (isIP(host)) {
    assertPublicAddresses(host, [host]);
    return url;
  }
  let addresses: string[];
  try {
    addresses = (await (options.lookup ?? defaultLookup)(host)).map((a) => a.address);
  } catch {
    throw new UnsafeUrlError(`${host} does not resolve.`, 'UNRESOLVABLE');
  }
  if (addresses.length === 0) throw new UnsafeUrlError(`${host} does not resolve.`, 'UNRESOLVABLE');
  assertPublicAddresses(host, addresses);
  return url;
}

/** The literal-IP half of the delivery-time check (names are checked by the agent's lookup). */
export function assertLiteralHostAllowed(url: URL, allowPrivate: boolean): void {
  if (allowPrivate) return;
  const host = hostOf(url);
  if (isIP(host)) assertPublicAddresses(host, [host]);
}
