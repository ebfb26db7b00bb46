import { describe, expect, test } from 'vitest';
import { adviceText, backendCheck, credentialsCheck, loadedCredentialsCheck, modelAccessCheck, portCheck, regionCheck } from '../../src-main/core/diagnosis/checks';
import type { SetupFacts } from '../../src-main/core/diagnosis/facts';

const facts = (over: Partial<SetupFacts> = {}): SetupFacts => ({
  mode: 'headless',
  profile: 'default',
  profileSource: 'default',
  envKeys: false,
  configPath: '/home/me/.aws/config',
  configExists: false,
  knownProfiles: [],
  fileProblems: [],
  ...over,
});
const sso = { name: 'dev', kind: 'sso' as const, startUrl: 'https://corp.awsapps.com/start', accountId: '111122223333', roleName: 'Dev' };

describe('credentials', () => {
  test('nothing at all: what is missing, and the setup command headless / the tray and Settings on the desktop', () => {
    const headless = credentialsCheck(facts());
    expect(headless).toMatchObject({ state: 'fail', summary: 'No AWS credentials are set up: /home/me/.aws/config does not exist and no keys are in the environment.' });
    expect(headless.fix).toMatch(/^run `aws configure sso`.*restart Outcrop with `--profile <name>`/);
    const desktop = credentialsCheck(facts({ mode: 'desktop', configExists: true }));
    expect(desktop.summary).toContain('defines no profiles');
    expect(desktop.fix).toContain('tray menu');
    expect(desktop.fix).toContain('Bedrock API key in Settings');
  });

  test('an undefined profile names where it came from and the defined ones', () => {
    const f = facts({ profile: 'ghost', profileSource: '--profile', knownProfiles: ['dev', 'prod'], configExists: true });
    expect(credentialsCheck(f)).toEqual({ id: 'credentials', state: 'fail', summary: 'Profile "ghost" (from --profile) is not defined in /home/me/.aws/config.', fix: 'restart with `--profile dev` (defined: dev, prod)' });
    expect(credentialsCheck({ ...f, mode: 'desktop' }).fix).toBe('pick one of dev, prod in the tray menu (AWS profile) or on the Credentials screen');
  });

  test('SSO sign-in needed or expired: the login command headless, Sign in on the desktop', () => {
    const never = facts({ profile: 'dev', details: sso, state: { status: 'needs-sign-in' } });
    expect(credentialsCheck(never)).toMatchObject({ state: 'fail', summary: 'AWS SSO profile "dev" needs sign-in: it is not signed in yet.', fix: 'run `npm run outcrop -- login --profile dev`' });
    const expired = facts({ mode: 'desktop', profile: 'dev', details: sso, state: { status: 'needs-sign-in', expiresAt: '2026-01-01T00:00:00Z' } });
    expect(credentialsCheck(expired)).toMatchObject({ summary: 'The AWS SSO session for profile "dev" expired at 2026-01-01T00:00:00Z.', fix: expect.stringContaining('Sign in') });
  });

  test('an API key or environment keys are fine whatever the profile', () => {
    expect(credentialsCheck(facts({ apiKey: 'AWS_BEARER_TOKEN_BEDROCK' })).state).toBe('ok');
    expect(credentialsCheck(facts({ envKeys: true })).state).toBe('ok');
  });

  test('loaded: the key is shown by its ends only; a failure keeps the file finding, or explains the error', () => {
    const ok = loadedCredentialsCheck(facts({ envKeys: true }), { ok: true, accessKeyId: 'AKIAABCDEFGHIJKLWXYZ' });
    expect(ok.summary).toMatch(/^Credentials load: access key AKIA…WXYZ — /);
    expect(ok.summary).not.toContain('ABCDEFGHIJKL');
    const f = facts({ profile: 'dev', details: sso, state: { status: 'valid' } });
    const dns = loadedCredentialsCheck(f, { ok: false, error: Object.assign(new Error('getaddrinfo ENOTFOUND portal.sso.us-east-1.amazonaws.com'), { code: 'ENOTFOUND' }) });
    expect(dns.summary).toMatch(/^Could not look up AWS SSO \(portal\.sso\.us-east-1\.amazonaws\.com\): this machine looks offline/);
    const revoked = loadedCredentialsCheck(f, { ok: false, error: Object.assign(new Error('Session token not found or invalid'), { name: 'UnauthorizedException' }) });
    expect(revoked).toMatchObject({ summary: 'The AWS SSO session for profile "dev" expired or was revoked.', fix: 'run `npm run outcrop -- login --profile dev`' });
    const keys = loadedCredentialsCheck(facts({ envKeys: true }), { ok: false, error: Object.assign(new Error('The security token included in the request is invalid. More text.'), { name: 'UnrecognizedClientException' }) });
    expect(keys.summary).toContain('UnrecognizedClientException: The security token included in the request is invalid.)');
    expect(keys.summary).not.toContain('More text');
    expect(keys.fix).toContain('AWS_ACCESS_KEY_ID');
    // Expired keys in the environment (a session from aws sts, say) are renewed there: not an SSO sign-in.
    const expired = loadedCredentialsCheck(facts({ envKeys: true, details: sso }), { ok: false, error: Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException' }) });
    expect(expired.summary).toBe('AWS refused or could not load the keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (ExpiredTokenException: The security token included in the request is expired)');
    expect(expired.fix).toContain('renew AWS_ACCESS_KEY_ID');
    const apiKey = loadedCredentialsCheck(facts({ apiKey: 'Outcrop settings', details: sso }), { ok: false, error: Object.assign(new Error('Invalid API key'), { name: 'UnauthorizedException' }) });
    expect(apiKey.summary).toContain('the Bedrock API key');
    expect(apiKey.fix).toContain('save a valid Bedrock API key');
  });
});

describe('region, port, backend, model access', () => {
  test('region: where it came from, or the fix', () => {
    expect(regionCheck(facts({ region: 'eu-west-1', regionSource: 'AWS_REGION' })).summary).toBe('Region eu-west-1 (from AWS_REGION).');
    expect(regionCheck(facts()).fix).toContain('--region us-east-1');
    expect(regionCheck(facts({ mode: 'desktop' })).fix).toBe('choose a region on the Credentials screen');
  });

  test('port', () => {
    expect(portCheck({ listening: true, url: 'http://127.0.0.1:8797' }, 'desktop').state).toBe('ok');
    expect(portCheck({ listening: false, host: '127.0.0.1', port: 8797 }, 'desktop')).toMatchObject({ state: 'fail', fix: 'choose "Start proxy" in the tray menu' });
    expect(portCheck({ listening: false, host: '127.0.0.1', port: 8797, taken: 'other' }, 'headless').fix).toContain('--port 8798');
    expect(portCheck({ listening: false, host: '127.0.0.1', port: 8797, taken: 'outcrop' }, 'headless').state).toBe('ok');
  });

  test('backend: the emulator said out loud; an endpoint that does not answer is a failure', () => {
    expect(backendCheck({ kind: 'emulator', label: 'Emulator (no AWS)', endpoint: 'http://127.0.0.1:8798' }, { ok: true }).summary).toContain('Emulator (no AWS)');
    expect(backendCheck({ kind: 'aws', label: 'AWS' }, { ok: true }, 'us-east-1').summary).toBe('Real AWS: Amazon Bedrock in us-east-1.');
    const down = backendCheck({ kind: 'aws', label: 'AWS', endpoint: 'http://127.0.0.1:9' }, { ok: false, error: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) });
    expect(down).toMatchObject({ state: 'fail', fix: expect.stringContaining('npm run emulator') });
  });

  test('model access: skipped until the basics work; denied gets the permission fix', () => {
    expect(modelAccessCheck(facts(), { skipped: true }).state).toBe('unknown');
    expect(modelAccessCheck(facts(), { ok: false, error: { code: 'bedrock_access_denied', message: 'Bedrock denied access (x). Make sure …' } })).toMatchObject({ state: 'fail', summary: 'Bedrock denied access (x).' });
    expect(modelAccessCheck(facts(), { ok: true, models: 3, profiles: 2, region: 'us-east-1', defaultModel: 'x', resolved: 'y', listed: false }).state).toBe('warn');
  });
});

test('adviceText: the failing findings, then their fixes; nothing when all is well', () => {
  const f = facts();
  expect(adviceText([credentialsCheck(f), regionCheck(f)])).toMatch(/^No AWS credentials are set up: .+ No AWS region is set: .+ To fix: run `aws configure sso`.+; and restart with `--region us-east-1`.+\.$/);
  expect(adviceText([regionCheck(facts({ region: 'us-east-1', regionSource: 'AWS_REGION' }))])).toBeUndefined();
});
