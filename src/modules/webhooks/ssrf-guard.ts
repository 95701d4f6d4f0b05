import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * SSRF guard for webhook URLs: an endpoint must not make the hub call its own network. Addresses
 * are classified here (pure, with ipaddr.js's special-purpose ranges), checked when an endpoint is registered (every address its host
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

const V4_CLASSES: Record<string, AddressClass> = {
  unicast: 'public',
  unspecified: 'unspecified',
  broadcast: 'reserved',
  multicast: 'multicast',
  linkLocal: 'link-local', // includes cloud metadata 169.254.169.254
  loopback: 'loopback',
  carrierGradeNat: 'private',
  private: 'private',
};

const V6_CLASSES: Record<string, AddressClass> = {
  unicast: 'public',
  unspecified: 'unspecified',
  linkLocal: 'link-local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'unique-local',
};

function classifyV4(address: ipaddr.IPv4): AddressClass {
  // Anything ipaddr.js names otherwise (documentation, benchmarking, 192.0.0.0/24 …) is not for webhooks.
  return V4_CLASSES[address.range()] ?? 'reserved';
}

/**
 * IPv6 forms that carry an IPv4 address are judged by the address they lead to: IPv4-mapped and
 * translated (::ffff:0:0/96, ::ffff:0:0:0/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16, the IPv4
 * address in bits 16-47). Teredo (2001::/32) and local-use NAT64 (64:ff9b:1::/48) tunnel to
 * addresses that cannot be checked from here, so they are refused outright.
 */
function classifyV6(address: ipaddr.IPv6): AddressClass {
  const parts = address.parts;
  const range = address.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145') return classifyV4(embeddedV4(parts[6], parts[7]));
  // The rest of ::/96 (deprecated IPv4-compatible ::a.b.c.d): ipaddr.js calls it unicast.
  if (range === 'unicast' && parts.slice(0, 6).every((p) => p === 0)) return 'reserved';
  if (range === 'rfc6052') return parts[2] === 0 ? classifyV4(embeddedV4(parts[6], parts[7])) : 'private';
  if (range === '6to4') return classifyV4(embeddedV4(parts[1], parts[2]));
  if (range === 'teredo') return 'reserved';
  // Deprecated site-local fec0::/10 is private; ipaddr.js calls it unicast.
  if ((parts[0] & 0xffc0) === 0xfec0) return 'private';
  return V6_CLASSES[range] ?? 'reserved';
}

function embeddedV4(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

export function classifyAddress(address: string): AddressClass {
  const text = address.split('%')[0];
  const family = isIP(text);
  if (family === 0) throw new Error(`not an IP address: ${address}`);
  // WHATWG URL writes IPv6 in canonical hex: ipaddr.js would read ::a.b.c.d as ::ffff:a.b.c.d.
  const parsed = ipaddr.parse(family === 6 ? new URL(`http://[${text}]/`).hostname.slice(1, -1) : text);
  return parsed.kind() === 'ipv4' ? classifyV4(parsed as ipaddr.IPv4) : classifyV6(parsed as ipaddr.IPv6);
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
