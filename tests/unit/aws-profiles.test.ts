import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { awsFilePaths, loadAwsFiles } from '../../src-main/core/aws/aws-files';
import { lintAwsFile } from '../../src-main/core/aws/ini';
import { describeProfile, listProfiles, sessionEndOf } from '../../src-main/core/aws/profiles';
import { readSsoToken, ssoTokenPath, writeSsoToken } from '../../src-main/core/aws/sso-cache';

function home(config: string, credentials?: string): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'outcrop-aws-'));
  mkdirSync(join(dir, '.aws'));
  writeFileSync(join(dir, '.aws', 'config'), config);
  if (credentials !== undefined) writeFileSync(join(dir, '.aws', 'credentials'), credentials);
  return { HOME: dir };
}

const CONFIG = `
# a comment
[default]
region = us-east-1

[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer
region = us-west-2   ; trailing comment
s3 =
  max_concurrent_requests = 10

[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile legacy]
sso_start_url = https://d-legacy.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 444455556666
sso_role_name = Admin

[profile chain]
role_arn = arn:aws:iam::111122223333:role/Builder
source_profile = keys

[profile proc]
credential_process = /usr/local/bin/creds --json

[profile broken]
sso_session = missing

[profile loop-a]
role_arn = arn:aws:iam::1:role/A
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::1:role/B
source_profile = loop-a
`;

const CREDENTIALS = `
[keys]
aws_access_key_id = AKIDKEYS
aws_secret_access_key = secret
[half]
aws_access_key_id = AKIDHALF
`;

describe('AWS files', () => {
  test('lint: names the lines the SDK ignores', () => {
    const problems = lintAwsFile('[profile a]\nx = 1 # c\ns3 =\n  y = 2\n[profile b]\nnot a pair\n', 'config');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^line 6 is neither/);
  });

  test('AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE win over HOME', () => {
    expect(awsFilePaths({ HOME: '/h', AWS_CONFIG_FILE: '/c', AWS_SHARED_CREDENTIALS_FILE: '/k' })).toEqual({ configPath: '/c', credentialsPath: '/k' });
    expect(awsFilePaths({ HOME: '/h' })).toEqual({ configPath: '/h/.aws/config', credentialsPath: '/h/.aws/credentials' });
  });

  test('every kind of profile is classified, with its region', async () => {
    const files = await loadAwsFiles(home(CONFIG, CREDENTIALS));
    expect(describeProfile(files, 'dev')).toMatchObject({ kind: 'sso', region: 'us-west-2', ssoSession: 'corp', startUrl: 'https://d-1234567890.awsapps.com/start', accountId: '111122223333', roleName: 'Developer', ssoCacheKey: 'corp' });
    expect(describeProfile(files, 'legacy')).toMatchObject({ kind: 'sso-legacy', ssoCacheKey: 'https://d-legacy.awsapps.com/start', ssoRegion: 'eu-west-1' });
    expect(describeProfile(files, 'chain')).toMatchObject({ kind: 'role', sourceProfile: 'keys' });
    expect(describeProfile(files, 'proc')).toMatchObject({ kind: 'process' });
    expect(describeProfile(files, 'keys')).toMatchObject({ kind: 'static', sources: ['credentials'] });
    expect(describeProfile(files, 'default')).toMatchObject({ kind: 'other', region: 'us-east-1' });
    expect(describeProfile(files, 'broken').problem).toContain('sso-session "missing"');
    expect(describeProfile(files, 'half').problem).toContain('aws_secret_access_key');
  });

  test('an unknown profile names the known ones', async () => {
    const files = await loadAwsFiles(home(CONFIG));
    expect(() => describeProfile(files, 'nope')).toThrow(/"nope" is not defined.*Known profiles: default, dev/);
  });

  test('states: not signed in, signed in, refreshable, expired legacy, static, chain, loops and errors', async () => {
    const env = home(CONFIG, CREDENTIALS);
    const soon = new Date(Date.now() + 3600_000).toISOString();
    const past = new Date(Date.now() - 60_000).toISOString();
    let byName = Object.fromEntries((await listProfiles(env)).profiles.map((p) => [p.name, p]));
    expect(byName.dev.state).toMatchObject({ status: 'needs-sign-in' });
    await writeSsoToken('corp', { startUrl: 'https://d-1234567890.awsapps.com/start', region: 'us-east-1', accessToken: 't', expiresAt: soon }, env);
    await writeSsoToken('https://d-legacy.awsapps.com/start', { startUrl: 'https://d-legacy.awsapps.com/start', region: 'eu-west-1', accessToken: 't', expiresAt: past }, env);
    byName = Object.fromEntries((await listProfiles(env)).profiles.map((p) => [p.name, p]));
    expect(byName.dev.state).toEqual({ status: 'valid', expiresAt: soon, refreshable: false, sessionEndsAt: soon });
    expect(byName.legacy.state).toMatchObject({ status: 'needs-sign-in', expiresAt: past, refreshable: false, sessionEndsAt: past });
    expect(byName.keys.state!.status).toBe('valid');
    expect(byName.chain.state!.status).toBe('valid');
    expect(byName.proc.state!.status).toBe('unknown');
    expect(byName.broken.state!.status).toBe('error');
    expect(byName['loop-a'].state).toMatchObject({ status: 'error' });
    expect(byName['loop-a'].state!.message).toContain('loops');
    // An expired token with a refresh token and a live registration refreshes by itself.
    await writeSsoToken('corp', { startUrl: 'x', region: 'us-east-1', accessToken: 't', expiresAt: past, refreshToken: 'r', clientId: 'c', clientSecret: 's', registrationExpiresAt: soon }, env);
    byName = Object.fromEntries((await listProfiles(env)).profiles.map((p) => [p.name, p]));
    expect(byName.dev.state).toEqual({ status: 'valid', expiresAt: past, refreshable: true, sessionEndsAt: soon });
  });

  describe('SSO sessions: refreshable and when they end (typed, not from the message)', () => {
    const later = () => new Date(Date.now() + 90 * 86400_000).toISOString();
    const hour = () => new Date(Date.now() + 3600_000).toISOString();
    const past = () => new Date(Date.now() - 60_000).toISOString();
    const client = (registrationExpiresAt: string) => ({ refreshToken: 'r', clientId: 'c', clientSecret: 's', registrationExpiresAt });
    const state = async (env: NodeJS.ProcessEnv, name: string) => (await listProfiles(env)).profiles.find((p) => p.name === name)!.state!;

    test('sso-session with a refresh token and a live registration: refreshable, ends with the registration', async () => {
      const env = home(CONFIG);
      const [token, reg] = [hour(), later()];
      await writeSsoToken('corp', { startUrl: 'u', region: 'us-east-1', accessToken: 't', expiresAt: token, ...client(reg) }, env);
      expect(await state(env, 'dev')).toEqual({ status: 'valid', expiresAt: token, refreshable: true, sessionEndsAt: reg });
      // The credentials' "session ends soon" warning is driven by this, not by the hourly token.
      expect(await sessionEndOf('dev', env)).toBe(reg);
    });

    test('sso-session whose registration expired, or without a client secret: not refreshable, ends with the token', async () => {
      const env = home(CONFIG);
      const token = hour();
      await writeSsoToken('corp', { startUrl: 'u', region: 'us-east-1', accessToken: 't', expiresAt: token, ...client(past()) }, env);
      expect(await state(env, 'dev')).toEqual({ status: 'valid', expiresAt: token, refreshable: false, sessionEndsAt: token });
      expect(await sessionEndOf('dev', env)).toBe(token);
      await writeSsoToken('corp', { startUrl: 'u', region: 'us-east-1', accessToken: 't', expiresAt: past(), ...client(later()), clientSecret: undefined }, env);
      expect(await state(env, 'dev')).toMatchObject({ status: 'needs-sign-in', refreshable: false });
    });

    test('legacy SSO never refreshes, even with a refresh token in the cache', async () => {
      const env = home(CONFIG);
      const token = hour();
      await writeSsoToken('https://d-legacy.awsapps.com/start', { startUrl: 'u', region: 'eu-west-1', accessToken: 't', expiresAt: token, ...client(later()) }, env);
      expect(await state(env, 'legacy')).toEqual({ status: 'valid', expiresAt: token, refreshable: false, sessionEndsAt: token });
      expect(await sessionEndOf('legacy', env)).toBe(token);
    });

    test('no session end for profiles that are not SSO, or not signed in', async () => {
      const env = home(CONFIG, CREDENTIALS);
      expect(await sessionEndOf('keys', env)).toBeUndefined();
      expect(await sessionEndOf('chain', env)).toBeUndefined();
      expect(await sessionEndOf('dev', env)).toBeUndefined();
      expect(await sessionEndOf('nope', env)).toBeUndefined();
    });
  });

  test('the token cache uses the AWS CLI file name and 0600', async () => {
    const env = home(CONFIG);
    const path = await writeSsoToken('corp', { startUrl: 's', region: 'r', accessToken: 'a', expiresAt: '2030-01-01T00:00:00Z' }, env);
    const { createHash } = await import('node:crypto');
    expect(path).toBe(join(env.HOME!, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`));
    const { statSync } = await import('node:fs');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await readSsoToken('corp', env)).toMatchObject({ accessToken: 'a' });
  });

  test('a file with problems still yields the good profiles and names the bad lines', async () => {
    const files = await loadAwsFiles(home('[profile ok]\nregion = us-east-1\ngarbage line\n'));
    expect(files.profiles.has('ok')).toBe(true);
    expect(files.problems[0]).toContain('line 3');
  });
});
