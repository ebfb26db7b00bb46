import dns from 'node:dns';
import { mkdirSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import { chatThrough, startAwsWorld, type AwsWorld } from '../support/aws-world';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../support/bedrock-emulator';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy';
import { readSse } from '../support/harness';
import { startStsEmulator } from '../support/sts-emulator';
import { TEST_CA_PATH, TEST_SERVER_TLS } from '../support/test-tls';

// The app on a corporate network, end to end: HTTPS_PROXY / the proxy setting, NO_PROXY and
// AWS_CA_BUNDLE as the user's shell sets them, the real SDK signing in over SSO-OIDC, resolving
// role credentials from the SSO portal and calling Bedrock, all through the recording proxy, over
// TLS signed by a CA that only AWS_CA_BUNDLE makes trusted.

let world: AwsWorld | undefined;
let core: OutcropCore | undefined;
const proxies: ConnectProxy[] = [];
let images: https.Server | undefined;
afterEach(async () => {
  await core?.close();
  await world?.close();
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  images?.closeAllConnections();
  images?.close();
  core = world = images = undefined;
});

async function proxy(): Promise<ConnectProxy> {
  const p = await startConnectProxy();
  proxies.push(p);
  return p;
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function imageServer(): Promise<number> {
  images = https.createServer(TEST_SERVER_TLS, (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(PNG));
  await new Promise<void>((r) => images!.listen(0, '127.0.0.1', r));
  return (images.address() as AddressInfo).port;
}

const chat = (core: OutcropCore, body: object) => fetch(`${core.proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'nova-pro', messages: [{ role: 'user', content: 'hi' }], ...body }) });

describe('Outcrop behind a company proxy', () => {
  test('HTTPS_PROXY + AWS_CA_BUNDLE: SSO sign-in, role credentials, Bedrock (plain and streamed) and image downloads all go through the proxy', async () => {
    world = await startAwsWorld({ tls: TEST_SERVER_TLS, hostnames: { bedrock: 'bedrock.corp.test', sso: 'sso.corp.test' } });
    const p = await proxy();
    vi.stubEnv('HTTPS_PROXY', p.url);
    vi.stubEnv('AWS_CA_BUNDLE', TEST_CA_PATH);
    ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0, profile: world.files.legacyProfile }));
    expect(core.network.proxySource).toBe('HTTPS_PROXY');
    expect(core.network.caFiles).toEqual([TEST_CA_PATH]);

    // Device-code sign-in (legacy profile): RegisterClient, StartDeviceAuthorization, CreateToken.
    const handle = await core.signIn();
    await handle.done;
    const ssoTarget = `sso.corp.test:${world.sso.port}`;
    expect(p.targets()).toContain(ssoTarget);
    expect(world.sso.requests.map((r) => r.operation)).toEqual(expect.arrayContaining(['RegisterClient', 'StartDeviceAuthorization', 'CreateToken']));

    world.bedrock.script({ text: 'through the proxy' }, { text: 'streamed through the proxy' });
    const res = await chatThrough(core);
    expect(res.status).toBe(200);
    expect((await res.json()).choices[0].message.content).toBe('through the proxy');
    expect((await readSse(await chat(core, { stream: true }))).at(-1)).toBe('[DONE]');
    // The role credentials came from the SSO portal, through the proxy too.
    expect(world.sso.lastRequest('GetRoleCredentials')).toBeDefined();
    expect(world.bedrock.lastRequest('Converse')!.accessKeyId).toBe(world.sso.issuedCredentials.at(-1)!.accessKeyId);
    const bedrockTarget = `bedrock.corp.test:${world.bedrock.port}`;
    // The plain and the streamed call share one pooled session through one tunnel.
    expect(p.targets()).toContain(bedrockTarget);

    const imagePort = await imageServer();
    // The image check looks the name up locally first (no real DNS query from a test): the
    // company's name is unknown here, so the download goes to the proxy by name.
    const lookup = vi.spyOn(dns.promises, 'lookup').mockImplementation((async (host: string) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host });
    }) as unknown as typeof dns.promises.lookup);
    world.bedrock.script({ text: 'a pixel' });
    const withImage = await chat(core, { messages: [{ role: 'user', content: [{ type: 'text', text: 'what is it?' }, { type: 'image_url', image_url: { url: `https://images.corp.test:${imagePort}/pixel.png` } }] }] });
    expect(withImage.status).toBe(200);
    expect(p.targets()).toContain(`images.corp.test:${imagePort}`);
    expect(lookup).toHaveBeenCalledWith('images.corp.test', expect.anything());
    lookup.mockRestore();
    expect(p.targets().every((t) => [ssoTarget, bedrockTarget, `images.corp.test:${imagePort}`].includes(t))).toBe(true);
  });

  test('an sso-session token near its end is refreshed (SSO-OIDC CreateToken) through the proxy', async () => {
    world = await startAwsWorld({ tls: TEST_SERVER_TLS, hostnames: { bedrock: 'bedrock.corp.test', sso: 'sso.corp.test' } });
    // A token with a minute left: the SDK refreshes tokens with less than 5 minutes.
    const seeded = world.sso.seedSession({ accessTokenTtlSeconds: 60 });
    mkdirSync(dirname(world.files.sessionCachePath), { recursive: true });
    writeFileSync(world.files.sessionCachePath, JSON.stringify({ startUrl: world.files.startUrl, region: world.files.ssoRegion, ...seeded }));
    const p = await proxy();
    vi.stubEnv('HTTPS_PROXY', p.url);
    vi.stubEnv('AWS_CA_BUNDLE', TEST_CA_PATH);
    ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0, profile: world.files.sessionProfile }));
    world.bedrock.script({ text: 'refreshed' });
    expect((await chatThrough(core)).status).toBe(200);
    const refresh = world.sso.requests.find((r) => r.operation === 'CreateToken');
    expect(refresh?.body.grantType).toBe('refresh_token');
    expect(refresh?.status).toBe(200);
    expect(p.targets()).toContain(`sso.corp.test:${world.sso.port}`);
  });

  test('a role profile: AssumeRole at STS goes through the proxy, with the CA bundle', async () => {
    world = await startAwsWorld({ tls: TEST_SERVER_TLS, hostnames: { bedrock: 'bedrock.corp.test', sso: 'sso.corp.test' }, extraConfig: '[profile builder]\nrole_arn = arn:aws:iam::111122223333:role/Builder\nsource_profile = base\nregion = us-east-1\n' });
    const bedrock = world.bedrock;
    const sts = await startStsEmulator({ tls: TEST_SERVER_TLS, onCredentials: (c) => bedrock.addCredentials(c.accessKeyId, c.secretAccessKey) });
    try {
      writeFileSync(join(world.home, '.aws', 'credentials'), `[base]\naws_access_key_id = ${TEST_ACCESS_KEY_ID}\naws_secret_access_key = ${TEST_SECRET_ACCESS_KEY}\n`);
      const p = await proxy();
      vi.stubEnv('AWS_ENDPOINT_URL_STS', `https://sts.corp.test:${sts.port}`);
      vi.stubEnv('HTTPS_PROXY', p.url);
      vi.stubEnv('AWS_CA_BUNDLE', TEST_CA_PATH);
      ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0, profile: 'builder' }));
      world.bedrock.script({ text: 'as the role' });
      expect((await chatThrough(core)).status).toBe(200);
      expect(world.bedrock.lastRequest('Converse')!.accessKeyId).toBe(sts.issuedCredentials.at(-1)!.accessKeyId);
      expect(p.targets()).toContain(`sts.corp.test:${sts.port}`);
    } finally {
      await sts.close();
    }
  });

  test('without AWS_CA_BUNDLE the company-signed endpoint is refused with a certificate error', async () => {
    world = await startAwsWorld({ tls: TEST_SERVER_TLS, hostnames: { bedrock: 'localhost', sso: 'localhost' } });
    vi.stubEnv('AWS_ACCESS_KEY_ID', TEST_ACCESS_KEY_ID);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', TEST_SECRET_ACCESS_KEY);
    vi.stubEnv('AWS_REGION', 'us-east-1');
    ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
    const res = await chatThrough(core);
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect((await res.json()).error.message).toMatch(/certificate/i);
    expect(world.bedrock.requests).toEqual([]);
  });

  test('the proxy setting wins over HTTPS_PROXY and applies from the next request; the NO_PROXY setting sends hosts direct', async () => {
    world = await startAwsWorld({ tls: TEST_SERVER_TLS, hostnames: { bedrock: 'localhost', sso: 'localhost' } });
    vi.stubEnv('AWS_ACCESS_KEY_ID', TEST_ACCESS_KEY_ID);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', TEST_SECRET_ACCESS_KEY);
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_CA_BUNDLE', TEST_CA_PATH);
    const fromEnv = await proxy();
    const fromSettings = await proxy();
    vi.stubEnv('HTTPS_PROXY', fromEnv.url);
    ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
    world.bedrock.setHandler(() => ({ text: 'ok' }));
    const target = `localhost:${world.bedrock.port}`;

    // Loopback goes through the proxy unless NO_PROXY lists it, as with the AWS CLI. (The runtime
    // call and the model listing the request's name is resolved against each open a connection.)
    expect((await chatThrough(core)).status).toBe(200);
    expect(new Set(fromEnv.targets())).toEqual(new Set([target]));
    const viaEnv = fromEnv.targets().length;

    await core.settings.update({ httpsProxy: fromSettings.url.replace('http://', 'http://bob:hunter2@') });
    expect(core.network.proxySource).toBe('Outcrop settings');
    expect((await chatThrough(core)).status).toBe(200);
    expect(new Set(fromSettings.targets())).toEqual(new Set([target]));
    expect(fromSettings.connects[0].proxyAuthorization).toBe(`Basic ${Buffer.from('bob:hunter2').toString('base64')}`);
    expect(fromEnv.targets()).toHaveLength(viaEnv);
    const viaSettings = fromSettings.targets().length;

    await core.settings.update({ noProxy: 'localhost' });
    fromSettings.refuseWith(403);
    expect((await chatThrough(core)).status).toBe(200);
    expect(fromSettings.targets()).toHaveLength(viaSettings);
    expect(fromEnv.targets()).toHaveLength(viaEnv);
  });
});
