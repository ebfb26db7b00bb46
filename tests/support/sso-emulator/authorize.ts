// The "browser" side of sign-in: the /authorize page (authorization code + PKCE) and the device
// verification page, plus the queue of sign-ins waiting for the test to approve or deny them.
import { SsoError, type SsoExchange } from './http';
import type { DeviceRecord, SsoStore } from './store';
import type { PendingAuthorization } from './types';

type Decision = { approve: true; userName?: string } | { approve: false };

interface Entry {
  info: PendingAuthorization;
  decide(decision: Decision): void;
}

/** Sign-ins waiting for approve()/deny(), and decisions made before their sign-in arrived. */
export class Approvals {
  private entries: Entry[] = [];
  private readonly early = new Map<string, Decision>();
  private waiters: ((p: PendingAuthorization) => void)[] = [];

  constructor(private readonly store: SsoStore) {}

  pending(): PendingAuthorization[] {
    this.prune();
    return this.entries.map((e) => ({ ...e.info, scopes: [...e.info.scopes] }));
  }

  waitForPending(): Promise<PendingAuthorization> {
    const [first] = this.pending();
    if (first) return Promise.resolve(first);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  decide(key: string, decision: Decision): boolean {
    // An unknown user name throws here, before a waiting page is taken off the queue.
    if (decision.approve) this.store.user(decision.userName);
    this.prune();
    const i = this.entries.findIndex((e) => e.info.key === key || (e.info.kind === 'device' && this.store.findDevice(key)?.userCode === e.info.key));
    if (i >= 0) {
      const [entry] = this.entries.splice(i, 1);
      entry.decide(decision);
      return true;
    }
    if (!this.store.findDevice(key)) this.early.set(key, decision);
    return false;
  }

  /** Queues a new device code: approved at once when auto-approving, else waits for the test. */
  addDevice(device: DeviceRecord, scopes: string[]): void {
    const decide = (d: Decision) => {
      if (device.status !== 'pending') return;
      device.status = d.approve ? 'approved' : 'denied';
      if (d.approve) device.userName = this.store.user(d.userName).userName;
    };
    const info: PendingAuthorization = { kind: 'device', key: device.userCode, clientId: device.clientId, scopes, userCode: device.userCode };
    this.add(info, decide, () => {});
  }

  /** Queues an /authorize page; it leaves the queue if the browser goes away before a decision. */
  addAuthorize(info: PendingAuthorization, decide: (d: Decision) => void, ex: SsoExchange): void {
    this.add(info, decide, (remove) => ex.res.on('close', remove));
  }

  clear(): void {
    this.entries = [];
    this.early.clear();
    this.waiters = [];
  }

  private add(info: PendingAuthorization, decide: (d: Decision) => void, watch: (remove: () => void) => void): void {
    const early = this.early.get(info.key);
    if (early) {
      this.early.delete(info.key);
      return decide(early);
    }
    if (this.store.behaviour.autoApprove) return decide({ approve: true });
    const entry: Entry = { info, decide };
    this.entries.push(entry);
    watch(() => {
      this.entries = this.entries.filter((e) => e !== entry);
    });
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w({ ...info, scopes: [...info.scopes] });
  }

  // Device codes leave the queue once used or expired.
  private prune(): void {
    const now = this.store.now();
    this.entries = this.entries.filter((e) => {
      if (e.info.kind !== 'device') return true;
      const d = this.store.findDevice(e.info.key);
      return !!d && d.status === 'pending' && d.expiresAt > now;
    });
  }
}

/** Splits a `scopes` query value: comma- or space-separated, possibly repeated. */
export function parseScopes(values: string[]): string[] {
  return values.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for an http:// loopback redirect URI, the only kind IAM Identity Center accepts from public clients. */
export function isLoopbackRedirect(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname);
  } catch {
    return false;
  }
}

/** A requested redirect matches a registered one on scheme, host and path; the port may differ (RFC 8252 §7.3). */
export function redirectMatches(registered: string[], requested: string): boolean {
  if (!isLoopbackRedirect(requested)) return false;
  const r = new URL(requested);
  return registered.some((uri) => {
    const g = new URL(uri);
    return g.protocol === r.protocol && g.hostname === r.hostname && g.pathname === r.pathname;
  });
}

function withParams(uri: string, params: Record<string, string | undefined>): string {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

let anonymousStates = 0;

/** GET /authorize: validates like the sign-in page, then redirects with a code or an OAuth error. */
export function handleAuthorize(ex: SsoExchange, store: SsoStore, approvals: Approvals): void {
  const params = new URL(ex.req.url ?? '/', 'http://emulator').searchParams;
  const q = ex.rec.query;
  const client = q.client_id ? store.clients.get(q.client_id) : undefined;
  // Without a valid client and redirect the page cannot safely redirect: it shows an error instead.
  if (!client || client.expiresAt <= store.now()) throw new SsoError('InvalidClientException', 'Invalid client provided', 400);
  const redirectUri = q.redirect_uri;
  if (!redirectUri || !redirectMatches(client.redirectUris, redirectUri)) {
    throw new SsoError('InvalidRedirectUriException', 'redirect_uri is not a registered loopback redirect URI');
  }
  const state = q.state;
  const fail = (error: string, description: string) => ex.redirect(withParams(redirectUri, { error, error_description: description, state }));
  if (q.response_type !== 'code') return fail('unsupported_response_type', 'response_type must be code');
  const allowed = client.grantTypes ?? [];
  if (!allowed.includes('authorization_code')) return fail('unauthorized_client', 'Client is not registered for authorization_code');
  if (q.code_challenge_method !== 'S256' || !q.code_challenge) {
    return fail('invalid_request', 'PKCE is required: code_challenge with code_challenge_method=S256');
  }
  const scopes = parseScopes([...params.getAll('scopes'), ...params.getAll('scope')]);
  if (scopes.some((s) => !client.scopes.includes(s))) return fail('invalid_scope', 'Requested scopes were not registered by the client');

  const info: PendingAuthorization = {
    kind: 'authorize',
    key: state ?? `authorize-${++anonymousStates}`,
    clientId: client.clientId,
    scopes: scopes.length ? scopes : [...client.scopes],
    state,
    redirectUri,
  };
  const decide = (d: Decision) => {
    if (!d.approve) return fail('access_denied', 'The user denied access');
    const code = store.issueCode({
      clientId: client.clientId,
      redirectUri,
      codeChallenge: q.code_challenge,
      scopes: info.scopes,
      userName: store.user(d.userName).userName,
    });
    ex.redirect(withParams(redirectUri, { code: code.code, state }));
  };
  approvals.addAuthorize(info, decide, ex);
}

/** GET /device?user_code=…: the verification page a user would open; shows the request's status. */
export function handleDeviceVerification(ex: SsoExchange, store: SsoStore): void {
  const userCode = ex.rec.query.user_code;
  const device = userCode ? store.findDevice(userCode) : undefined;
  if (!device) return ex.html(404, 'Unknown or missing user code.');
  const status = device.status === 'pending' && device.expiresAt <= store.now() ? 'expired' : device.status;
  ex.html(200, `Request ${device.userCode}: ${status}.`);
}
