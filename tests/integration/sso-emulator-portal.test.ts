// SSO portal emulator against the real @aws-sdk/client-sso: GetRoleCredentials, ListAccounts,
// ListAccountRoles, Logout, their errors, and role credentials accepted by the Bedrock emulator.
import { BedrockClient, ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import {
  GetRoleCredentialsCommand,
  InvalidRequestException,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  paginateListAccountRoles,
  paginateListAccounts,
  SSOClient,
  SSOServiceException,
  UnauthorizedException,
} from '@aws-sdk/client-sso';
import { CreateTokenCommand, InvalidGrantException, SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBedrockEmulator, type BedrockEmulator } from '../support/bedrock-emulator';
import { ssoClientConfig, startSsoEmulator, type IssuedRoleCredentials, type SsoEmulator } from '../support/sso-emulator';

let emu: SsoEmulator;
let sso: SSOClient;
const seen: IssuedRoleCredentials[] = [];

beforeAll(async () => {
  emu = await startSsoEmulator({ onRoleCredentials: (c) => seen.push(c) });
  sso = new SSOClient(ssoClientConfig(emu.url));
});
afterAll(async () => {
  sso.destroy();
  await emu.close();
});
beforeEach(() => {
  emu.reset();
  seen.length = 0;
});

const getCreds = (accessToken: string, accountId = '111122223333', roleName = 'Developer') =>
  sso.send(new GetRoleCredentialsCommand({ accessToken, accountId, roleName }));

describe('GetRoleCredentials', () => {
  it('issues fresh, unique credentials and reports them', async () => {
    const { accessToken } = emu.seedSession();
    const a = await getCreds(accessToken);
    const b = await getCreds(accessToken, '444455556666', 'Admin');
    const ca = a.roleCredentials!;
    expect(ca.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(ca.secretAccessKey).toHaveLength(40);
    expect(ca.sessionToken!.length).toBeGreaterThan(100);
    expect(ca.expiration! - Date.now()).toBeGreaterThan(3590_000);
    expect(ca.expiration! - Date.now()).toBeLessThanOrEqual(3600_000);
    expect(b.roleCredentials!.accessKeyId).not.toBe(ca.accessKeyId);

    expect(emu.issuedCredentials).toEqual(seen);
    expect(seen).toEqual([
      { ...ca, accountId: '111122223333', roleName: 'Developer', userName: 'developer' },
      expect.objectContaining({ accessKeyId: b.roleCredentials!.accessKeyId, accountId: '444455556666', roleName: 'Admin' }),
    ]);
    const rec = emu.lastRequest('GetRoleCredentials')!;
    expect(rec).toMatchObject({ method: 'GET', path: '/federation/credentials', query: { account_id: '444455556666', role_name: 'Admin' }, status: 200 });
    expect(rec.headers['x-amz-sso_bearer_token']).toBe(accessToken);
  });

  it('honours roleCredentialsTtlSeconds', async () => {
    emu.configure({ roleCredentialsTtlSeconds: 900 });
    const { roleCredentials } = await getCreds(emu.seedSession().accessToken);
    expect(Math.round((roleCredentials!.expiration! - Date.now()) / 1000)).toBe(900);
  });

  it('answers ForbiddenException (403) for a role or account the user cannot use', async () => {
    const { accessToken } = emu.seedSession();
    for (const [account, role] of [['111122223333', 'Admin'], ['999999999999', 'Developer']]) {
      const err = await getCreds(accessToken, account, role).catch((e) => e);
      expect(err).toBeInstanceOf(SSOServiceException);
      expect(err.name).toBe('ForbiddenException');
      expect(err.message).toBe('No access');
      expect(err.$metadata.httpStatusCode).toBe(403);
    }
    expect(seen).toEqual([]);
  });

  it('answers UnauthorizedException (401) for an expired or unknown token', async () => {
    const { accessToken } = emu.seedSession();
    const unknown = await getCreds('not-a-token').catch((e) => e);
    expect(unknown).toBeInstanceOf(UnauthorizedException);
    expect(unknown.$metadata.httpStatusCode).toBe(401);
    expect(unknown.message).toBe('Session token not found or invalid');
    emu.expireAccessTokens();
    await expect(getCreds(accessToken)).rejects.toBeInstanceOf(UnauthorizedException);
    const expired = emu.seedSession({ accessTokenTtlSeconds: 60 });
    emu.advanceClock(61);
    await expect(getCreds(expired.accessToken)).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('role credentials work against the Bedrock emulator once handed over', async () => {
    const bedrock: BedrockEmulator = await startBedrockEmulator();
    const local = await startSsoEmulator({ onRoleCredentials: (c) => bedrock.addCredentials(c.accessKeyId, c.secretAccessKey) });
    const localSso = new SSOClient(ssoClientConfig(local.url));
    try {
      const { roleCredentials: c } = await localSso.send(
        new GetRoleCredentialsCommand({ accessToken: local.seedSession().accessToken, accountId: '111122223333', roleName: 'Developer' }),
      );
      const client = new BedrockClient({
        endpoint: bedrock.url,
        region: 'us-west-2',
        credentials: { accessKeyId: c!.accessKeyId!, secretAccessKey: c!.secretAccessKey!, sessionToken: c!.sessionToken! },
      });
      const out = await client.send(new ListFoundationModelsCommand({}));
      expect(out.modelSummaries!.length).toBeGreaterThan(0);
      expect(bedrock.lastRequest('ListFoundationModels')).toMatchObject({ accessKeyId: c!.accessKeyId, sessionToken: c!.sessionToken });
      client.destroy();
    } finally {
      localSso.destroy();
      await local.close();
      await bedrock.close();
    }
  });
});

describe('ListAccounts and ListAccountRoles', () => {
  it('lists the default assignments', async () => {
    const { accessToken } = emu.seedSession();
    const accounts = await sso.send(new ListAccountsCommand({ accessToken }));
    expect(accounts.accountList).toEqual([
      { accountId: '111122223333', accountName: 'Outcrop Dev', emailAddress: 'aws-dev@example.com' },
      { accountId: '444455556666', accountName: 'Outcrop Admin', emailAddress: 'aws-admin@example.com' },
    ]);
    expect(accounts.nextToken).toBeUndefined();
    const roles = await sso.send(new ListAccountRolesCommand({ accessToken, accountId: '111122223333' }));
    expect(roles.roleList).toEqual([
      { roleName: 'Developer', accountId: '111122223333' },
      { roleName: 'ReadOnly', accountId: '111122223333' },
    ]);
  });

  it('pages with maxResults/nextToken (max_result/next_token on the wire)', async () => {
    const { accessToken } = emu.seedSession();
    const first = await sso.send(new ListAccountsCommand({ accessToken, maxResults: 1 }));
    expect(first.accountList!.map((a) => a.accountId)).toEqual(['111122223333']);
    expect(first.nextToken).toBeTruthy();
    expect(emu.lastRequest('ListAccounts')!.query).toEqual({ max_result: '1' });
    const second = await sso.send(new ListAccountsCommand({ accessToken, maxResults: 1, nextToken: first.nextToken }));
    expect(second.accountList!.map((a) => a.accountId)).toEqual(['444455556666']);
    expect(second.nextToken).toBeUndefined();
    expect(emu.lastRequest('ListAccounts')!.query).toEqual({ max_result: '1', next_token: first.nextToken });

    const ids: string[] = [];
    for await (const p of paginateListAccounts({ client: sso, pageSize: 1 }, { accessToken })) ids.push(...p.accountList!.map((a) => a.accountId!));
    expect(ids).toEqual(['111122223333', '444455556666']);
    const roles: string[] = [];
    for await (const p of paginateListAccountRoles({ client: sso, pageSize: 1 }, { accessToken, accountId: '111122223333' })) {
      roles.push(...p.roleList!.map((r) => r.roleName!));
    }
    expect(roles).toEqual(['Developer', 'ReadOnly']);
  });

  it('rejects a bad next token, an unknown account and a bad token', async () => {
    const { accessToken } = emu.seedSession();
    await expect(sso.send(new ListAccountsCommand({ accessToken, nextToken: 'garbage' }))).rejects.toBeInstanceOf(InvalidRequestException);
    const forbidden = await sso.send(new ListAccountRolesCommand({ accessToken, accountId: '999999999999' })).catch((e) => e);
    expect(forbidden.name).toBe('ForbiddenException');
    await expect(sso.send(new ListAccountsCommand({ accessToken: 'nope' }))).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('serves custom users; approve() signs in as a chosen one', async () => {
    const local = await startSsoEmulator({
      users: [
        { userName: 'alice', accounts: [{ accountId: '123456789012', accountName: 'A', emailAddress: 'a@example.com', roles: ['PowerUser'] }] },
        { userName: 'bob', accounts: [] },
      ],
    });
    const localSso = new SSOClient(ssoClientConfig(local.url));
    try {
      const alice = local.seedSession();
      expect((await localSso.send(new ListAccountsCommand({ accessToken: alice.accessToken }))).accountList).toHaveLength(1);
      await expect(
        localSso.send(new GetRoleCredentialsCommand({ accessToken: alice.accessToken, accountId: '123456789012', roleName: 'PowerUser' })),
      ).resolves.toBeTruthy();
      const bob = local.seedSession({ userName: 'bob' });
      expect((await localSso.send(new ListAccountsCommand({ accessToken: bob.accessToken }))).accountList).toEqual([]);
    } finally {
      localSso.destroy();
      await local.close();
    }
  });
});

describe('Logout, faults and reset', () => {
  it('Logout ends the session: access and refresh tokens stop working', async () => {
    const session = emu.seedSession();
    await sso.send(new LogoutCommand({ accessToken: session.accessToken }));
    await expect(getCreds(session.accessToken)).rejects.toBeInstanceOf(UnauthorizedException);
    const oidc = new SSOOIDCClient(ssoClientConfig(emu.url));
    const refresh = new CreateTokenCommand({
      clientId: session.clientId,
      clientSecret: session.clientSecret,
      grantType: 'refresh_token',
      refreshToken: session.refreshToken!,
    });
    await expect(oidc.send(refresh)).rejects.toBeInstanceOf(InvalidGrantException);
    oidc.destroy();
  });

  it('failNext: TooManyRequestsException is retried by the SDK, UnauthorizedException is not', async () => {
    const { accessToken } = emu.seedSession();
    emu.failNext('GetRoleCredentials', { type: 'TooManyRequestsException' });
    await expect(getCreds(accessToken)).resolves.toBeTruthy();
    expect(emu.requests.map((r) => r.status)).toEqual([429, 200]);
    emu.failNext('GetRoleCredentials', { type: 'UnauthorizedException', message: 'scripted' });
    const err = await getCreds(accessToken).catch((e) => e);
    expect(err).toBeInstanceOf(UnauthorizedException);
    expect(err.message).toBe('scripted');
  });

  it('reset() forgets tokens, credentials, requests and configuration', async () => {
    emu.configure({ roleCredentialsTtlSeconds: 60 });
    const { accessToken } = emu.seedSession();
    await getCreds(accessToken);
    emu.reset();
    expect(emu.requests).toEqual([]);
    expect(emu.issuedCredentials).toEqual([]);
    await expect(getCreds(accessToken)).rejects.toBeInstanceOf(UnauthorizedException);
    const { roleCredentials } = await getCreds(emu.seedSession().accessToken);
    expect(roleCredentials!.expiration! - Date.now()).toBeGreaterThan(3500_000);
  });
});
