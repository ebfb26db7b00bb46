import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { describe, expect, test } from 'vitest';
import { describeNetwork, normaliseProxyUrl, resolveNetwork } from '../../src-main/core/network';
import { caOption } from '../../src-proxy/net/agents';
import { noProxyMatches, proxyAuthorization, proxyFor, redactProxyUrl } from '../../src-proxy/net/proxy-rules';
import { settingsSchema } from '../../src-shared/settings';
import { TEST_CA_PATH, TEST_CA_PEM } from '../support/test-tls';

describe('NO_PROXY matching (as curl and the AWS CLI read it)', () => {
  test.each([
    ['*', 'anything.example', 443, true],
    ['example.com', 'example.com', 443, true],
    ['example.com', 'api.example.com', 443, true],
    ['.example.com', 'api.example.com', 443, true],
    ['.example.com', 'example.com', 443, true],
    ['*.example.com', 'a.b.example.com', 443, true],
    ['example.com', 'notexample.com', 443, false],
    ['example.com', 'example.com.evil.net', 443, false],
    ['EXAMPLE.com', 'Api.Example.COM.', 443, true],
    ['example.com:8443', 'example.com', 8443, true],
    ['example.com:8443', 'example.com', 443, false],
    ['10.1.2.3', '10.1.2.3', 443, true],
    ['10.1.2.3', '10.1.2.4', 443, false],
    ['10.0.0.0/8', '10.200.3.4', 443, true],
    ['10.0.0.0/8', '11.0.0.1', 443, false],
    ['::1', '[::1]', 443, true],
    ['[::1]:8080', '::1', 8080, true],
    ['[::1]:8080', '::1', 443, false],
    ['fd00::/8', 'fd12::1', 443, true],
    ['localhost', '127.0.0.1', 443, false],
    ['', 'example.com', 443, false],
    ['a.com, b.com  c.com', 'x.c.com', 443, true],
  ])('%j vs %s:%i -> %s', (noProxy, host, port, expected) => {
    expect(noProxyMatches(host, port, noProxy)).toBe(expected);
  });

  test('loopback is proxied unless listed (as with the AWS CLI)', () => {
    const cfg = { httpsProxy: 'http://proxy:3128' };
    expect(proxyFor('https://localhost:8443/x', cfg)?.host).toBe('proxy:3128');
    expect(proxyFor('https://localhost:8443/x', { ...cfg, noProxy: 'localhost,127.0.0.1' })).toBeUndefined();
    expect(proxyFor('https://127.0.0.1:8443/x', { ...cfg, noProxy: 'localhost,127.0.0.1' })).toBeUndefined();
  });
});

describe('which proxy a URL uses', () => {
  const cfg = { httpsProxy: 'http://secure-proxy:3128', httpProxy: 'http://plain-proxy:3128', noProxy: 'internal.corp' };
  test('https targets use httpsProxy, http targets httpProxy; NO_PROXY (with default ports) exempts', () => {
    expect(proxyFor('https://bedrock-runtime.us-east-1.amazonaws.com/model/x', cfg)?.hostname).toBe('secure-proxy');
    expect(proxyFor('http://images.example.com/cat.png', cfg)?.hostname).toBe('plain-proxy');
    expect(proxyFor('https://git.internal.corp/x', cfg)).toBeUndefined();
    expect(proxyFor('https://a.example/', { httpsProxy: 'http://p:1', noProxy: 'a.example:443' })).toBeUndefined();
    expect(proxyFor('http://a.example/', { httpsProxy: 'http://p:1' })).toBeUndefined();
    expect(proxyFor('https://a.example/', undefined)).toBeUndefined();
  });

  test('credentials become Proxy-Authorization basic, percent-decoded; redaction hides them', () => {
    const url = new URL('http://alice%40corp:p%3Ass%20w@proxy.corp:3128');
    expect(proxyAuthorization(url)).toBe(`Basic ${Buffer.from('alice@corp:p:ss w').toString('base64')}`);
    expect(proxyAuthorization(new URL('http://proxy.corp:3128'))).toBeUndefined();
    expect(redactProxyUrl(url)).toBe('http://***@proxy.corp:3128');
    expect(redactProxyUrl('http://proxy.corp:3128/')).toBe('http://proxy.corp:3128');
    expect(redactProxyUrl('not a url')).not.toContain('not a url');
  });

  test('extra CAs are added to Node\'s bundled roots, never replacing them', () => {
    expect(caOption({})).toBeUndefined();
    const ca = caOption({ extraCa: [TEST_CA_PEM] })!;
    expect(ca).toHaveLength(rootCertificates.length + 1);
    expect(ca.slice(0, -1)).toEqual([...rootCertificates]);
    expect(ca.at(-1)).toBe(TEST_CA_PEM);
  });
});

describe('resolving the network config from settings and the environment', () => {
  test('the setting wins over HTTPS_PROXY and is used for http:// too; lower case wins over upper case', () => {
    const env = { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:1', HTTP_PROXY: 'http://plain:1', NO_PROXY: 'env.corp' };
    expect(resolveNetwork({}, env).config).toEqual({ httpsProxy: 'http://lower:1', httpProxy: 'http://plain:1', noProxy: 'env.corp' });
    const s = resolveNetwork({ httpsProxy: 'http://setting:3128', noProxy: 'setting.corp' }, env);
    expect(s.config).toEqual({ httpsProxy: 'http://setting:3128', httpProxy: 'http://setting:3128', noProxy: 'setting.corp' });
    expect(s.proxySource).toBe('Outcrop settings');
  });

  test('ALL_PROXY is the fallback; a bare host:port means http://; a socks proxy is reported and ignored', () => {
    expect(resolveNetwork({}, { ALL_PROXY: 'proxy.corp:8080' }).config).toEqual({ httpsProxy: 'http://proxy.corp:8080', httpProxy: 'http://proxy.corp:8080' });
    const socks = resolveNetwork({}, { HTTPS_PROXY: 'socks5://u:secret@proxy:1080' });
    expect(socks.config).toEqual({});
    expect(socks.problems[0]).toMatch(/not an http:\/\/ or https:\/\/ URL/);
    expect(socks.problems[0]).not.toContain('secret');
    expect(normaliseProxyUrl('https://p.corp')).toBe('https://p.corp');
    expect(normaliseProxyUrl('ftp://p.corp')).toBeUndefined();
  });

  test('AWS_CA_BUNDLE and NODE_EXTRA_CA_CERTS are read (both, once each); unreadable or empty files are problems', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outcrop-ca-'));
    const other = join(dir, 'other.pem');
    writeFileSync(other, `junk before\n${TEST_CA_PEM}\njunk after\n`);
    const r = resolveNetwork({}, { AWS_CA_BUNDLE: TEST_CA_PATH, NODE_EXTRA_CA_CERTS: other });
    expect(r.caFiles).toEqual([TEST_CA_PATH, other]);
    expect(r.config.extraCa).toHaveLength(2);
    expect(r.config.extraCa![1]).not.toContain('junk');
    expect(resolveNetwork({}, { AWS_CA_BUNDLE: TEST_CA_PATH, NODE_EXTRA_CA_CERTS: TEST_CA_PATH }).caFiles).toEqual([TEST_CA_PATH]);
    const empty = join(dir, 'empty.pem');
    writeFileSync(empty, 'nothing here');
    expect(resolveNetwork({}, { AWS_CA_BUNDLE: empty }).problems[0]).toMatch(/holds no PEM certificate/);
    expect(resolveNetwork({}, { AWS_CA_BUNDLE: join(dir, 'missing.pem') }).problems[0]).toMatch(/AWS_CA_BUNDLE .* cannot be read/);
  });

  test('doctor lines name the proxy without its password, NO_PROXY and the CA files', () => {
    const lines = describeNetwork(resolveNetwork({ httpsProxy: 'http://bob:hunter2@proxy.corp:3128' }, { NO_PROXY: 'localhost', AWS_CA_BUNDLE: TEST_CA_PATH }));
    expect(lines.join('\n')).not.toContain('hunter2');
    expect(lines[0]).toBe('Proxy http://***@proxy.corp:3128 (from Outcrop settings) for https:// and http://.');
    expect(lines[1]).toBe('NO_PROXY: localhost.');
    expect(lines[2]).toContain(TEST_CA_PATH);
    expect(describeNetwork(resolveNetwork({}, {}))).toEqual(['No proxy: connections go direct.', "TLS trusts Node's bundled root CAs (no AWS_CA_BUNDLE or NODE_EXTRA_CA_CERTS)."]);
  });
});

describe('proxy settings schema', () => {
  test('httpsProxy must be an http(s) URL; noProxy is free text', () => {
    expect(settingsSchema.shape.httpsProxy.safeParse('http://u:p@proxy.corp:3128').success).toBe(true);
    expect(settingsSchema.shape.httpsProxy.safeParse('https://proxy.corp').success).toBe(true);
    expect(settingsSchema.shape.httpsProxy.safeParse('socks5://proxy.corp:1080').success).toBe(false);
    expect(settingsSchema.shape.httpsProxy.safeParse('proxy.corp:3128').success).toBe(false);
    expect(settingsSchema.shape.noProxy.safeParse('localhost, .corp, 10.0.0.0/8').success).toBe(true);
  });
});
