import { afterEach, describe, expect, test, vi } from 'vitest';
import { doctorCommand } from '../../src-main/commands/doctor';
import type { CommandIO } from '../../src-main/commands/io';
import { loginCommand } from '../../src-main/commands/login';
import { startAwsWorld, type AwsWorld } from '../support/aws-world';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy';
import { TEST_CA_PATH, TEST_SERVER_TLS } from '../support/test-tls';

// `outcrop login` and `outcrop doctor` behind a company proxy: they use the proxy and CA bundle
// of the environment, and doctor says which (without the proxy's password).

let world: AwsWorld | undefined;
let proxy: ConnectProxy | undefined;
afterEach(async () => {
  await world?.close();
  await proxy?.close();
  world = proxy = undefined;
});

function capture(): CommandIO & { text: () => string } {
  const lines: string[] = [];
  return { out: (l) => lines.push(l), err: (l) => lines.push(l), env: process.env, text: () => lines.join('\n') };
}

describe('login and doctor on a corporate network', () => {
  test('login signs in through the proxy; doctor names the proxy and CA bundle and lists models through it', async () => {
    world = await startAwsWorld({ tls: TEST_SERVER_TLS, hostnames: { bedrock: 'bedrock.corp.test', sso: 'sso.corp.test' } });
    proxy = await startConnectProxy();
    proxy.requireAuth('carol', 'pa55');
    vi.stubEnv('HTTPS_PROXY', proxy.url.replace('http://', 'http://carol:pa55@'));
    vi.stubEnv('NO_PROXY', 'intranet.example');
    vi.stubEnv('AWS_CA_BUNDLE', TEST_CA_PATH);

    const login = capture();
    expect(await loginCommand({ profile: world.files.legacyProfile, deviceCode: true, browser: false }, login)).toBe(0);
    expect(login.text()).toContain('Signed in.');
    expect(proxy.targets()).toContain(`sso.corp.test:${world.sso.port}`);

    const doctor = capture();
    await doctorCommand({ profile: world.files.legacyProfile }, doctor);
    const out = doctor.text();
    expect(out).toContain(`Proxy http://***@127.0.0.1:${proxy.port} (from HTTPS_PROXY) for https://.`);
    expect(out).toContain('NO_PROXY: intranet.example.');
    expect(out).toContain(`Extra CA certificates from ${TEST_CA_PATH}`);
    expect(out).not.toContain('pa55');
    // The role credentials and the model listing came through the proxy.
    expect(world.sso.lastRequest('GetRoleCredentials')).toBeDefined();
    expect(world.bedrock.lastRequest('ListFoundationModels')).toBeDefined();
    expect(proxy.targets()).toContain(`bedrock.corp.test:${world.bedrock.port}`);
    expect(proxy.connects.every((c) => c.status === 200)).toBe(true);
  });
});
