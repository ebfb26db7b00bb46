import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSsoSessionData, parseKnownFiles } from '@smithy/core/config';
import { describe, expect, test } from 'vitest';
import { awsFilePaths, loadAwsFiles, type AwsFiles } from '../../src-main/core/aws/aws-files';
import { describeProfile, listProfiles } from '../../src-main/core/aws/profiles';

// Outcrop reads ~/.aws/config and ~/.aws/credentials through the AWS SDK's own loader; these
// files are the kind a hand parser gets wrong. The SDK itself is the oracle: Outcrop's view must
// equal what its loader returns, whatever the files hold.

function home(config: string, credentials?: string): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'outcrop-aws-files-'));
  mkdirSync(join(dir, '.aws'));
  writeFileSync(join(dir, '.aws', 'config'), config);
  if (credentials !== undefined) writeFileSync(join(dir, '.aws', 'credentials'), credentials);
  // No AWS_* variables: a throwaway env, never the machine's ~/.aws.
  return { HOME: dir };
}

/** What the SDK's loaders return for the files of `env` (profiles merged as its providers see them). */
async function oracle(env: NodeJS.ProcessEnv) {
  const { configPath, credentialsPath } = awsFilePaths(env);
  const merged = await parseKnownFiles({ filepath: credentialsPath, configFilepath: configPath, ignoreCache: true });
  const sessions = await loadSsoSessionData({ configFilepath: configPath });
  return { merged, sessions };
}

/** Outcrop's view equals the SDK's: the same profiles with the same values, the same sso-sessions. */
async function expectSameAsSdk(env: NodeJS.ProcessEnv): Promise<AwsFiles> {
  const files = await loadAwsFiles(env);
  const { merged, sessions } = await oracle(env);
  const sdkProfiles = Object.fromEntries(Object.entries(merged).filter(([k]) => !k.startsWith('sso-session.') && !k.startsWith('services.')));
  expect(Object.fromEntries([...files.profiles].map(([k, p]) => [k, p.values]))).toEqual(sdkProfiles);
  expect(Object.fromEntries(files.ssoSessions)).toEqual(sessions);
  return files;
}

const TRICKY_CONFIG = [
  '# full-line hash comment',
  '; full-line semicolon comment',
  '[default]',
  'region=eu-central-1',
  'output = json ; inline semicolon comment',
  '',
  '[profile quoted]',
  'region = "us-east-2"',
  "sso_role_name = 'Dev Role'",
  'sso_start_url = https://d-1.awsapps.com/start/#/  # the #/ stays, the comment goes',
  '',
  '[profile "spaced-quotes"]',
  'region = ap-south-1',
  '',
  '[profile Mixed]',
  'Region = us-west-1',
  'region = sa-east-1',
  'AWS_ACCESS_KEY_ID = AKIDUPPER',
  '',
  '[profile nested]',
  'region = us-west-2',
  's3 =',
  '  max_concurrent_requests = 20',
  '  addressing_style = path',
  'sts =',
  '\tregional_endpoints = regional',
  'output = text',
  '  indented_after_plain = yes',
  '',
  '[profile dup]',
  'region = us-east-1',
  'output = json',
  '[profile dup]',
  'region = eu-west-3',
  '',
  '[bare]',
  'region = should-be-ignored-in-config',
  '',
  '[profile my profile]',
  'region = ignored',
  '',
  '[ profile padded ]',
  'region = ignored',
  '',
  '[sso-session corp]',
  'sso_start_url = https://d-2.awsapps.com/start',
  'sso_region = us-east-1',
  'sso_registration_scopes = sso:account:access',
  '',
  '[profile sso]',
  'sso_session = corp',
  'sso_account_id = 111122223333',
  'sso_role_name = Developer',
  'region   =   ca-central-1   ',
  '',
  '[services local]',
  'bedrock-runtime =',
  '  endpoint_url = http://127.0.0.1:1',
  '',
  '[profile both]',
  'region = us-east-1',
  'aws_access_key_id = AKIDCONFIG',
  '',
  'not a line the SDK understands',
].join('\n');

const TRICKY_CREDENTIALS = [
  '[both]',
  'aws_access_key_id = AKIDCREDS',
  'aws_secret_access_key = secret # comment',
  '',
  '[keys-only]',
  'aws_access_key_id=AKIDKEYS',
  'aws_secret_access_key=shh',
  '',
  '[profile wrong-prefix]',
  'aws_access_key_id = AKIDWRONG',
  'aws_secret_access_key = x',
].join('\n');

describe('AWS files read through the SDK loader', () => {
  test('tricky config and credentials: Outcrop sees exactly what the SDK sees', async () => {
    const files = await expectSameAsSdk(home(TRICKY_CONFIG, TRICKY_CREDENTIALS));
    const v = (name: string) => files.profiles.get(name)?.values;
    // Spot checks of what the SDK does, so a change in it shows up here as well as in the oracle.
    expect(v('default')).toEqual({ region: 'eu-central-1', output: 'json' });
    expect(v('quoted')).toMatchObject({ region: '"us-east-2"', sso_role_name: "'Dev Role'", sso_start_url: 'https://d-1.awsapps.com/start/#/' });
    expect(v('spaced-quotes')).toEqual({ region: 'ap-south-1' });
    expect(v('Mixed')).toEqual({ Region: 'us-west-1', region: 'sa-east-1', AWS_ACCESS_KEY_ID: 'AKIDUPPER' });
    expect(v('nested')).toEqual({
      region: 'us-west-2',
      's3.max_concurrent_requests': '20',
      's3.addressing_style': 'path',
      'sts.regional_endpoints': 'regional',
      output: 'text',
      indented_after_plain: 'yes',
    });
    expect(v('dup')).toEqual({ region: 'eu-west-3', output: 'json' });
    expect(v('sso')).toMatchObject({ region: 'ca-central-1' });
    expect(files.profiles.has('bare')).toBe(false);
    expect(files.profiles.has('my profile')).toBe(false);
    expect(files.profiles.has('padded')).toBe(false);
    expect(files.profiles.has('local')).toBe(false);
    expect(v('both')).toEqual({ region: 'us-east-1', aws_access_key_id: 'AKIDCREDS', aws_secret_access_key: 'secret' });
    expect(files.profiles.get('both')!.sources).toEqual(['config', 'credentials']);
    expect(files.profiles.get('keys-only')!.sources).toEqual(['credentials']);
    expect(files.profiles.has('profile.wrong-prefix')).toBe(true);
    expect(files.ssoSessions.get('corp')).toEqual({ sso_start_url: 'https://d-2.awsapps.com/start', sso_region: 'us-east-1', sso_registration_scopes: 'sso:account:access' });
  });

  test('what the SDK skips silently is named in problems', async () => {
    const files = await loadAwsFiles(home(TRICKY_CONFIG, TRICKY_CREDENTIALS));
    const text = files.problems.join('\n');
    expect(text).toContain('"Region" is not read as "region"');
    expect(text).toContain('[profile my profile]');
    expect(text).toContain('[ profile padded ]');
    expect(text).toContain('is neither a [section] nor key = value');
    expect(text).toContain('keeps the quotes of "us-east-2"');
    expect(text).toContain('[profile wrong-prefix] defines a profile called "profile.wrong-prefix"');
    // [bare] is a legitimate non-profile section for the AWS CLI: no complaint.
    expect(text).not.toContain('[bare]');
  });

  test('listProfiles and describeProfile give the kind and region the SDK would use', async () => {
    const env = home(TRICKY_CONFIG, TRICKY_CREDENTIALS);
    const files = await loadAwsFiles(env);
    expect(describeProfile(files, 'sso')).toMatchObject({ kind: 'sso', region: 'ca-central-1', startUrl: 'https://d-2.awsapps.com/start', ssoScopes: ['sso:account:access'] });
    expect(describeProfile(files, 'both')).toMatchObject({ kind: 'static', region: 'us-east-1', sources: ['config', 'credentials'] });
    // Upper-case keys are not the SDK's keys: no region, no access key.
    expect(describeProfile(files, 'Mixed')).toMatchObject({ kind: 'other', region: 'sa-east-1' });
    expect(describeProfile(files, 'dup').region).toBe('eu-west-3');
    expect(describeProfile(files, 'nested').region).toBe('us-west-2');
    const { profiles } = await listProfiles(env);
    expect(profiles[0].name).toBe('default');
    expect(Object.fromEntries(profiles.map((p) => [p.name, [p.kind, p.region]]))).toMatchObject({
      default: ['other', 'eu-central-1'],
      quoted: ['sso-legacy', '"us-east-2"'],
      sso: ['sso', 'ca-central-1'],
      'keys-only': ['static', undefined],
      both: ['static', 'us-east-1'],
    });
  });

  test('[default] and [profile default] in config: the SDK takes [profile default] whole', async () => {
    const env = home('[default]\nregion = us-east-1\noutput = json\n[profile default]\nregion = eu-west-1\n');
    const files = await expectSameAsSdk(env);
    expect(files.profiles.get('default')!.values).toEqual({ region: 'eu-west-1' });
    expect(files.problems.join('\n')).toContain('uses only [profile default]');
  });

  test('CRLF line endings', async () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const files = await expectSameAsSdk(home(crlf(TRICKY_CONFIG), crlf(TRICKY_CREDENTIALS)));
    expect(files.profiles.get('nested')!.values['s3.max_concurrent_requests']).toBe('20');
    expect(files.ssoSessions.get('corp')!.sso_region).toBe('us-east-1');
  });

  test('an empty value starts a sub-section, so the key itself is not set', async () => {
    const files = await expectSameAsSdk(home('[profile p]\nregion =\noutput = json\n'));
    expect(files.profiles.get('p')!.values).toEqual({ output: 'json' });
  });

  test('the env passed in decides the files, not process.env (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, ~/)', async () => {
    const env = home('[profile from-home]\nregion = us-east-1\n');
    const dir = mkdtempSync(join(tmpdir(), 'outcrop-aws-files-env-'));
    writeFileSync(join(dir, 'cfg'), '[profile from-env]\nregion = eu-north-1\n');
    writeFileSync(join(env.HOME!, 'creds'), '[from-tilde]\naws_access_key_id = A\naws_secret_access_key = B\n');
    const files = await expectSameAsSdk({ ...env, AWS_CONFIG_FILE: join(dir, 'cfg'), AWS_SHARED_CREDENTIALS_FILE: '~/creds' });
    expect([...files.profiles.keys()].sort()).toEqual(['from-env', 'from-tilde']);
    expect(files.credentialsPath).toBe(join(env.HOME!, 'creds'));
  });

  test('edits are seen: the SDK read cache is bypassed', async () => {
    const env = home('[profile a]\nregion = us-east-1\n');
    expect((await loadAwsFiles(env)).profiles.get('a')!.values.region).toBe('us-east-1');
    writeFileSync(join(env.HOME!, '.aws', 'config'), '[profile a]\nregion = eu-west-1\n');
    expect((await loadAwsFiles(env)).profiles.get('a')!.values.region).toBe('eu-west-1');
  });

  test('missing files are empty, with no problems', async () => {
    const files = await loadAwsFiles({ HOME: mkdtempSync(join(tmpdir(), 'outcrop-aws-files-none-')) });
    expect(files.profiles.size).toBe(0);
    expect(files.problems).toEqual([]);
  });

  test('unreadable or garbled files give a problem, never a crash', async () => {
    const env = home('[profile ok]\nregion = us-east-1\n');
    // A folder where the credentials file should be.
    mkdirSync(join(env.HOME!, '.aws', 'credentials'));
    let files = await loadAwsFiles(env);
    expect(files.profiles.has('ok')).toBe(true);
    expect(files.problems).toEqual([expect.stringMatching(/credentials: it is a folder/)]);

    // A name the SDK refuses makes it drop the whole file.
    const proto = home('[profile ok]\nregion = us-east-1\n[profile __proto__]\nregion = x\n');
    files = await expectSameAsSdk(proto);
    expect(files.profiles.size).toBe(0);
    expect(files.problems.join('\n')).toContain('ignores this whole file');

    // Binary junk.
    const junk = home(String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i)).repeat(4));
    files = await expectSameAsSdk(junk);
    expect(files.problems.length).toBeGreaterThan(0);

    if (process.getuid?.() !== 0) {
      const locked = home('[profile secret]\nregion = us-east-1\n');
      chmodSync(join(locked.HOME!, '.aws', 'config'), 0o000);
      files = await loadAwsFiles(locked);
      expect(files.profiles.size).toBe(0);
      expect(files.problems).toEqual([expect.stringMatching(/Could not read .*config: .*EACCES/)]);
    }
  });
});
