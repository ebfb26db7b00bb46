import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, isLoopbackName, isLoopbackUrl } from '../../src-shared/loopback';

// One loopback predicate for the listen address, Host headers and the endpoint probe (issue 19).

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.1.2.3', '127.255.255.255', 'localhost', 'LOCALHOST', 'localhost.', ' 127.0.0.1 ', '::1', '[::1]', '0:0:0:0:0:0:0:1', '0000:0000:0000:0000:0000:0000:0000:0001', '::0:1', '::ffff:127.0.0.1', '[::ffff:127.0.0.2]', '0:0:0:0:0:ffff:127.0.0.1'])('%s is loopback', (h) => {
    expect(isLoopbackAddress(h)).toBe(true);
  });

  it.each(['0.0.0.0', '::', '', '10.0.0.1', '192.168.1.1', '127.foo', '127.0.0', '127.0.0.256', '127.0.0.1.example.com', 'localhost.example.com', 'a.localhost', '::2', '1::1', '::ffff:10.0.0.1', '::1:1', '[::1', 'fe80::1', '::1::', 'example.com'])('%s is not (strict: the proxy listens without keys only there)', (h) => {
    expect(isLoopbackAddress(h)).toBe(false);
  });
});

describe('isLoopbackName (Host headers)', () => {
  it('adds *.localhost names to the addresses', () => {
    expect(isLoopbackName('outcrop.localhost')).toBe(true);
    expect(isLoopbackName('127.0.0.1')).toBe(true);
    expect(isLoopbackName('localhost.evil.example')).toBe(false);
    expect(isLoopbackName('evil.example')).toBe(false);
  });
});

describe('isLoopbackUrl', () => {
  it('reads the URL host', () => {
    expect(isLoopbackUrl('http://127.0.0.1:8798')).toBe(true);
    expect(isLoopbackUrl('https://[::1]:443/')).toBe(true);
    expect(isLoopbackUrl('https://localhost')).toBe(true);
    expect(isLoopbackUrl('https://bedrock-runtime.us-east-1.amazonaws.com')).toBe(false);
    expect(isLoopbackUrl('not a url')).toBe(false);
  });
});
