import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SSOOIDCClient } from './sdk-sso-oidc';
import { sdkHttpHandlerOptions } from '../../../src-proxy/net/agents';
import type { NetworkConfig } from '../../../src-proxy/net/proxy-rules';
import { explainNetworkError } from '../../../src-shared/network-errors';
import type { ProfileDetails } from './profiles';
import type { RegistrationStore } from './registrations';
import { writeSsoToken } from './sso-cache';

// Sign-in as `aws sso login` does it: authorization code with PKCE and a loopback redirect for
// sso-session profiles, the device-code flow for legacy profiles (and on request). The token is
// written to the AWS CLI's cache, so the CLI and the SDK share it.
// https://docs.aws.amazon.com/singlesignon/latest/OIDCAPIReference/Welcome.html

export type SignInFlow = 'pkce' | 'device';

export interface SignInOptions {
  registrations: RegistrationStore;
  deviceCode?: boolean;
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the browser (PKCE); device codes expire on their own. */
  timeoutMs?: number;
  clientName?: string;
  /** Proxy and CAs for the SSO-OIDC calls. */
  network?: NetworkConfig;
}

export interface SignInResult {
  profile: string;
  startUrl: string;
  /** When the access token expires (about an hour). */
  expiresAt: string;
  /** When the sign-in ends: the registration's expiry for a token that refreshes itself (sso-session), else the token's. */
  sessionEndsAt: string;
  cacheFile: string;
}

/** A sign-in in progress: open `url` in a browser (and show `userCode`), await `done`, or cancel. */
export interface SignInHandle {
  flow: SignInFlow;
  url: string;
  userCode?: string;
  done: Promise<SignInResult>;
  cancel(): void;
}

/** Error with a sentence for the user; `code` tells the UI what happened. */
export class SignInError extends Error {
  constructor(readonly code: 'cancelled' | 'denied' | 'expired' | 'timeout' | 'not-sso' | 'failed', message: string) {
    super(message);
    this.name = 'SignInError';
  }
}

const base64url = (buf: Buffer): string => buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Starts signing in to an SSO profile; resolves once the browser URL is known. */
export async function startSignIn(profile: ProfileDetails, opts: SignInOptions): Promise<SignInHandle> {
  if ((profile.kind !== 'sso' && profile.kind !== 'sso-legacy') || !profile.startUrl || !profile.ssoRegion) {
    throw new SignInError('not-sso', `Profile "${profile.name}" is not an AWS SSO (IAM Identity Center) profile${profile.problem ? `: ${profile.problem}` : ''}; there is nothing to sign in to.`);
  }
  const env = opts.env ?? process.env;
  const handler = sdkHttpHandlerOptions(opts.network);
  // Loaded here, not with the app: only a sign-in needs it.
  const sdk = await import('./sdk-sso-oidc');
  const oidc = new sdk.SSOOIDCClient({ region: profile.ssoRegion, ...(env.AWS_ENDPOINT_URL_SSO_OIDC ? { endpoint: env.AWS_ENDPOINT_URL_SSO_OIDC } : {}), ...(handler ? { requestHandler: handler } : {}) });
  const flow: SignInFlow = opts.deviceCode || profile.kind === 'sso-legacy' ? 'device' : 'pkce';
  const ctx = { profile, sdk, oidc, opts, env, flow };
  try {
    return flow === 'pkce' ? await startPkce(ctx) : await startDevice(ctx);
  } catch (err) {
    oidc.destroy();
    throw wrap(err);
  }
}

interface FlowContext {
  profile: ProfileDetails;
  sdk: typeof import('./sdk-sso-oidc');
  oidc: SSOOIDCClient;
  opts: SignInOptions;
  env: NodeJS.ProcessEnv;
  flow: SignInFlow;
}

async function registration(ctx: FlowContext): Promise<{ clientId: string; clientSecret: string; expiresAt: string; key: string }> {
  const scopes = ctx.profile.kind === 'sso' ? (ctx.profile.ssoScopes?.length ? ctx.profile.ssoScopes : ['sso:account:access']) : undefined;
  const key = [ctx.profile.startUrl, ctx.profile.ssoRegion, ctx.flow, scopes?.join(',') ?? ''].join('|');
  const cached = await ctx.opts.registrations.get(key);
  if (cached) return { ...cached, key };
  const out = await ctx.oidc.send(new ctx.sdk.RegisterClientCommand({
    clientName: ctx.opts.clientName ?? 'outcrop',
    clientType: 'public',
    scopes,
    ...(ctx.flow === 'pkce' ? { grantTypes: ['authorization_code', 'refresh_token'], redirectUris: ['http://127.0.0.1/oauth/callback'], issuerUrl: ctx.profile.startUrl } : {}),
  }));
  const reg = { clientId: out.clientId!, clientSecret: out.clientSecret!, expiresAt: new Date((out.clientSecretExpiresAt ?? 0) * 1000).toISOString() };
  await ctx.opts.registrations.set(key, reg);
  return { ...reg, key };
}

async function saveToken(ctx: FlowContext, reg: { clientId: string; clientSecret: string; expiresAt: string }, token: { accessToken?: string; expiresIn?: number; refreshToken?: string }): Promise<SignInResult> {
  const expiresAt = new Date(Date.now() + (token.expiresIn ?? 3600) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const file = {
    startUrl: ctx.profile.startUrl!,
    region: ctx.profile.ssoRegion!,
    accessToken: token.accessToken!,
    expiresAt,
    // Legacy profiles are never refreshed by the SDK, so the AWS CLI stores no client for them.
    ...(ctx.profile.kind === 'sso' ? { clientId: reg.clientId, clientSecret: reg.clientSecret, registrationExpiresAt: reg.expiresAt, refreshToken: token.refreshToken } : {}),
  };
  const cacheFile = await writeSsoToken(ctx.profile.ssoCacheKey!, file, ctx.env);
  // Same rule as profileState: a token with a refresh token and a live registration refreshes itself.
  const refreshable = ctx.profile.kind === 'sso' && Boolean(token.refreshToken) && Date.parse(reg.expiresAt) > Date.now();
  return { profile: ctx.profile.name, startUrl: ctx.profile.startUrl!, expiresAt, sessionEndsAt: refreshable ? reg.expiresAt : expiresAt, cacheFile };
}

async function startPkce(ctx: FlowContext): Promise<SignInHandle> {
  const reg = await registration(ctx);
  const verifier = base64url(randomBytes(48));
  const challenge = base64url(createHash('sha256').update(verifier).digest());
  const state = base64url(randomBytes(16));
  const abort = new AbortController();
  const { server, redirectUri, code } = await loopbackCallback(state, abort.signal, ctx.opts.timeoutMs ?? 10 * 60_000);
  const oidcBase = (ctx.env.AWS_ENDPOINT_URL_SSO_OIDC ?? `https://oidc.${ctx.profile.ssoRegion}.amazonaws.com`).replace(/\/$/, '');
  const scopes = ctx.profile.ssoScopes?.length ? ctx.profile.ssoScopes : ['sso:account:access'];
  const query = new URLSearchParams({ response_type: 'code', client_id: reg.clientId, redirect_uri: redirectUri, state, code_challenge_method: 'S256', scopes: scopes.join(' '), code_challenge: challenge });
  const done = (async () => {
    try {
      const authCode = await code;
      const token = await ctx.oidc.send(new ctx.sdk.CreateTokenCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, grantType: 'authorization_code', code: authCode, redirectUri, codeVerifier: verifier }), { abortSignal: abort.signal });
      return await saveToken(ctx, reg, token);
    } catch (err) {
      // A client the service no longer knows: forget it so the next sign-in registers anew.
      const name = (err as { name?: string; code?: string }).name;
      if (name === 'InvalidClientException' || (err instanceof SignInError && /invalid_client|unauthorized_client/.test(err.message))) await ctx.opts.registrations.delete(reg.key);
      throw wrap(err, abort.signal);
    } finally {
      server.close();
      ctx.oidc.destroy();
    }
  })();
  return { flow: 'pkce', url: `${oidcBase}/authorize?${query}`, done, cancel: () => abort.abort() };
}

/** Listens on 127.0.0.1:<free port>/oauth/callback for the browser's redirect with ?code&state. */
async function loopbackCallback(state: string, signal: AbortSignal, timeoutMs: number): Promise<{ server: Server; redirectUri: string; code: Promise<string> }> {
  let settle!: { resolve: (code: string) => void; reject: (err: Error) => void };
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/oauth/callback' || url.searchParams.get('state') !== state) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const error = url.searchParams.get('error');
    const page = (title: string, text: string) => `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:system-ui;margin:3em"><h1>${title}</h1><p>${text}</p>`;
    if (error) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Sign-in was not completed', 'You can close this tab and try again from Outcrop.'));
      settle.reject(new SignInError(error === 'access_denied' ? 'denied' : 'failed', error === 'access_denied' ? 'Sign-in was denied in the browser.' : `Sign-in failed: ${error}${url.searchParams.get('error_description') ? ` (${url.searchParams.get('error_description')})` : ''}.`));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Signed in to AWS', 'Outcrop has your sign-in. You can close this tab.'));
    settle.resolve(url.searchParams.get('code') ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const timer = setTimeout(() => settle.reject(new SignInError('timeout', `No answer from the browser in ${Math.round(timeoutMs / 60_000)} minutes; sign-in stopped.`)), timeoutMs);
  timer.unref();
  signal.addEventListener('abort', () => settle.reject(new SignInError('cancelled', 'Sign-in was cancelled.')), { once: true });
  void code.catch(() => undefined).finally(() => clearTimeout(timer));
  return { server, redirectUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/callback`, code };
}

async function startDevice(ctx: FlowContext): Promise<SignInHandle> {
  const reg = await registration(ctx);
  const auth = await ctx.oidc.send(new ctx.sdk.StartDeviceAuthorizationCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl: ctx.profile.startUrl! })).catch(async (err: { name?: string }) => {
    if (err.name === 'InvalidClientException') await ctx.opts.registrations.delete(reg.key);
    throw err;
  });
  const abort = new AbortController();
  const done = (async () => {
    try {
      let interval = (auth.interval ?? 5) * 1000;
      const deadline = Date.now() + (auth.expiresIn ?? 600) * 1000;
      for (;;) {
        await sleep(interval, abort.signal);
        if (Date.now() > deadline) throw new SignInError('expired', 'The sign-in code expired before it was confirmed. Start the sign-in again.');
        try {
          const token = await ctx.oidc.send(new ctx.sdk.CreateTokenCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: auth.deviceCode }), { abortSignal: abort.signal });
          return await saveToken(ctx, reg, token);
        } catch (err) {
          const name = (err as { name?: string }).name;
          if (name === 'AuthorizationPendingException') continue;
          if (name === 'SlowDownException') {
            interval += 5000;
            continue;
          }
          if (name === 'InvalidClientException') await ctx.opts.registrations.delete(reg.key);
          throw err;
        }
      }
    } catch (err) {
      throw wrap(err, abort.signal);
    } finally {
      ctx.oidc.destroy();
    }
  })();
  return { flow: 'device', url: auth.verificationUriComplete ?? auth.verificationUri!, userCode: auth.userCode, done, cancel: () => abort.abort() };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new SignInError('cancelled', 'Sign-in was cancelled.'));
    }, { once: true });
  });
}

/** Turns SSO-OIDC errors into sentences; secrets from the exchange never appear in them. */
function wrap(err: unknown, signal?: AbortSignal): SignInError {
  if (err instanceof SignInError) return err;
  if (signal?.aborted) return new SignInError('cancelled', 'Sign-in was cancelled.');
  const name = (err as { name?: string }).name ?? 'Error';
  const message = (err as { message?: string }).message ?? String(err);
  switch (name) {
    case 'AccessDeniedException':
      return new SignInError('denied', 'Sign-in was denied in the browser.');
    case 'ExpiredTokenException':
      return new SignInError('expired', 'The sign-in code expired before it was confirmed. Start the sign-in again.');
    case 'InvalidClientException':
      return new SignInError('failed', 'The SSO client registration is no longer valid; it was discarded. Start the sign-in again.');
    default: {
      // Offline, DNS, TLS or a proxy in the way: one sentence with the action, not the socket error.
      const net = explainNetworkError(err, { service: 'AWS SSO' });
      if (net && net.problem !== 'sso-expired') return new SignInError('failed', net.sentence);
      // Service errors can carry paragraphs; the first sentence says what matters.
      return new SignInError('failed', `AWS SSO sign-in failed (${name}): ${message.split(/(?<=\.)\s/)[0]}`);
    }
  }
}
