import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import { describe, expect, test, vi } from 'vitest';
import { addressAllowed, classifyAddress, parseIPv6, type AddressKind } from '../../src-proxy/net/address-policy';
import { createHostGuard, RefusedHostError, type HostResolver } from '../../src-proxy/net/host-guard';

// Which addresses an image URL may reach (SSRF): every IPv4 and IPv6 form of the local and private
// ranges is refused by default, public addresses are allowed.

describe('classifyAddress', () => {
  test.each<[string, AddressKind]>([
    // IPv4
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.15.255.255', 'public'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.0', 'public'],
    ['192.168.1.1', 'private'],
    ['192.169.0.1', 'public'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['100.128.0.0', 'public'],
    ['100.63.255.255', 'public'],
    ['100.100.100.200', 'metadata'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['198.18.0.1', 'documentation'],
    ['198.19.255.255', 'documentation'],
    ['198.20.0.0', 'public'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['192.88.99.1', 'reserved'],
    // IPv6
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:80b::200e', 'public'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['fc00::1', 'unique-local'],
    ['fdff:ffff::1', 'unique-local'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['ff0e::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'], // Teredo
    ['2001:2::1', 'reserved'], // benchmarking
    ['100::1', 'reserved'],
    ['1::1', 'reserved'], // outside 2000::/3
    ['4000::1', 'reserved'],
    // IPv4-mapped: judged by the IPv4 address inside, in every spelling
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:0001', 'loopback'],
    ['::FFFF:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['::ffff:8.8.8.8', 'public'],
    // IPv4-compatible (deprecated) and IPv4-translated: never public
    ['::127.0.0.1', 'loopback'],
    ['::7f00:1', 'loopback'],
    ['::8.8.8.8', 'reserved'],
    ['::ffff:0:7f00:1', 'loopback'],
    ['::ffff:0:808:808', 'reserved'],
    // NAT64
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['64:ff9b:1::8.8.8.8', 'private'],
    // 6to4
    ['2002:7f00:1::1', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['2002:a9fe:a9fe::', 'metadata'],
    ['2002:808:808::1', 'public'],
    // Not addresses
    ['localhost', 'invalid'],
    ['127.1', 'invalid'],
    ['2130706433', 'invalid'],
    ['', 'invalid'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe('addressAllowed', () => {
  test.each([
    ['8.8.8.8', true, true],
    ['2606:4700:4700::1111', true, true],
    ['127.0.0.1', false, true],
    ['::1', false, true],
    ['10.0.0.1', false, true],
    ['172.16.0.1', false, true],
    ['192.168.0.1', false, true],
    ['100.64.0.1', false, true],
    ['169.254.1.1', false, true],
    ['fe80::1', false, true],
    ['fc00::1', false, true],
    ['::ffff:127.0.0.1', false, true],
    ['198.18.0.1', false, true],
    // Never, even with private hosts allowed
    ['169.254.169.254', false, false],
    ['::ffff:a9fe:a9fe', false, false],
    ['fd00:ec2::254', false, false],
    ['0.0.0.0', false, false],
    ['::', false, false],
    ['224.0.0.1', false, false],
    ['ff02::1', false, false],
    ['255.255.255.255', false, false],
    ['not-an-ip', false, false],
  ])('%s: allowed %s by default, %s with private hosts allowed', (address, strict, open) => {
    expect(addressAllowed(address, false)).toBe(strict);
    expect(addressAllowed(address, true)).toBe(open);
  });
});

describe('parseIPv6', () => {
  test.each([
    ['::', '0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0'],
    ['::1', '0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1'],
    ['1::', '0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0'],
    ['1:2:3:4:5:6:7:8', '0.1.0.2.0.3.0.4.0.5.0.6.0.7.0.8'],
    ['ff::ab:1.2.3.4', '0.255.0.0.0.0.0.0.0.0.0.171.1.2.3.4'],
    ['1:2:3:4:5:6:1.2.3.4', '0.1.0.2.0.3.0.4.0.5.0.6.1.2.3.4'],
  ])('%s', (ip, bytes) => {
    expect(parseIPv6(ip)!.join('.')).toBe(bytes);
  });

  test('refuses what is not IPv6', () => {
    expect(parseIPv6('1.2.3.4')).toBeUndefined();
    expect(parseIPv6('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(parseIPv6('::g')).toBeUndefined();
  });
});

describe('host guard', () => {
  const names: Record<string, string[]> = {
    'public.test': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    'evil.test': ['127.0.0.1'],
    'mixed.test': ['93.184.216.34', '10.0.0.5'],
    'mapped.test': ['::ffff:192.168.0.1'],
    'metadata.test': ['169.254.169.254'],
  };
  const calls: string[] = [];
  const resolve: HostResolver = async (host) => {
    calls.push(host);
    const found = names[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const strict = createHostGuard({ allowPrivate: false, resolve });
  const open = createHostGuard({ allowPrivate: true, resolve });
  const url = (s: string): URL => new URL(s);

  test.each([
    'http://127.0.0.1/',
    'http://127.1/',
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0177.0.0.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://0.0.0.0/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://printer.localhost/',
    'http://evil.test/',
    'http://mixed.test/',
    'http://mapped.test/',
  ])('refuses %s directly and through a proxy', async (u) => {
    await expect(strict.check(url(u), false)).rejects.toBeInstanceOf(RefusedHostError);
    await expect(strict.check(url(u), true)).rejects.toBeInstanceOf(RefusedHostError);
  });

  test('a refusal message says nothing about the host', async () => {
    const messages = new Set<string>();
    for (const u of ['http://127.0.0.1:1/', 'http://evil.test:22/', 'http://[fe80::1]/', 'http://localhost/']) {
      messages.add(await strict.check(url(u), false).then(() => 'allowed', (err: Error) => err.message));
    }
    expect([...messages]).toEqual(['the host is a private or local network address']);
  });

  test('a public name is pinned to the addresses checked: one lookup, the lookup function answers only those', async () => {
    calls.length = 0;
    const lookup = (await strict.check(url('https://public.test/cat.png'), false))!;
    expect(calls).toEqual(['public.test']);
    const ask = (host: string, options: LookupOptions) =>
      new Promise<unknown>((done) => lookup(host, options, (err, address, family) => done(err ? err.code : { address, family })));
    expect(await ask('public.test', { all: true })).toEqual({ address: [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 }], family: undefined });
    expect(await ask('public.test', {})).toEqual({ address: '93.184.216.34', family: 4 });
    expect(await ask('public.test', { family: 6 })).toEqual({ address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 });
    expect(await ask('evil.test', {})).toBe('ENOTFOUND');
    expect(calls).toEqual(['public.test']);
    const all = (await ask('public.test', { all: true })) as { address: LookupAddress[] };
    expect(all.address.every((a) => addressAllowed(a.address, false))).toBe(true);
  });

  test('literal public addresses need no lookup; names only the proxy can resolve go to the proxy', async () => {
    calls.length = 0;
    expect(await strict.check(url('http://8.8.8.8/'), false)).toBeUndefined();
    expect(await strict.check(url('http://[2606:4700:4700::1111]/'), false)).toBeUndefined();
    expect(await strict.check(url('https://images.corp.test/'), true)).toBeUndefined();
    expect(calls).toEqual(['images.corp.test']);
    await expect(strict.check(url('https://images.corp.test/'), false)).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  test('with private hosts allowed: loopback and private pass, metadata and unspecified do not', async () => {
    expect(await open.check(url('http://127.0.0.1/'), false)).toBeUndefined();
    expect(await open.check(url('http://evil.test/'), false)).toBeTypeOf('function');
    expect(await open.check(url('http://localhost/'), true)).toBeUndefined();
    await expect(open.check(url('http://169.254.169.254/'), false)).rejects.toBeInstanceOf(RefusedHostError);
    await expect(open.check(url('http://[::ffff:169.254.169.254]/'), false)).rejects.toBeInstanceOf(RefusedHostError);
    await expect(open.check(url('http://0.0.0.0/'), false)).rejects.toBeInstanceOf(RefusedHostError);
  });

  test('with private hosts allowed, a name that resolves to cloud metadata is refused through a company proxy too', async () => {
    await expect(open.check(url('http://metadata.test/'), false)).rejects.toBeInstanceOf(RefusedHostError);
    await expect(open.check(url('http://metadata.test/'), true)).rejects.toBeInstanceOf(RefusedHostError);
    // A private name the proxy will reach is still allowed, and nothing is pinned (the proxy dials it).
    expect(await open.check(url('http://evil.test/'), true)).toBeUndefined();
  });

  test('the app\'s own resolver (the system lookup, every address) is the one checked', async () => {
    const lookup = vi.spyOn(dns.promises, 'lookup').mockImplementation((async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '::1', family: 6 },
    ]) as unknown as typeof dns.promises.lookup);
    try {
      const guard = createHostGuard({ allowPrivate: false });
      await expect(guard.check(url('https://sneaky.example/cat.png'), false)).rejects.toBeInstanceOf(RefusedHostError);
      expect(lookup).toHaveBeenCalledWith('sneaky.example', { all: true });
    } finally {
      lookup.mockRestore();
    }
  });

  test('an aborted download stops waiting for a slow lookup', async () => {
    const slow = createHostGuard({ allowPrivate: false, resolve: () => new Promise(() => {}) });
    const controller = new AbortController();
    const check = slow.check(url('http://slow.test/'), false, controller.signal);
    controller.abort(new Error('gone'));
    await expect(check).rejects.toThrow('gone');
  });
});
