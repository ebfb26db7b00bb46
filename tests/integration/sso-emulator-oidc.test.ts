// SSO-OIDC emulator against the real @aws-sdk/client-sso-oidc: RegisterClient, the device flow,
// refresh, and every error the SDK must map to its exception classes.
import {
  AccessDeniedException,
  AuthorizationPendingException,
  CreateTokenCommand,
  ExpiredTokenException,
  InternalServerException,
  InvalidClientException,
  InvalidClientMetadataException,
  InvalidGrantException,
  InvalidRedirectUriException,
  InvalidScopeException,
  RegisterClientCommand,
  SlowDownException,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
  UnauthorizedClientException,
  UnsupportedGrantTypeException,
} from '@aws-sdk/client-sso-oidc';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_START_URL, DEVICE_CODE_GRANT, ssoClientConfig, startSsoEmulator, type SsoEmulator } from '../support/sso-emulator';

let emu: SsoEmulator;
let oidc: SSOOIDCClient;

beforeAll(async () => {
  emu = await startSsoEmulator();
  oidc = new SSOOIDCClient(ssoClientConfig(emu.url));
});
afterAll(async () => {
  oidc.destroy();
  await emu.close();
});
beforeEach(() => emu.reset());

async function register(input: Partial<ConstructorParameters<typeof RegisterClientCommand>[0]> = {}) {
  return oidc.send(new RegisterClientCommand({ clientName: 'outcrop-test', clientType: 'public', scopes: ['sso:account:access'], ...input }));
}

async function startDevice(client: { clientId?: string; clientSecret?: string }) {
  return oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId!, clientSecret: client.clientSecret!, startUrl: DEFAULT_START_URL }));
}

function pollDevice(client: { clientId?: string; clientSecret?: string }, deviceCode: string) {
  return oidc.send(new CreateTokenCommand({ clientId: client.clientId!, clientSecret: client.clientSecret!, grantType: DEVICE_CODE_GRANT, deviceCode }));
}

describe('RegisterClient', () => {
  it('returns a client with epoch-second issue and expiry times', async () => {
    emu.configure({ registrationTtlSeconds: 3600 });
    const before = Math.floor(Date.now() / 1000);
    const out = await register({ grantTypes: [DEVICE_CODE_GRANT, 'refresh_token'], issuerUrl: DEFAULT_START_URL });
    expect(out.clientId).toMatch(/^\S{16,}$/);
    expect(out.clientSecret).toMatch(/^\S{32,}$/);
    expect(out.clientIdIssuedAt).toBeGreaterThanOrEqual(before - 1);
    expect(out.clientIdIssuedAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(out.clientSecretExpiresAt! - out.clientIdIssuedAt!).toBe(3600);
    const rec = emu.lastRequest('RegisterClient')!;
    expect(rec).toMatchObject({ method: 'POST', path: '/client/register', status: 200 });
    expect(rec.body).toMatchObject({ clientName: 'outcrop-test', clientType: 'public', issuerUrl: DEFAULT_START_URL });
  });

  it('rejects bad metadata and non-loopback redirects', async () => {
    await expect(register({ clientType: 'confidential' })).rejects.toBeInstanceOf(InvalidClientMetadataException);
    await expect(register({ grantTypes: ['password'] })).rejects.toBeInstanceOf(InvalidClientMetadataException);
    await expect(register({ grantTypes: ['authorization_code'] })).rejects.toBeInstanceOf(InvalidRedirectUriException);
    await expect(
      register({ grantTypes: ['authorization_code'], redirectUris: ['https://evil.example/oauth/callback'] }),
    ).rejects.toBeInstanceOf(InvalidRedirectUriException);
  });
});

describe('device authorization', () => {
  it('is pending until approved, then issues tokens once', async () => {
    emu.configure({ autoApprove: false });
    const client = await register();
    const device = await startDevice(client);
    expect(device).toMatchObject({ expiresIn: 600, interval: 1, verificationUri: `${emu.url}/device` });
    expect(device.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(device.verificationUriComplete).toBe(`${emu.url}/device?user_code=${device.userCode}`);

    const pending = await pollDevice(client, device.deviceCode!).catch((e) => e);
    expect(pending).toBeInstanceOf(AuthorizationPendingException);
    expect(pending.$metadata.httpStatusCode).toBe(400);
    expect(pending.error).toBe('authorization_pending');
    expect(pending.error_description).toBe('Authorization is still pending');
    expect(emu.lastRequest('CreateToken')).toMatchObject({ status: 400, errorType: 'AuthorizationPendingException' });

    expect(emu.pending()).toEqual([expect.objectContaining({ kind: 'device', key: device.userCode, clientId: client.clientId })]);
    await expect(emu.waitForPending()).resolves.toMatchObject({ userCode: device.userCode });
    expect(await (await fetch(device.verificationUriComplete!)).text()).toContain('pending');
    expect(emu.approve(device.userCode!)).toBe(true);
    expect(emu.pending()).toEqual([]);

    const token = await pollDevice(client, device.deviceCode!);
    expect(token).toMatchObject({ tokenType: 'Bearer', expiresIn: 28800 });
    expect(token.accessToken).toMatch(/^aoa/);
    expect(token.refreshToken).toMatch(/^aor/);
    await expect(pollDevice(client, device.deviceCode!)).rejects.toBeInstanceOf(InvalidGrantException);
  });

  it('auto-approves by default; a legacy registration without scopes gets no refresh token', async () => {
    const client = await register({ scopes: undefined });
    const device = await startDevice(client);
    const token = await pollDevice(client, device.deviceCode!);
    expect(token.accessToken).toBeTruthy();
    expect(token.refreshToken).toBeUndefined();
  });

  it('answers SlowDownException when polled faster than the interval, and adds 5 s to it', async () => {
    emu.configure({ autoApprove: false, enforcePollInterval: true, pollIntervalSeconds: 5 });
    const client = await register();
    const device = await startDevice(client);
    expect(device.interval).toBe(5);
    await expect(pollDevice(client, device.deviceCode!)).rejects.toBeInstanceOf(AuthorizationPendingException);
    const slow = await pollDevice(client, device.deviceCode!).catch((e) => e);
    expect(slow).toBeInstanceOf(SlowDownException);
    expect(slow.error).toBe('slow_down');
    // The interval is now 10 s: 6 s later is still too soon (and makes it 15 s).
    emu.advanceClock(6);
    await expect(pollDevice(client, device.deviceCode!)).rejects.toBeInstanceOf(SlowDownException);
    emu.advanceClock(16);
    await expect(pollDevice(client, device.deviceCode!)).rejects.toBeInstanceOf(AuthorizationPendingException);
  });

  it('answers ExpiredTokenException once the device code expired', async () => {
    emu.configure({ autoApprove: false, deviceCodeTtlSeconds: 30 });
    const client = await register();
    const device = await startDevice(client);
    expect(device.expiresIn).toBe(30);
    emu.advanceClock(31);
    const err = await pollDevice(client, device.deviceCode!).catch((e) => e);
    expect(err).toBeInstanceOf(ExpiredTokenException);
    expect(err.error).toBe('expired_token');
    expect(emu.pending()).toEqual([]);
    expect(emu.approve(device.userCode!)).toBe(false);
  });

  it('answers AccessDeniedException when the user denies', async () => {
    emu.configure({ autoApprove: false });
    const client = await register();
    const device = await startDevice(client);
    expect(emu.deny(device.userCode!)).toBe(true);
    const err = await pollDevice(client, device.deviceCode!).catch((e) => e);
    expect(err).toBeInstanceOf(AccessDeniedException);
    expect(err.$metadata.httpStatusCode).toBe(400);
  });
});

describe('client authentication and grants', () => {
  it('answers InvalidClientException for a wrong secret and for an expired registration', async () => {
    emu.configure({ registrationTtlSeconds: 60 });
    const client = await register();
    const wrong = await startDevice({ ...client, clientSecret: 'nope' }).catch((e) => e);
    expect(wrong).toBeInstanceOf(InvalidClientException);
    expect(wrong.$metadata.httpStatusCode).toBe(401);
    const device = await startDevice(client);
    emu.advanceClock(61);
    await expect(startDevice(client)).rejects.toBeInstanceOf(InvalidClientException);
    await expect(pollDevice(client, device.deviceCode!)).rejects.toBeInstanceOf(InvalidClientException);
  });

  it('expireRegistrations() makes existing clients invalid', async () => {
    const client = await register();
    emu.expireRegistrations();
    await expect(startDevice(client)).rejects.toBeInstanceOf(InvalidClientException);
  });

  it('refuses grants the client did not register and unknown grant types', async () => {
    const authCodeOnly = await register({ grantTypes: ['authorization_code'], redirectUris: ['http://127.0.0.1/oauth/callback'] });
    await expect(startDevice(authCodeOnly)).rejects.toBeInstanceOf(UnauthorizedClientException);
    const client = await register();
    const bogus = new CreateTokenCommand({ clientId: client.clientId!, clientSecret: client.clientSecret!, grantType: 'password' });
    await expect(oidc.send(bogus)).rejects.toBeInstanceOf(UnsupportedGrantTypeException);
  });

  it('refuses scopes the client did not register', async () => {
    const client = await register();
    const device = await startDevice(client);
    const cmd = new CreateTokenCommand({
      clientId: client.clientId!,
      clientSecret: client.clientSecret!,
      grantType: DEVICE_CODE_GRANT,
      deviceCode: device.deviceCode!,
      scope: ['sso:admin'],
    });
    await expect(oidc.send(cmd)).rejects.toBeInstanceOf(InvalidScopeException);
  });
});

describe('refresh_token grant', () => {
  async function signIn() {
    const client = await register({ grantTypes: [DEVICE_CODE_GRANT, 'refresh_token'] });
    const token = await pollDevice(client, (await startDevice(client)).deviceCode!);
    return { client, token };
  }
  const refresh = (client: { clientId?: string; clientSecret?: string }, refreshToken: string) =>
    oidc.send(new CreateTokenCommand({ clientId: client.clientId!, clientSecret: client.clientSecret!, grantType: 'refresh_token', refreshToken }));

  it('rotates: new access and refresh tokens, the old refresh token stops working', async () => {
    const { client, token } = await signIn();
    const next = await refresh(client, token.refreshToken!);
    expect(next.tokenType).toBe('Bearer');
    expect(next.accessToken).not.toBe(token.accessToken);
    expect(next.refreshToken).toBeTruthy();
    expect(next.refreshToken).not.toBe(token.refreshToken);
    const reused = await refresh(client, token.refreshToken!).catch((e) => e);
    expect(reused).toBeInstanceOf(InvalidGrantException);
    expect(reused.error).toBe('invalid_grant');
    await expect(refresh(client, next.refreshToken!)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('revokeRefreshTokens() invalidates every refresh token; another client cannot use one', async () => {
    const { client, token } = await signIn();
    const other = await register();
    await expect(refresh(other, token.refreshToken!)).rejects.toBeInstanceOf(InvalidGrantException);
    emu.revokeRefreshTokens();
    await expect(refresh(client, token.refreshToken!)).rejects.toBeInstanceOf(InvalidGrantException);
  });
});

describe('fault injection', () => {
  it('failNext answers the scripted error; 5xx are retried by the SDK', async () => {
    emu.failNext('RegisterClient', { type: 'InternalServerException', times: 1 });
    await expect(register()).resolves.toMatchObject({ clientId: expect.any(String) });
    expect(emu.requests.filter((r) => r.operation === 'RegisterClient').map((r) => r.status)).toEqual([500, 200]);

    emu.failNext('RegisterClient', { type: 'InternalServerException', message: 'boom', times: 3 });
    const err = await register().catch((e) => e);
    expect(err).toBeInstanceOf(InternalServerException);
    expect(err.error_description).toBe('boom');

    const client = await register();
    emu.failNext('CreateToken', { type: 'SlowDownException' });
    await expect(pollDevice(client, (await startDevice(client)).deviceCode!)).rejects.toBeInstanceOf(SlowDownException);
  });

  it('unknown routes answer 404', async () => {
    const res = await fetch(`${emu.url}/nope`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(emu.lastRequest()).toMatchObject({ operation: 'Unknown', path: '/nope' });
  });
});
