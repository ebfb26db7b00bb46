// AWS profile role chains (role_arn + source_profile) through the SDK's own credential providers
// against the STS emulator: config and credentials files in a temp HOME, the providers' internal
// STS client (@aws-sdk/nested-clients/sts, awsQuery) pointed at the emulator with AWS_ENDPOINT_URL_STS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startBedrockEmulator, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type BedrockEmulator } from '../support/bedrock-emulator';
import { Sha256 } from '../support/bedrock-emulator/sigv4';
import { DEFAULT_ROLE_ARN, startStsEmulator, stsEmulatorEnv, writeRoleProfile, type StsEmulator, type WriteRoleProfileOptions } from '../support/sts-emulator';

const MODEL = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';

let sts: StsEmulator;
let bedrock: BedrockEmulator;
let home: string;
const extraEmulators: StsEmulator[] = [];

beforeAll(async () => {
  bedrock = await startBedrockEmulator();
  sts = await startStsEmulator({ onCredentials: (c) => bedrock.addCredentials(c.accessKeyId, c.secretAccessKey) });
});
afterAll(async () => {
  await sts.close();
  await bedrock.close();
  await Promise.all(extraEmulators.map((e) => e.close()));
});

beforeEach(() => {
  sts.reset();
  bedrock.reset();
  // A fresh HOME per test: the SDK caches parsed ini files by path.
  home = mkdtempSync(join(tmpdir(), 'outcrop-sts-home-'));
  vi.stubEnv('HOME', home);
  for (const [k, v] of Object.entries(stsEmulatorEnv(sts.url))) vi.stubEnv(k, v);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(home, { recursive: true, force: true });
});

function profileFiles(opts: WriteRoleProfileOptions = {}) {
  const files = writeRoleProfile(home, opts);
  vi.stubEnv('AWS_CONFIG_FILE', files.configPath);
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', files.credentialsPath);
  return files;
}

/** A request signed by hand (service sts), for what the SDK's nested STS client cannot send. */
async function signedPost(url: string, body: string, creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
  const u = new URL(url);
  const signer = new SignatureV4({ credentials: creds, region: 'us-east-1', service: 'sts', sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: u.hostname,
    port: Number(u.port),
    path: '/',
    headers: { host: u.host, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const res = await fetch(url, { method: 'POST', headers: signed.headers as Record<string, string>, body });
  return { status: res.status, text: await res.text() };
}

const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

describe('assume-role profiles through the SDK', () => {
  it('fromIni: role_arn + source_profile resolves the credentials the emulator issued', async () => {
    const files = profileFiles({ region: 'us-west-2' });
    const creds = await fromIni({ profile: files.profile, ignoreCache: true })();

    expect(sts.issuedCredentials).toHaveLength(1);
    const issued = sts.issuedCredentials[0];
    expect(creds).toMatchObject({ accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken, accountId: '111122223333' });
    expect(creds.accessKeyId).toMatch(/^ASIA[0-9A-Z]{16}$/);
    expect(creds.expiration?.getTime()).toBe(issued.expiration.getTime());
    expect(issued).toMatchObject({ roleArn: DEFAULT_ROLE_ARN, sourceAccessKeyId: TEST_ACCESS_KEY_ID });
    expect(issued.assumedRoleArn).toBe(`arn:aws:sts::111122223333:assumed-role/OutcropDeveloper/${issued.roleSessionName}`);

    // What the nested STS client sends: awsQuery form POST /, SigV4 for sts in the profile's region.
    const req = sts.lastRequest('AssumeRole')!;
    expect(req).toMatchObject({ method: 'POST', path: '/', status: 200, accessKeyId: TEST_ACCESS_KEY_ID, service: 'sts', region: 'us-west-2' });
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.params).toMatchObject({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: DEFAULT_ROLE_ARN, DurationSeconds: '3600' });
    expect(req.params.RoleSessionName).toMatch(/^aws-sdk-js-\d+$/);
  });

  it('fromNodeProviderChain: honours role_session_name and duration_seconds; the role keys sign Bedrock calls', async () => {
    const files = profileFiles({ region: 'us-east-2', roleSessionName: 'outcrop-session', durationSeconds: 1800 });
    const client = new BedrockRuntimeClient({ endpoint: bedrock.url, region: 'us-east-2', credentials: fromNodeProviderChain({ profile: files.profile, ignoreCache: true }), maxAttempts: 1 });
    try {
      await client.send(new ConverseCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
    } finally {
      client.destroy();
    }
    const issued = sts.issuedCredentials[0];
    expect(sts.lastRequest('AssumeRole')!.params).toMatchObject({ RoleSessionName: 'outcrop-session', DurationSeconds: '1800' });
    expect(issued.expiration.getTime() - Date.now()).toBeGreaterThan(1790_000);
    expect(issued.expiration.getTime() - Date.now()).toBeLessThanOrEqual(1800_000);
    expect(bedrock.lastRequest('Converse')).toMatchObject({ auth: 'sigv4', accessKeyId: issued.accessKeyId, sessionToken: issued.sessionToken });
  });

  it('the STS client region: profile region, else AWS_REGION, else us-east-1 (with the SDK warning)', async () => {
    let files = profileFiles();
    vi.stubEnv('AWS_REGION', 'eu-central-1');
    await fromIni({ profile: files.profile, ignoreCache: true })();
    expect(sts.lastRequest()!.region).toBe('eu-central-1');

    vi.unstubAllEnvs();
    vi.stubEnv('HOME', home);
    vi.stubEnv('AWS_ENDPOINT_URL_STS', sts.url);
    files = profileFiles({ profile: 'no-region' });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await fromIni({ profile: files.profile, ignoreCache: true })();
    expect(sts.lastRequest()!.region).toBe('us-east-1');
    expect(warn.mock.calls.flat().join('\n')).toMatch(/default STS region of us-east-1/);
  });

  it('a role chain: the second AssumeRole is signed with the first role session', async () => {
    const files = profileFiles({
      profile: 'first-role',
      region: 'us-west-2',
      extraConfig: ['[profile second-role]', 'role_arn = arn:aws:iam::444455556666:role/Target', 'source_profile = first-role', 'region = us-west-2', ''].join('\n'),
    });
    const creds = await fromIni({ profile: 'second-role', ignoreCache: true })();
    const [first, second] = sts.issuedCredentials;
    expect(first).toMatchObject({ roleArn: files.roleArn, sourceAccessKeyId: TEST_ACCESS_KEY_ID });
    expect(second).toMatchObject({ roleArn: 'arn:aws:iam::444455556666:role/Target', sourceAccessKeyId: first.accessKeyId });
    expect(creds).toMatchObject({ accessKeyId: second.accessKeyId, accountId: '444455556666' });
    expect(sts.requests[1]).toMatchObject({ accessKeyId: first.accessKeyId, sessionToken: first.sessionToken, status: 200 });
  });

  it('clientConfig.endpoint points the provider at the emulator without AWS_ENDPOINT_URL_STS', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_STS', '');
    const files = profileFiles({ region: 'us-west-2' });
    const creds = await fromIni({ profile: files.profile, ignoreCache: true, clientConfig: { endpoint: sts.url } })();
    expect(creds.accessKeyId).toBe(sts.issuedCredentials[0].accessKeyId);
  });

  it('fromTemporaryCredentials (same nested STS client) with explicit master credentials', async () => {
    const provider = fromTemporaryCredentials({
      masterCredentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY },
      params: { RoleArn: DEFAULT_ROLE_ARN, RoleSessionName: 'temp' },
      clientConfig: { region: 'ap-southeast-2' },
    });
    const creds = await provider();
    expect(creds.accessKeyId).toBe(sts.issuedCredentials[0].accessKeyId);
    expect(sts.lastRequest()).toMatchObject({ region: 'ap-southeast-2', params: { RoleSessionName: 'temp' } });
  });
});

describe('errors the SDK surfaces', () => {
  it('AccessDenied for a role the source may not assume (403)', async () => {
    const strict = await startStsEmulator({ roles: { [DEFAULT_ROLE_ARN]: { allowedSourceKeys: ['AKIDSOMEONEELSE00001'] } } });
    extraEmulators.push(strict);
    vi.stubEnv('AWS_ENDPOINT_URL_STS', strict.url);
    const files = profileFiles({ region: 'us-west-2' });
    const err = await fromIni({ profile: files.profile, ignoreCache: true })().catch((e) => e);
    expect(err).toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::111122223333:user/outcrop-test is not authorized to perform: sts:AssumeRole on resource: ${DEFAULT_ROLE_ARN}`,
      $metadata: { httpStatusCode: 403 },
      Error: { Type: 'Sender', Code: 'AccessDenied' },
    });
    expect(strict.issuedCredentials).toHaveLength(0);

    // Same emulator, a role it does not know at all.
    profileFiles({ profile: 'other', roleArn: 'arn:aws:iam::111122223333:role/Unknown', region: 'us-west-2' });
    await expect(fromIni({ profile: 'other', ignoreCache: true })()).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('an unknown source access key: InvalidClientTokenId (403)', async () => {
    const files = profileFiles({ region: 'us-west-2', accessKeyId: 'AKIDUNKNOWN000000001', secretAccessKey: 'nope' });
    const err = await fromNodeProviderChain({ profile: files.profile, ignoreCache: true })().catch((e) => e);
    expect(err).toMatchObject({ name: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', $metadata: { httpStatusCode: 403 } });
    expect(sts.lastRequest()).toMatchObject({ accessKeyId: 'AKIDUNKNOWN000000001', status: 403, errorCode: 'InvalidClientTokenId' });
  });

  it('a wrong secret: SignatureDoesNotMatch (403)', async () => {
    const files = profileFiles({ region: 'us-west-2', secretAccessKey: 'wrong-secret' });
    await expect(fromIni({ profile: files.profile, ignoreCache: true })()).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
  });

  it('failNext: ExpiredToken (400) and a 500 the SDK retries', async () => {
    const files = profileFiles({ region: 'us-west-2' });
    sts.failNext('AssumeRole', { code: 'ExpiredToken' });
    await expect(fromIni({ profile: files.profile, ignoreCache: true })()).rejects.toMatchObject({
      name: 'ExpiredToken',
      message: 'The security token included in the request is expired',
      $metadata: { httpStatusCode: 400 },
    });
    sts.failNext('AssumeRole', { code: 'InternalFailure' });
    const creds = await fromIni({ profile: files.profile, ignoreCache: true })();
    expect(creds.accessKeyId).toBe(sts.issuedCredentials[0].accessKeyId);
    expect(sts.requests.map((r) => r.status)).toEqual([400, 500, 200]);
  });

  it('DurationSeconds above the role maximum: ValidationError', async () => {
    const files = profileFiles({ region: 'us-west-2', durationSeconds: 7200 });
    await expect(fromIni({ profile: files.profile, ignoreCache: true })()).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
  });
});

describe('GetCallerIdentity and the raw wire', () => {
  it('answers for static keys and for issued role sessions; expired sessions get ExpiredToken', async () => {
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const user = await signedPost(sts.url, body, { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY });
    expect(user.status).toBe(200);
    expect(user.text).toContain('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>');
    expect(tag(user.text, 'Arn')).toBe('arn:aws:iam::111122223333:user/outcrop-test');
    expect(tag(user.text, 'Account')).toBe('111122223333');
    expect(tag(user.text, 'UserId')).toMatch(/^AIDA[0-9A-F]{17}$/);
    expect(tag(user.text, 'RequestId')).toBe(sts.lastRequest()!.requestId);

    profileFiles({ region: 'us-west-2', roleSessionName: 'whoami' });
    const creds = await fromIni({ profile: 'role-dev', ignoreCache: true })();
    const role = await signedPost(sts.url, body, creds);
    expect(tag(role.text, 'Arn')).toBe('arn:aws:sts::111122223333:assumed-role/OutcropDeveloper/whoami');
    expect(tag(role.text, 'UserId')).toMatch(/^AROA[0-9A-F]{17}:whoami$/);

    const noToken = await signedPost(sts.url, body, { ...creds, sessionToken: undefined });
    expect([noToken.status, tag(noToken.text, 'Code')]).toEqual([403, 'InvalidClientTokenId']);

    sts.expireCredentials();
    const expired = await signedPost(sts.url, body, creds);
    expect(expired.status).toBe(400);
    expect(expired.text).toMatch(/^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>ExpiredToken<\/Code>/);
  });

  it('unsigned requests, unknown actions and addCredentials', async () => {
    const unsigned = await fetch(sts.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    expect(unsigned.status).toBe(403);
    expect(tag(await unsigned.text(), 'Code')).toBe('MissingAuthenticationToken');

    const keys = { accessKeyId: 'AKIDADDEDLATER000001', secretAccessKey: 'added-secret' };
    const unknownAction = await signedPost(sts.url, 'Action=GetSessionToken&Version=2011-06-15', keys);
    expect([unknownAction.status, tag(unknownAction.text, 'Code')]).toEqual([400, 'InvalidAction']);

    expect((await signedPost(sts.url, 'Action=GetCallerIdentity&Version=2011-06-15', keys)).status).toBe(403);
    sts.addCredentials(keys.accessKeyId, keys.secretAccessKey);
    expect((await signedPost(sts.url, 'Action=GetCallerIdentity&Version=2011-06-15', keys)).status).toBe(200);
  });
});
