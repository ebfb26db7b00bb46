import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { CredentialStatus } from '../../../src-shared/admin';
import { explainNetworkError } from '../../../src-shared/network-errors';
import type { NetworkConfig } from '../../../src-proxy/net/proxy-rules';

/** What the app shows about the credentials in use: the tray icon, notifications, the status API. */
export type CredentialState = CredentialStatus;

export interface CredentialEvents {
  state: [CredentialState];
}

export interface CredentialsOptions {
  /** The active profile; undefined means AWS_PROFILE, else "default". */
  profile?: string;
  /** Warn this long before credentials expire ("expires in 10 minutes"). */
  warnBeforeMs?: number;
  /** Makes the underlying provider (tests use a fixed one); the SDK's node chain by default. */
  makeProvider?: (profile: string | undefined) => AwsCredentialIdentityProvider;
  /**
   * When the sign-in behind the credentials ends (an SSO token that will not refresh itself).
   * Role and process credentials re-resolve on their own, so their expiry needs no warning.
   */
  sessionExpiry?: (profile: string) => Promise<string | undefined>;
  env?: NodeJS.ProcessEnv;
  /** Proxy and CAs for the SDK's own SSO, SSO-OIDC (token refresh) and STS clients. */
  network?: NetworkConfig;
}

/**
 * The SDK's fromNodeProviderChain(init) with the network config's agents (sdk-credentials.ts), the
 * SDK and the agents loaded at the first resolution rather than with the app (they are not needed
 * before the first request; see lazy-gateway.ts).
 */
function nodeProviderChain(init: import('./sdk-credentials').ChainInit, network: NetworkConfig | undefined): AwsCredentialIdentityProvider {
  let chain: Promise<AwsCredentialIdentityProvider> | undefined;
  return async (options) => (await (chain ??= import('./sdk-credentials').then((m) => m.providerChain(init, network))))(options);
}

const SSO_ERRORS = /SSO|token|sign in|login|expired|refresh/i;

/**
 * Whether the SDK's credential chain takes the keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY:
 * only when no profile is named (`profile`: --profile or the settings', else AWS_PROFILE); with
 * one named it skips them.
 */
export function envKeysInUse(env: NodeJS.ProcessEnv, profile: string | undefined): boolean {
  return Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) && !(profile ?? env.AWS_PROFILE);
}

/**
 * The credentials of the active profile, from the AWS SDK's own providers (with the SSO token
 * refresh they do), plus a state the app can show: valid until when, expiring soon, needs sign-in.
 */
export class AwsCredentials extends EventEmitter<CredentialEvents> {
  private current: CredentialState;
  private warnTimer?: NodeJS.Timeout;
  private expireTimer?: NodeJS.Timeout;
  private readonly warnBeforeMs: number;
  private readonly makeProvider: (profile: string | undefined) => AwsCredentialIdentityProvider;
  // The credentials last resolved, and the ones AWS refused (compared by a hash of the whole): the
  // same ones loading again (keys in the environment always load) are not "valid" again until
  // they change (a renewed key or secret, a new session) or a sign-in.
  private lastResolved?: string;
  private refused?: string;

  constructor(private readonly opts: CredentialsOptions = {}) {
    super();
    this.warnBeforeMs = opts.warnBeforeMs ?? 10 * 60_000;
    this.makeProvider = opts.makeProvider ?? ((profile) => nodeProviderChain(profile ? { profile } : {}, opts.network));
    this.current = { profile: this.profileName, status: 'unknown' };
  }

  /** The profile in use: the setting, else AWS_PROFILE, else "default". */
  get profileName(): string {
    return this.opts.profile ?? (this.opts.env ?? process.env).AWS_PROFILE ?? 'default';
  }

  get state(): CredentialState {
    return this.current;
  }

  /** A provider factory for the Bedrock gateway: every resolution updates the state. */
  providerFactory(): () => AwsCredentialIdentityProvider {
    return () => {
      const inner = this.makeProvider(this.opts.profile);
      return async (options) => {
        try {
          const creds = await inner(options);
          await this.resolved(creds);
          return creds;
        } catch (err) {
          this.failed(err);
          throw err;
        }
      };
    };
  }

  /** Called when AWS rejected the credentials even after re-resolving them. */
  rejected(err: unknown): void {
    this.refused = this.lastResolved;
    this.failed(err, true);
  }

  /** Forget timers (on shutdown or profile switch). */
  dispose(): void {
    clearTimeout(this.warnTimer);
    clearTimeout(this.expireTimer);
  }

  /** Marks the state after a successful sign-in, before the next request resolves new credentials. */
  signedIn(expiresAt?: string): void {
    this.refused = undefined;
    this.set({ profile: this.profileName, status: 'valid', expiresAt, message: 'Signed in.' });
  }

  private async resolved(creds: AwsCredentialIdentity): Promise<void> {
    const these = createHash('sha256').update(`${creds.accessKeyId}\n${creds.secretAccessKey}\n${creds.sessionToken ?? ''}`).digest('base64');
    this.lastResolved = these;
    if (this.refused === these) return;
    this.refused = undefined;
    const session = await this.opts.sessionExpiry?.(this.profileName).catch(() => undefined);
    // Refused while the session's end was read (a call that used them failed meanwhile): they stay refused.
    if (this.refused === these) return;
    const until = session ? new Date(session) : undefined;
    const left = until ? until.getTime() - Date.now() : Number.POSITIVE_INFINITY;
    this.set({ profile: this.profileName, status: left <= this.warnBeforeMs ? 'expiring' : 'valid', expiresAt: session ?? creds.expiration?.toISOString(), message: expiryMessage(left) });
    this.schedule(until);
  }

  private failed(err: unknown, rejectedByAws = false): void {
    const message = (err as { message?: string })?.message ?? String(err);
    // Offline, DNS or TLS trouble is not a credentials problem: say which, in one sentence.
    const net = explainNetworkError(err, { service: 'AWS SSO', loginCommand: `npm run outcrop -- login --profile ${this.profileName}` });
    if (net && net.problem !== 'sso-expired') {
      this.set({ profile: this.profileName, status: 'error', message: `Could not load credentials for profile "${this.profileName}": ${net.sentence}` });
      return;
    }
    // Keys in the environment: a sign-in cannot renew them.
    if (rejectedByAws && envKeysInUse(this.opts.env ?? process.env, this.opts.profile)) {
      this.set({ profile: this.profileName, status: 'error', message: `AWS refused the keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (${message.split(/(?<=\.)\s/)[0].replace(/\.$/, '')}). Renew them in the environment and restart Outcrop.` });
      return;
    }
    const needsSignIn = rejectedByAws || SSO_ERRORS.test(message);
    this.set({
      profile: this.profileName,
      status: needsSignIn ? 'needs-sign-in' : 'error',
      message: needsSignIn
        ? `Credentials for profile "${this.profileName}" are expired or missing. Sign in from the Outcrop tray or run \`npm run outcrop -- login --profile ${this.profileName}\`.`
        : `Could not load credentials for profile "${this.profileName}": ${message}`,
    });
  }

  private schedule(expiration: Date | undefined): void {
    this.dispose();
    if (!expiration) return;
    const left = expiration.getTime() - Date.now();
    // Timers beyond ~24 days overflow; credentials that live that long need no warning.
    if (left > 2 ** 31 - 1) return;
    if (left > this.warnBeforeMs) {
      this.warnTimer = setTimeout(() => this.set({ ...this.current, status: 'expiring', message: expiryMessage(this.warnBeforeMs) }), left - this.warnBeforeMs);
      this.warnTimer.unref();
    }
    this.expireTimer = setTimeout(() => this.set({ ...this.current, status: 'needs-sign-in', message: `The AWS sign-in for profile "${this.profileName}" expired. Sign in again.` }), Math.max(0, left));
    this.expireTimer.unref();
  }

  private set(next: CredentialState): void {
    const changed = next.status !== this.current.status || next.expiresAt !== this.current.expiresAt || next.profile !== this.current.profile;
    this.current = next;
    if (changed) this.emit('state', next);
  }
}

function expiryMessage(leftMs: number): string | undefined {
  if (!Number.isFinite(leftMs)) return undefined;
  const minutes = Math.max(0, Math.round(leftMs / 60_000));
  return minutes <= 60 ? `Credentials expire in ${minutes} minute${minutes === 1 ? '' : 's'}.` : undefined;
}
