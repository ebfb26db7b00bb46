import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import { SignInError } from '../../src-main/core/aws/sso-login';
import { chatThrough, followAuthorize, startAwsWorld, type AwsWorld } from '../support/aws-world';

let world: AwsWorld | undefined;
let core: OutcropCore | undefined;
afterEach(async () => {
  await core?.close();
  await world?.close();
  core = undefined;
  world = undefined;
});


async function startCore(w: AwsWorld, profile: string): Promise<OutcropCore> {
  const { core: c } = await OutcropCore.start({ home: w.outcropHome, port: 0, profile });
  return c;
}

describe('SSO sign-in, end to end', () => {
  test('fresh HOME -> PKCE sign-in -> signed chat -> token expiry recovered -> AWS CLI cache valid', async () => {
    world = await startAwsWorld();
    core = await startCore(world, world.files.sessionProfile);

    // Not signed in: a clear error naming the profile, and the state says so.
    const before = await chatThrough(core);
    expect(before.status).toBe(401);
    expect((await before.json()).error.message).toContain(`profile "${world.files.sessionProfile}"`);
    expect(core.credentials.state.status).toBe('needs-sign-in');

    const handle = await core.signIn();
    expect(handle.flow).toBe('pkce');
    expect(handle.url.startsWith(`${world.sso.url}/authorize?`)).toBe(true);
    const authorize = new URL(handle.url).searchParams;
    expect(authorize.get('code_challenge_method')).toBe('S256');
    expect(authorize.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    const callback = await followAuthorize(handle.url);
    expect(await callback.text()).toContain('Signed in');
    const result = await handle.done;
    expect(result.cacheFile).toBe(world.files.sessionCachePath);
    expect(core.credentials.state.status).toBe('valid');

    // The AWS CLI's cache format, readable by the user only.
    const cached = JSON.parse(readFileSync(world.files.sessionCachePath, 'utf8'));
    expect(Object.keys(cached).sort()).toEqual(['accessToken', 'clientId', 'clientSecret', 'expiresAt', 'refreshToken', 'region', 'registrationExpiresAt', 'startUrl']);
    expect(cached.startUrl).toBe(world.files.startUrl);
    // An sso-session sign-in lasts as long as its registration (the token refreshes itself), not the hour of the token.
    expect(result.sessionEndsAt).toBe(cached.registrationExpiresAt);
    expect(Date.parse(result.sessionEndsAt)).toBeGreaterThan(Date.parse(result.expiresAt));
    expect(core.credentials.state.expiresAt).toBe(result.sessionEndsAt);
    expect(Date.parse(cached.expiresAt)).toBeGreaterThan(Date.now());
    expect(statSync(world.files.sessionCachePath).mode & 0o777).toBe(0o600);

    // Requests are signed with the role credentials the portal issued.
    world.bedrock.script({ text: 'signed in!' });
    const ok = await chatThrough(core);
    expect(ok.status).toBe(200);
    const issued = world.sso.issuedCredentials.at(-1)!;
    expect(world.bedrock.lastRequest('Converse')!.accessKeyId).toBe(issued.accessKeyId);
    expect(world.bedrock.lastRequest('Converse')!.sessionToken).toBe(issued.sessionToken);

    // The token nears expiry and AWS rejects the old role credentials: the request re-resolves once,
    // the SDK refreshes the token with the refresh token, and the request succeeds.
    writeFileSync(world.files.sessionCachePath, JSON.stringify({ ...cached, expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    world.bedrock.revokeCredentials(issued.accessKeyId, 'ExpiredTokenException');
    world.bedrock.script({ text: 'recovered' });
    const recovered = await chatThrough(core);
    expect(recovered.status).toBe(200);
    expect((await recovered.json()).choices[0].message.content).toBe('recovered');
    expect(world.bedrock.lastRequest('Converse')!.accessKeyId).toBe(world.sso.issuedCredentials.at(-1)!.accessKeyId);
    expect(world.sso.requests.some((r) => r.operation === 'CreateToken' && r.body?.grantType === 'refresh_token')).toBe(true);
    const refreshed = JSON.parse(readFileSync(world.files.sessionCachePath, 'utf8'));
    expect(refreshed.accessToken).not.toBe(cached.accessToken);
    expect(Date.parse(refreshed.expiresAt)).toBeGreaterThan(Date.now() + 3600_000);
    expect(refreshed.clientId).toBe(cached.clientId);
  });

  test('the client registration is cached and reused for the next sign-in', async () => {
    world = await startAwsWorld();
    core = await startCore(world, world.files.sessionProfile);
    for (let i = 0; i < 2; i++) {
      const handle = await core.signIn();
      await followAuthorize(handle.url);
      await handle.done;
    }
    expect(world.sso.requests.filter((r) => r.operation === 'RegisterClient')).toHaveLength(1);
    expect(world.sso.requests.filter((r) => r.operation === 'CreateToken')).toHaveLength(2);
  });

  test('legacy profile: device-code flow, token cached under the start URL, requests work', async () => {
    world = await startAwsWorld();
    core = await startCore(world, world.files.legacyProfile);
    const handle = await core.signIn();
    expect(handle.flow).toBe('device');
    expect(handle.userCode).toBeTruthy();
    expect(handle.url).toContain(world.sso.url);
    await handle.done;
    const cached = JSON.parse(readFileSync(world.files.legacyCachePath, 'utf8'));
    expect(cached.refreshToken).toBeUndefined();
    world.bedrock.script({ text: 'legacy ok' });
    expect((await chatThrough(core)).status).toBe(200);
  });

  test('--device-code works for an sso-session profile too', async () => {
    world = await startAwsWorld();
    core = await startCore(world, world.files.sessionProfile);
    const handle = await core.signIn(world.files.sessionProfile, true);
    expect(handle.flow).toBe('device');
    await handle.done;
    expect(JSON.parse(readFileSync(world.files.sessionCachePath, 'utf8')).refreshToken).toBeTruthy();
  });

  test('denied in the browser (PKCE and device) gives a clear error, no crash', async () => {
    world = await startAwsWorld();
    world.sso.configure({ autoApprove: false });
    core = await startCore(world, world.files.sessionProfile);
    const pkce = await core.signIn();
    const page = fetch(pkce.url, { redirect: 'manual' });
    const pending = await world.sso.waitForPending();
    world.sso.deny(pending.key);
    await fetch((await page).headers.get('location')!);
    await expect(pkce.done).rejects.toMatchObject({ code: 'denied', message: expect.stringContaining('denied') });

    const device = await core.signIn(world.files.sessionProfile, true);
    world.sso.deny(device.userCode!);
    await expect(device.done).rejects.toBeInstanceOf(SignInError);
    await expect(device.done).rejects.toMatchObject({ code: 'denied' });
  });

  test('a sign-in can be cancelled', async () => {
    world = await startAwsWorld();
    world.sso.configure({ autoApprove: false });
    core = await startCore(world, world.files.sessionProfile);
    const handle = await core.signIn();
    handle.cancel();
    await expect(handle.done).rejects.toMatchObject({ code: 'cancelled' });
  });

  test('a registration the service no longer accepts is dropped with a clear message; the next sign-in registers again', async () => {
    world = await startAwsWorld();
    core = await startCore(world, world.files.sessionProfile);
    const first = await core.signIn(world.files.sessionProfile, true);
    await first.done;
    world.sso.expireRegistrations();
    await expect(core.signIn(world.files.sessionProfile, true)).rejects.toThrow(/registration is no longer valid/);
    const third = await core.signIn(world.files.sessionProfile, true);
    await third.done;
    expect(world.sso.requests.filter((r) => r.operation === 'RegisterClient')).toHaveLength(2);
  });

  test('a registration past its own expiry is not used', async () => {
    world = await startAwsWorld();
    core = await startCore(world, world.files.sessionProfile);
    world.sso.configure({ registrationTtlSeconds: 3600 });
    const first = await core.signIn();
    await followAuthorize(first.url);
    await first.done;
    // Less than a day left: registering again beats a registration that dies mid-session.
    const second = await core.signIn();
    await followAuthorize(second.url);
    await second.done;
    expect(world.sso.requests.filter((r) => r.operation === 'RegisterClient')).toHaveLength(2);
  });

  test('the portal refusing the token (401) is a clear 401 for the client and a needs-sign-in state', async () => {
    world = await startAwsWorld();
    core = await startCore(world, world.files.sessionProfile);
    const handle = await core.signIn();
    await followAuthorize(handle.url);
    await handle.done;
    world.sso.failNext('GetRoleCredentials', { type: 'UnauthorizedException', message: 'Session token not found or invalid', times: 100 });
    const res = await chatThrough(core);
    expect(res.status).toBe(401);
    const err = (await res.json()).error;
    expect(err.code).toBe('aws_credentials');
    expect(err.message).toContain('login --profile');
    expect(core.credentials.state.status).toBe('needs-sign-in');
    world.bedrock.script({ text: 'still serving' });
    expect((await fetch(`${core.proxy.url}/healthz`)).status).toBe(200);
  });

  test('an unknown profile: requests fail with a sentence naming it; sign-in says it is not defined', async () => {
    world = await startAwsWorld();
    core = await startCore(world, 'nope');
    const noRegion = await chatThrough(core);
    expect(noRegion.status).toBe(400);
    expect((await noRegion.json()).error).toMatchObject({ code: 'aws_not_configured', message: expect.stringContaining('profile "nope"') });
    await core.settings.update({ region: 'us-east-1' });
    const res = await chatThrough(core);
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toContain('Profile "nope" (from --profile) is not defined');
    await expect(core.signIn()).rejects.toThrow(/"nope" is not defined/);
  });

  test('switching the active profile in settings applies to the next request, no restart', async () => {
    world = await startAwsWorld();
    core = await startCore(world, undefined as unknown as string);
    await core.settings.update({ profile: world.files.legacyProfile });
    const handle = await core.signIn();
    expect(handle.flow).toBe('device');
    await handle.done;
    world.bedrock.script({ text: 'switched' });
    expect((await chatThrough(core)).status).toBe(200);
    expect(core.activeProfile).toBe(world.files.legacyProfile);
  });
});
