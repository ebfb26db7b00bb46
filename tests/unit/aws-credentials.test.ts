import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { AwsCredentials, type CredentialState } from '../../src-main/core/aws/credentials';
import { FileSecretStore } from '../../src-main/core/secrets';

afterEach(() => vi.useRealTimers());

describe('AwsCredentials state', () => {
  test('valid after a resolution; expiring 10 minutes before the sign-in ends; needs sign-in after', async () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    const end = '2030-01-01T01:00:00.000Z';
    const creds = new AwsCredentials({ profile: 'dev', makeProvider: () => async () => ({ accessKeyId: 'AKID', secretAccessKey: 's' }), sessionExpiry: async () => end });
    const states: CredentialState[] = [];
    creds.on('state', (s) => states.push(s));
    await creds.providerFactory()()();
    expect(creds.state).toMatchObject({ profile: 'dev', status: 'valid', expiresAt: end });
    await vi.advanceTimersByTimeAsync(50 * 60_000 + 1000);
    expect(creds.state.status).toBe('expiring');
    expect(creds.state.message).toContain('10 minutes');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(creds.state.status).toBe('needs-sign-in');
    expect(states.map((s) => s.status)).toEqual(['valid', 'expiring', 'needs-sign-in']);
    creds.dispose();
  });

  test('credentials that renew themselves (no session end) never warn', async () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    const creds = new AwsCredentials({ profile: 'keys', makeProvider: () => async () => ({ accessKeyId: 'A', secretAccessKey: 's', expiration: new Date('2030-01-01T00:30:00Z') }) });
    await creds.providerFactory()()();
    await vi.advanceTimersByTimeAsync(3600_000);
    expect(creds.state.status).toBe('valid');
  });

  test('an SSO failure while loading means needs sign-in, with the command to run', async () => {
    const creds = new AwsCredentials({ profile: 'dev', makeProvider: () => async () => { throw new Error('The SSO session associated with this profile has expired or is otherwise invalid.'); } });
    await expect(creds.providerFactory()()()).rejects.toThrow();
    expect(creds.state.status).toBe('needs-sign-in');
    expect(creds.state.message).toContain('login --profile dev');
  });

  test('a rejection by AWS after the retry means needs sign-in; other load failures are errors', async () => {
    const creds = new AwsCredentials({ profile: 'x', makeProvider: () => async () => { throw new Error('Could not parse credential_process output'); } });
    await expect(creds.providerFactory()()()).rejects.toThrow();
    expect(creds.state.status).toBe('error');
    creds.rejected(new Error('ExpiredTokenException'));
    expect(creds.state.status).toBe('needs-sign-in');
  });

  test('keys in the environment that AWS refuses are an error to fix there, not a sign-in; with a profile named they are not in use', async () => {
    const fromEnv = new AwsCredentials({ env: { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 's' }, makeProvider: () => async () => ({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 's' }) });
    fromEnv.rejected(Object.assign(new Error('The security token included in the request is expired. More.'), { name: 'ExpiredTokenException' }));
    expect(fromEnv.state.status).toBe('error');
    expect(fromEnv.state.message).toBe('AWS refused the keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (The security token included in the request is expired). Renew them in the environment and restart Outcrop.');
    // The same keys loading again (as keys in the environment always do) leave it refused; other keys are valid again.
    let key = 'AKIAEXAMPLE';
    const again = new AwsCredentials({ env: { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 's' }, makeProvider: () => async () => ({ accessKeyId: key, secretAccessKey: 's' }) });
    await again.providerFactory()()();
    expect(again.state.status).toBe('valid');
    again.rejected(Object.assign(new Error('The security token included in the request is invalid.'), { name: 'UnrecognizedClientException' }));
    await again.providerFactory()()();
    expect(again.state.status).toBe('error');
    key = 'AKIARENEWED';
    await again.providerFactory()()();
    expect(again.state.status).toBe('valid');
    const named = new AwsCredentials({ env: { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 's', AWS_PROFILE: 'corp' } });
    named.rejected(new Error('ExpiredTokenException'));
    expect(named.state.status).toBe('needs-sign-in');
  });

  test('the profile defaults to AWS_PROFILE, then default', () => {
    expect(new AwsCredentials({ env: { AWS_PROFILE: 'fromenv' } }).profileName).toBe('fromenv');
    expect(new AwsCredentials({ env: {} }).profileName).toBe('default');
    expect(new AwsCredentials({ profile: 'set', env: { AWS_PROFILE: 'fromenv' } }).profileName).toBe('set');
  });
});

describe('secret store', () => {
  test('headless: a 0600 file outside settings; removing a key deletes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outcrop-secrets-'));
    const store = new FileSecretStore(dir);
    await store.set('bedrock-api-key', 'abc');
    expect(await store.get('bedrock-api-key')).toBe('abc');
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    await store.set('bedrock-api-key', undefined);
    expect(await store.get('bedrock-api-key')).toBeUndefined();
  });

  test('with a sealer (safeStorage) nothing is stored in plain text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outcrop-secrets-'));
    const sealer = { encrypt: (s: string) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)), decrypt: (b: Buffer) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString() };
    const store = new FileSecretStore(dir, sealer);
    await store.set('bedrock-api-key', 'my-secret-key');
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain('my-secret-key');
    expect(await store.get('bedrock-api-key')).toBe('my-secret-key');
    expect(store.description).toContain('keychain');
  });
});

test('a network failure while loading credentials is one sentence, and not "needs sign-in"', async () => {
  const offline = Object.assign(new Error('getaddrinfo ENOTFOUND portal.sso.us-east-1.amazonaws.com'), { code: 'ENOTFOUND', hostname: 'portal.sso.us-east-1.amazonaws.com' });
  const creds = new AwsCredentials({ profile: 'dev', makeProvider: () => async () => Promise.reject(offline) });
  await expect(creds.providerFactory()()()).rejects.toBe(offline);
  expect(creds.state).toMatchObject({ status: 'error', message: 'Could not load credentials for profile "dev": Could not look up AWS SSO (portal.sso.us-east-1.amazonaws.com): this machine looks offline or its DNS is failing — check the network or VPN connection, then try again.' });
  creds.dispose();
});
