import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createImageFetcher, type ImageFetcher } from '../../src-proxy/images/fetch-image';
import type { NetworkConfig } from '../../src-proxy/net/proxy-rules';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy';
import { EVIL_NAMES, LITERAL_FORMS, PNG, PUBLIC_ADDRESS, refusalFor, startSsrfWorld, type SsrfWorld } from '../support/ssrf-world';
import { TEST_CA_PEM } from '../support/test-tls';

// Server-side request forgery through image URLs: a prompt chooses the URLs the proxy downloads.
// Every local or private address form, every name resolving to one and every redirect to one is
// refused before any connection, with one message whatever is (or is not) behind it.

let world: SsrfWorld;
let proxy: ConnectProxy;
beforeAll(async () => {
  world = await startSsrfWorld();
  proxy = await startConnectProxy();
});
afterAll(async () => {
  await proxy.close();
  await world.close();
});
beforeEach(() => {
  world.reset();
  proxy.connects.length = 0;
});

const LIMITS = { maxBytes: 1024 * 1024, timeoutMs: 5000 };
const fetcher = (opts: { network?: NetworkConfig; allowPrivate?: boolean } = {}): ImageFetcher =>
  createImageFetcher(LIMITS, () => opts.network, () => opts.allowPrivate ?? false, { resolve: world.resolve, dialAddress: world.dialAddress });

/** The error message of a download, or 'ok'. */
const outcome = (fetch: ImageFetcher, url: string): Promise<string> => fetch(url).then(() => 'ok', (err: Error & { code?: string }) => `${err.code}: ${err.message}`);

function expectNothingReached(): void {
  expect(world.target.connections).toBe(0);
  expect(world.target.requests).toEqual([]);
  expect(world.dials).toEqual([]);
}

describe('refused by default', () => {
  test.each(LITERAL_FORMS)('a literal %s', async (host) => {
    const url = `http://${host}:${world.targetPort}/secret.png?token=abc`;
    expect(await outcome(fetcher(), url)).toBe(`image_fetch_failed: ${refusalFor(url)}`);
    expect(await outcome(fetcher(), url.replace('http:', 'https:'))).toBe(`image_fetch_failed: ${refusalFor(url.replace('http:', 'https:'))}`);
    expectNothingReached();
  });

  test.each(EVIL_NAMES)('a name resolving to a local or private address (%s)', async (name) => {
    const url = `http://${name}:${world.targetPort}/secret.png`;
    expect(await outcome(fetcher(), url)).toBe(`image_fetch_failed: ${refusalFor(url)}`);
    expectNothingReached();
  });

  test.each([...LITERAL_FORMS, ...EVIL_NAMES])('a redirect from a public host to %s', async (host) => {
    const start = `http://public.test:${world.publicPort}/redirect?to=${encodeURIComponent(`http://${host}:${world.targetPort}/secret.png`)}`;
    // The message names the URL asked for (query dropped), the same for every redirect target.
    expect(await outcome(fetcher(), start)).toBe(`image_fetch_failed: ${refusalFor(`http://public.test:${world.publicPort}/redirect`)}`);
    expect(world.publicRequests).toHaveLength(1);
    expect(world.target.connections).toBe(0);
    expect(world.dials).toEqual([PUBLIC_ADDRESS]);
  });

  test('one answer whatever is behind the address: open port, closed port, black hole, metadata', async () => {
    // The same URL, with the name pointed at different things: the answers are byte-identical.
    const answers = new Set<string>();
    for (const name of ['evil.test', 'evil6.test', 'private.test', 'metadata.test', 'mixed.test']) {
      const fetch = createImageFetcher(LIMITS, () => undefined, () => false, { resolve: async () => (await world.resolve(name)), dialAddress: world.dialAddress });
      answers.add(await outcome(fetch, `http://victim.test:${world.targetPort}/admin`));
      answers.add(await outcome(fetch, `http://victim.test:1/admin`).then((a) => a.replace(':1/', `:${world.targetPort}/`)));
    }
    expect([...answers]).toEqual([`image_fetch_failed: ${refusalFor(`http://victim.test:${world.targetPort}/admin`)}`]);
    expectNothingReached();
  });

  test('other schemes stay refused, in the request and in a redirect', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://public.test/cat.png', 'gopher://public.test:70/_x']) {
      expect(await outcome(fetcher(), url)).toMatch(/^image_fetch_failed: Image URL .* must be http\(s\) or a data: URL\.$/);
      const start = `http://public.test:${world.publicPort}/redirect?to=${encodeURIComponent(url)}`;
      expect(await outcome(fetcher(), start)).toMatch(/redirected to a (file|ftp|gopher): URL/);
    }
    expect(await outcome(fetcher(), `http://public.test:${world.publicPort}/redirect?to=${encodeURIComponent('data:image/png;base64,AAAA')}`)).toMatch(/redirected to a data: URL/);
    expect(world.target.connections).toBe(0);
  });
});

describe('public hosts', () => {
  test('are fetched, connecting to the address checked (one lookup per hop, even when the name rebinds)', async () => {
    const image = await fetcher()(`http://rebind.test:${world.publicPort}/cat.png`);
    expect(Buffer.from(image.bytes)).toEqual(PNG);
    expect(world.lookups).toEqual(['rebind.test']);
    expect(world.dials).toEqual([PUBLIC_ADDRESS]);
    expect(world.publicRequests).toEqual([`rebind.test:${world.publicPort} /cat.png`]);
    // The next download looks the name up again and gets loopback: refused.
    expect(await outcome(fetcher(), `http://rebind.test:${world.targetPort}/cat.png`)).toBe(`image_fetch_failed: ${refusalFor(`http://rebind.test:${world.targetPort}/cat.png`)}`);
    expect(world.target.connections).toBe(0);
  });

  test('TLS verifies the host name, not the address connected to', async () => {
    const network = { extraCa: [TEST_CA_PEM] };
    expect((await fetcher({ network })(`https://cdn.corp.test:${world.tlsPort}/cat.png`)).format).toBe('png');
    expect(await outcome(fetcher({ network }), `https://wrong.test:${world.tlsPort}/cat.png`)).toMatch(/does not match certificate's altnames/);
  });

  test('redirects are followed five hops, not six', async () => {
    expect((await fetcher()(`http://public.test:${world.publicPort}/chain/4`)).format).toBe('png');
    expect(await outcome(fetcher(), `http://public.test:${world.publicPort}/chain/5`)).toMatch(/more than 5 redirects/);
  });

  test('a name that does not resolve is a plain download error', async () => {
    expect(await outcome(fetcher(), 'http://nowhere.test/cat.png')).toMatch(/Could not download image .*ENOTFOUND nowhere\.test/);
  });
});

describe('allowPrivateImageHosts', () => {
  test('lets loopback and private names through, read per download', async () => {
    let allow = true;
    const fetch = createImageFetcher(LIMITS, () => undefined, () => allow, { resolve: world.resolve, dialAddress: world.dialAddress });
    expect((await fetch(`http://127.0.0.1:${world.targetPort}/one.png`)).format).toBe('png');
    expect((await fetch(`http://evil.test:${world.targetPort}/two.png`)).format).toBe('png');
    expect(world.target.requests).toEqual([`127.0.0.1:${world.targetPort} /one.png`, `evil.test:${world.targetPort} /two.png`]);
    allow = false;
    expect(await outcome(fetch, `http://evil.test:${world.targetPort}/three.png`)).toBe(`image_fetch_failed: ${refusalFor(`http://evil.test:${world.targetPort}/three.png`)}`);
    expect(world.target.requests).toHaveLength(2);
  });

  test('still refuses cloud metadata, unspecified, multicast and broadcast addresses', async () => {
    for (const host of ['169.254.169.254', 'metadata.test', '[fd00:ec2::254]', '0.0.0.0', '[::]', '224.0.0.1', '255.255.255.255']) {
      expect(await outcome(fetcher({ allowPrivate: true }), `http://${host}:${world.targetPort}/latest/meta-data/`)).toMatch(/points to an address Outcrop never fetches images from/);
    }
    expectNothingReached();
  });
});

describe('through a company proxy (the proxy resolves names)', () => {
  const network = (): NetworkConfig => ({ httpProxy: proxy.url, httpsProxy: proxy.url, noProxy: 'localhost,127.0.0.1', extraCa: [TEST_CA_PEM] });

  test('literal local addresses and names that resolve locally to one are refused before any CONNECT', async () => {
    for (const host of ['127.0.0.1', '[::ffff:7f00:1]', '10.0.0.1', 'evil.test', 'mapped.test', 'localhost', 'printer.localhost']) {
      const url = `https://${host}:${world.targetPort}/secret.png`;
      expect(await outcome(fetcher({ network: network() }), url)).toBe(`image_fetch_failed: ${refusalFor(url)}`);
    }
    expect(proxy.connects).toEqual([]);
    expectNothingReached();
  });

  test('a name only the proxy can resolve goes through it by name; a redirect to a local address is refused', async () => {
    expect((await fetcher({ network: network() })(`https://images.corp.test:${world.tlsPort}/cat.png`)).format).toBe('png');
    expect(proxy.targets()).toEqual([`images.corp.test:${world.tlsPort}`]);
    const start = `https://images.corp.test:${world.tlsPort}/redirect?to=${encodeURIComponent(`https://127.0.0.1:${world.targetPort}/secret`)}`;
    expect(await outcome(fetcher({ network: network() }), start)).toBe(`image_fetch_failed: ${refusalFor(start)}`);
    expect(proxy.targets()).toEqual([`images.corp.test:${world.tlsPort}`, `images.corp.test:${world.tlsPort}`]);
    expect(world.target.connections).toBe(0);
  });
});
