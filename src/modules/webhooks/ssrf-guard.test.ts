import { describe, expect, it } from '@jest/globals';
import { assertSafeUrl, classifyAddress, UnsafeUrlError } from './ssrf-guard.js';

describe('address classification', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['185.15.59.224', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['203.0.113.5', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2a00:1450:4001:82b::200e', 'public'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['::127.0.0.1', 'reserved'],
    ['2002:7f00:1::', 'loopback'], // 6to4 around 127.0.0.1
    ['2002:a00:1::1', 'private'], // 6to4 around 10.0.0.1
    ['2002:808:808::1', 'public'], // 6to4 around 8.8.8.8
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'], // Teredo
    ['64:ff9b::7f00:1', 'loopback'], // NAT64 around 127.0.0.1
    ['64:ff9b::808:808', 'public'],
    ['64:ff9b:1::a00:1', 'private'], // local-use NAT64
    ['::ffff:0:7f00:1', 'loopback'], // IPv4-translated
    ['100::1', 'reserved'], // discard-only
    ['fec0::1', 'private'],
    ['198.18.0.1', 'reserved'],
    ['192.0.0.8', 'reserved'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('URL check at registration', () => {
  const resolvesTo = (...addresses: string[]) => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('refuses a name with any private address among its answers', async () => {
    await expect(assertSafeUrl('https://hooks.example.com/x', { allowPrivate: false, lookup: resolvesTo('93.184.216.34', '10.0.0.7') })).rejects.toMatchObject({
      reason: 'PRIVATE_ADDRESS',
    });
  });

  it('accepts a name that resolves only to public addresses', async () => {
    const url = await assertSafeUrl('https://hooks.example.com/x', { allowPrivate: false, lookup: resolvesTo('93.184.216.34', '2606:2800:220:1::1') });
    expect(url.hostname).toBe('hooks.example.com');
  });

  it.each(['http://127.0.0.1:8080/', 'http://[::1]/', 'http://[::ffff:169.254.169.254]/latest', 'http://localhost/'])('refuses %s', async (raw) => {
    await expect(assertSafeUrl(raw, { allowPrivate: false })).rejects.toBeInstanceOf(UnsafeUrlError);
  });

  it('refuses other schemes and embedded credentials, even when private addresses are allowed', async () => {
    await expect(assertSafeUrl('ftp://example.com/', { allowPrivate: true })).rejects.toMatchObject({ reason: 'UNSUPPORTED_SCHEME' });
    await expect(assertSafeUrl('https://u:p@example.com/', { allowPrivate: true })).rejects.toMatchObject({ reason: 'INVALID_URL' });
    await expect(assertSafeUrl('not a url', { allowPrivate: true })).rejects.toMatchObject({ reason: 'INVALID_URL' });
  });

  it('lets private addresses through when configuration allows them', async () => {
    await expect(assertSafeUrl('http://127.0.0.1:9/', { allowPrivate: true })).resolves.toBeInstanceOf(URL);
  });

  it('refuses names that do not resolve', async () => {
    await expect(
      assertSafeUrl('https://nowhere.invalid/', { allowPrivate: false, lookup: async () => { throw new Error('ENOTFOUND'); } }),
    ).rejects.toMatchObject({ reason: 'UNRESOLVABLE' });
  });
});
