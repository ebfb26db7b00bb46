// The AWS CLI's sso-session sign-in: RegisterClient with a loopback redirect, the /authorize page
// (followed with fetch, like a browser), a loopback callback server, then CreateToken with PKCE.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import {
  CreateTokenCommand,
  InvalidGrantException,
  RegisterClientCommand,
  SSOOIDCClient,
  type RegisterClientCommandOutput,
} from '@aws-sdk/client-sso-oidc';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codeChallengeOf, DEFAULT_START_URL, ssoClientConfig, startSsoEmulator, type SsoEmulator } from '../support/sso-emulator';

let emu: SsoEmulator;
let oidc: SSOOIDCClient;
let callback: Server;
let callbackUri: string;
const callbacks: URLSearchParams[] = [];

beforeAll(async () => {
  emu = await startSsoEmulator();
  oidc = new SSOOIDCClient(ssoClientConfig(emu.url));
  // The loopback server the CLI runs to receive ?code&state.
  callback = createServer((req, res) => {
    callbacks.push(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('signed in');
  });
  await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
  callbackUri = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/oauth/callback`;
});
afterAll(async () => {
  oidc.destroy();
  callback.closeAllConnections();
  await new Promise((resolve) => callback.close(resolve));
  await emu.close();
});
beforeEach(() => {
  emu.reset();
  callbacks.length = 0;
});

function registerForAuthCode(): Promise<RegisterClientCommandOutput> {
  return oidc.send(
    new RegisterClientCommand({
      clientName: 'outcrop-test',
      clientType: 'public',
      scopes: ['sso:account:access'],
      grantTypes: ['authorization_code', 'refresh_token'],
      // Registered without a port, as the AWS CLI does; the authorize request adds one.
      redirectUris: ['http://127.0.0.1/oauth/callback'],
      issuerUrl: DEFAULT_START_URL,
    }),
  );
}

function pkce() {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: codeChallengeOf(verifier), state: randomBytes(12).toString('hex') };
}

function authorizeUrl(clientId: string, p: { challenge: string; state: string }, overrides: Record<string, string> = {}): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: callbackUri,
    state: p.state,
    code_challenge_method: 'S256',
    scopes: 'sso:account:access',
    code_challenge: p.challenge,
    ...overrides,
  });
  return `${emu.url}/authorize?${q}`;
}

function exchange(client: RegisterClientCommandOutput, code: string, codeVerifier: string, redirectUri = callbackUri) {
  return oidc.send(
    new CreateTokenCommand({
      clientId: client.clientId!,
      clientSecret: client.clientSecret!,
      grantType: 'authorization_code',
      code,
      codeVerifier,
      redirectUri,
    }),
  );
}

describe('authorization code + PKCE', () => {
  it('redirects to the loopback callback with code and state, and the code buys tokens once', async () => {
    const client = await registerForAuthCode();
    const p = pkce();
    const page = await fetch(authorizeUrl(client.clientId!, p), { redirect: 'manual' });
    expect(page.status).toBe(302);
    const location = page.headers.get('location')!;
    expect(location.startsWith(`${callbackUri}?`)).toBe(true);
    // The "browser" follows the redirect to the CLI's loopback server.
    expect(await (await fetch(location)).text()).toBe('signed in');
    const got = callbacks[0];
    expect(got.get('state')).toBe(p.state);
    const code = got.get('code')!;
    expect(code).toBeTruthy();

    const token = await exchange(client, code, p.verifier);
    expect(token).toMatchObject({ tokenType: 'Bearer', expiresIn: 28800 });
    expect(token.accessToken).toBeTruthy();
    expect(token.refreshToken).toBeTruthy();
    expect(emu.lastRequest('CreateToken')!.body).toMatchObject({ grantType: 'authorization_code', redirectUri: callbackUri });
    await expect(exchange(client, code, p.verifier)).rejects.toBeInstanceOf(InvalidGrantException);
  });

  it('refuses a wrong code verifier or redirect URI with InvalidGrantException', async () => {
    const client = await registerForAuthCode();
    const p = pkce();
    const code1 = new URL((await fetch(authorizeUrl(client.clientId!, p), { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
    const wrong = await exchange(client, code1, pkce().verifier).catch((e) => e);
    expect(wrong).toBeInstanceOf(InvalidGrantException);
    expect(wrong.error_description).toBe('Invalid code verifier');
    const code2 = new URL((await fetch(authorizeUrl(client.clientId!, p), { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
    await expect(exchange(client, code2, p.verifier, 'http://127.0.0.1:1/oauth/callback')).rejects.toBeInstanceOf(InvalidGrantException);
  });

  it('waits for approve(state) when auto-approve is off', async () => {
    emu.configure({ autoApprove: false });
    const client = await registerForAuthCode();
    const p = pkce();
    const page = fetch(authorizeUrl(client.clientId!, p), { redirect: 'manual' });
    const pending = await emu.waitForPending();
    expect(pending).toMatchObject({ kind: 'authorize', key: p.state, state: p.state, redirectUri: callbackUri, scopes: ['sso:account:access'] });
    expect(emu.lastRequest('Authorize')!.status).toBeUndefined();
    expect(() => emu.approve(p.state, 'nobody')).toThrow(/no user named nobody/);
    expect(emu.approve(p.state)).toBe(true);
    const res = await page;
    expect(res.status).toBe(302);
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
    await expect(exchange(client, code, p.verifier)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('redirects with error=access_denied when denied', async () => {
    emu.configure({ autoApprove: false });
    const client = await registerForAuthCode();
    const p = pkce();
    const page = fetch(authorizeUrl(client.clientId!, p), { redirect: 'manual' });
    await emu.waitForPending();
    expect(emu.deny(p.state)).toBe(true);
    const location = new URL((await page).headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe(p.state);
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('applies a decision made before the page was opened', async () => {
    emu.configure({ autoApprove: false });
    const client = await registerForAuthCode();
    const p = pkce();
    expect(emu.deny(p.state)).toBe(false);
    const res = await fetch(authorizeUrl(client.clientId!, p), { redirect: 'manual' });
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('access_denied');
  });

  it('shows an error page (no redirect) for an unknown client or an unregistered redirect', async () => {
    const client = await registerForAuthCode();
    const p = pkce();
    const unknown = await fetch(authorizeUrl('nobody', p), { redirect: 'manual' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'invalid_client' });
    for (const redirect of ['http://127.0.0.1:9/elsewhere', 'http://example.com/oauth/callback']) {
      const res = await fetch(authorizeUrl(client.clientId!, p, { redirect_uri: redirect }), { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('x-amzn-errortype')).toBe('InvalidRedirectUriException');
    }
  });

  it('redirects OAuth errors for a bad request once client and redirect are valid', async () => {
    const client = await registerForAuthCode();
    const p = pkce();
    const errorOf = async (overrides: Record<string, string>) =>
      new URL((await fetch(authorizeUrl(client.clientId!, p, overrides), { redirect: 'manual' })).headers.get('location')!).searchParams.get('error');
    expect(await errorOf({ code_challenge_method: 'plain' })).toBe('invalid_request');
    expect(await errorOf({ response_type: 'token' })).toBe('unsupported_response_type');
    expect(await errorOf({ scopes: 'sso:account:access,sso:admin' })).toBe('invalid_scope');
  });

  it('close() is fast while an authorize page is still waiting', async () => {
    const local = await startSsoEmulator({ autoApprove: false });
    const localOidc = new SSOOIDCClient(ssoClientConfig(local.url));
    const client = await localOidc.send(
      new RegisterClientCommand({ clientName: 't', clientType: 'public', grantTypes: ['authorization_code'], redirectUris: ['http://127.0.0.1/oauth/callback'] }),
    );
    localOidc.destroy();
    const page = fetch(`${local.url}/authorize?${new URLSearchParams({ response_type: 'code', client_id: client.clientId!, redirect_uri: callbackUri, state: 's', code_challenge_method: 'S256', code_challenge: 'x' })}`, { redirect: 'manual' });
    await local.waitForPending();
    const started = Date.now();
    await local.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(page).rejects.toThrow();
  });
});
