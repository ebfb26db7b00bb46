// The SDK's own SSO credential path (@aws-sdk/credential-providers) against the emulator: config and
// token cache in a temp HOME, the providers' internal SSO/SSO-OIDC clients pointed at the emulator
// with AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL_SSO_OIDC.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockClient, ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import { fromNodeProviderChain, fromSSO } from '@aws-sdk/credential-providers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startBedrockEmulator, type BedrockEmulator } from '../support/bedrock-emulator';
import {
  DEFAULT_SSO_REGION,
  ssoEmulatorEnv,
  startSsoEmulator,
  writeSsoConfig,
  writeSsoTokenCache,
  type SeededSession,
  type SsoConfigFiles,
  type SsoEmulator,
} from '../support/sso-emulator';

let emu: SsoEmulator;
let bedrock: BedrockEmulator;
let home: string;
let files: SsoConfigFiles;
let n = 0;

beforeAll(async () => {
  bedrock = await startBedrockEmulator();
  emu = await startSsoEmulator({ onRoleCredentials: (c) => bedrock.addCredentials(c.accessKeyId, c.secretAccessKey) });
});
afterAll(async () => {
  await emu.close();
  await bedrock.close();
});

beforeEach(() => {
  emu.reset();
  // A fresh HOME and config path per test: the SDK caches parsed config files by path, and throttles
  // refreshes per sso-session name for 30 s, so nothing may be shared between tests.
  home = mkdtempSync(join(tmpdir(), 'outcrop-sso-home-'));
  files = writeSsoConfig(home, { sessionName: `emulator-${++n}` });
  vi.stubEnv('HOME', home);
  vi.stubEnv('AWS_CONFIG_FILE', files.configPath);
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(home, '.aws', 'credentials'));
  for (const [k, v] of Object.entries(ssoEmulatorEnv(emu.url))) vi.stubEnv(k, v);
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(home, { recursive: true, force: true });
});

function cacheSession(key: string, session: SeededSession): string {
  return writeSsoTokenCache(home, key, { startUrl: files.startUrl, region: DEFAULT_SSO_REGION, ...session });
}

describe('fromSSO / fromNodeProviderChain with a cached token', () => {
  it('sso-session profile: returns the role credentials the emulator issued', async () => {
    const session = emu.seedSession();
    cacheSession(files.sessionName, session);
    const creds = await fromSSO({ profile: files.sessionProfile, ignoreCache: true })();
    const issued = emu.issuedCredentials[0];
    expect(creds).toMatchObject({
      accessKeyId: issued.accessKeyId,
      secretAccessKey: issued.secretAccessKey,
      sessionToken: issued.sessionToken,
      expiration: new Date(issued.expiration),
    });
    expect(issued).toMatchObject({ accountId: '111122223333', roleName: 'Developer' });
    expect(emu.requests.map((r) => r.operation)).toEqual(['GetRoleCredentials']);
    expect(emu.lastRequest()!.headers['x-amz-sso_bearer_token']).toBe(session.accessToken);
  });

  it('fromNodeProviderChain({profile}) resolves the same way, and the credentials sign Bedrock calls', async () => {
    cacheSession(files.sessionName, emu.seedSession());
    const credentials = fromNodeProviderChain({ profile: files.sessionProfile, ignoreCache: true });
    const client = new BedrockClient({ endpoint: bedrock.url, region: 'us-west-2', credentials });
    const out = await client.send(new ListFoundationModelsCommand({}));
    client.destroy();
    expect(out.modelSummaries!.length).toBeGreaterThan(0);
    const issued = emu.issuedCredentials[0];
    expect(bedrock.lastRequest('ListFoundationModels')).toMatchObject({ accessKeyId: issued.accessKeyId, sessionToken: issued.sessionToken });
  });

  it('legacy profile: reads the cache file named after the start URL', async () => {
    const path = cacheSession(files.startUrl, emu.seedSession({ refreshToken: false }));
    expect(path).toBe(files.legacyCachePath);
    const creds = await fromSSO({ profile: files.legacyProfile, ignoreCache: true })();
    expect(creds.accessKeyId).toBe(emu.issuedCredentials[0].accessKeyId);
    const chained = await fromNodeProviderChain({ profile: files.legacyProfile, ignoreCache: true })();
    expect(chained.accessKeyId).toBe(emu.issuedCredentials[1].accessKeyId);
  });
});

describe('token refresh', () => {
  it('refreshes a token with < 5 minutes left through CreateToken and rewrites the cache file', async () => {
    const session = emu.seedSession({ accessTokenTtlSeconds: 120 });
    const path = cacheSession(files.sessionName, session);
    const before = readFileSync(path, 'utf8');

    const creds = await fromSSO({ profile: files.sessionProfile, ignoreCache: true })();

    expect(emu.requests.map((r) => r.operation)).toEqual(['CreateToken', 'GetRoleCredentials']);
    expect(emu.requests[0].body).toMatchObject({ grantType: 'refresh_token', clientId: session.clientId, refreshToken: session.refreshToken });
    const after = readFileSync(path, 'utf8');
    expect(after).not.toBe(before);
    const cached = JSON.parse(after);
    expect(cached.accessToken).not.toBe(session.accessToken);
    expect(cached.refreshToken).not.toBe(session.refreshToken);
    expect(Date.parse(cached.expiresAt) - Date.now()).toBeGreaterThan(7 * 3600_000);
    expect(cached).toMatchObject({ startUrl: files.startUrl, region: DEFAULT_SSO_REGION, clientId: session.clientId, clientSecret: session.clientSecret });
    // The new token is the one used for GetRoleCredentials.
    expect(emu.requests[1].headers['x-amz-sso_bearer_token']).toBe(cached.accessToken);
    expect(creds.accessKeyId).toBe(emu.issuedCredentials[0].accessKeyId);
    expect(statSync(path).isFile()).toBe(true);
  });

  it('an expired token whose refresh fails is a clear SDK error', async () => {
    cacheSession(files.sessionName, emu.seedSession({ accessTokenTtlSeconds: -60 }));
    emu.revokeRefreshTokens();
    const err = await fromSSO({ profile: files.sessionProfile, ignoreCache: true })().catch((e) => e);
    expect(err.name).toBe('CredentialsProviderError');
    expect(err.message).toMatch(/Token is expired.*sso login/);
    expect(emu.requests.map((r) => [r.operation, r.errorType])).toEqual([['CreateToken', 'InvalidGrantException']]);
  });

  it('a legacy profile never refreshes: an expired token fails without calling the emulator', async () => {
    cacheSession(files.startUrl, { ...emu.seedSession(), expiresAt: new Date(Date.now() - 60_000).toISOString() });
    const err = await fromSSO({ profile: files.legacyProfile, ignoreCache: true })().catch((e) => e);
    expect(err.name).toBe('CredentialsProviderError');
    expect(err.message).toMatch(/SSO session associated with this profile has expired/);
    await expect(fromNodeProviderChain({ profile: files.legacyProfile, ignoreCache: true })()).rejects.toThrow(/expired/);
    expect(emu.requests).toEqual([]);
  });
});

describe('failures the proxy must explain', () => {
  it('no token cache file', async () => {
    const err = await fromSSO({ profile: files.sessionProfile, ignoreCache: true })().catch((e) => e);
    expect(err.message).toMatch(/SSO session token associated with profile=sso-dev was not found or is invalid/);
  });

  it('a cached token the portal no longer accepts surfaces UnauthorizedException', async () => {
    cacheSession(files.sessionName, emu.seedSession());
    emu.expireAccessTokens();
    const err = await fromSSO({ profile: files.sessionProfile, ignoreCache: true })().catch((e) => e);
    expect(err.name).toBe('CredentialsProviderError');
    expect(err.message).toMatch(/Session token not found or invalid/);
    expect(emu.lastRequest()).toMatchObject({ operation: 'GetRoleCredentials', status: 401 });
  });

  it('a role the user cannot assume surfaces ForbiddenException', async () => {
    files = writeSsoConfig(home, { sessionName: files.sessionName, roleName: 'Admin' });
    cacheSession(files.sessionName, emu.seedSession());
    const err = await fromSSO({ profile: files.sessionProfile, ignoreCache: true })().catch((e) => e);
    expect(err.message).toMatch(/No access/);
    expect(emu.lastRequest()).toMatchObject({ status: 403, errorType: 'ForbiddenException' });
  });
});
