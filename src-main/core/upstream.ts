import type { Logger } from 'pino';
import type { BedrockGateway, WarmOptions } from '../../src-proxy/bedrock/gateway';
import { timeoutsFromSettings } from '../../src-proxy/bedrock/deadlines';
import type { ConfigAdvisor } from '../../src-proxy/bedrock/errors';
import { SwitchableGateway } from '../../src-proxy/bedrock/switchable';
import type { Settings } from '../../src-shared/settings';
import { AwsCredentials, type CredentialState } from './aws/credentials';
import { sessionEndOf } from './aws/profiles';
import { lazyGateway } from './lazy-gateway';
import { resolveNetwork, type ResolvedNetwork } from './network';

// The core's way to Bedrock: the network (company proxy, CAs), the AWS credentials of the active
// profile, and the gateway built from them. Profile, region, endpoint or proxy changes rebuild all
// three while requests keep flowing (the gateway is swapped, never closed under a request).

export interface UpstreamOptions {
  /** The current settings, read when something is (re)built. */
  settings: () => Settings;
  /** Command-line overrides; they win over settings for this run. */
  region?: string;
  profile?: string;
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** The app's advice for setup problems (the doctor's words). */
  advise: ConfigAdvisor;
  /** A saved Bedrock API key: bearer auth instead of SigV4. */
  bedrockKey?: string;
  /** True while the proxy listens: only then is the connection opened ahead of need. */
  listening: () => boolean;
  onCredentials: (state: CredentialState) => void;
  onWarning: (message: string) => void;
  /** Told when the way to Bedrock was opened ahead of need (credentials at hand). */
  onWarm?: () => void;
}

export class Upstream {
  readonly gateway: SwitchableGateway;
  private networkImpl: ResolvedNetwork;
  private credentialsImpl: AwsCredentials;
  private key: string;
  private bedrockKey: string | undefined;

  constructor(private readonly opts: UpstreamOptions) {
    const s = opts.settings();
    this.bedrockKey = opts.bedrockKey;
    this.key = this.keyOf(s);
    this.networkImpl = resolveNetwork(s, opts.env);
    this.credentialsImpl = this.makeCredentials();
    this.gateway = new SwitchableGateway(this.makeGateway());
  }

  get network(): ResolvedNetwork {
    return this.networkImpl;
  }

  get credentials(): AwsCredentials {
    return this.credentialsImpl;
  }

  /** True when requests use a Bedrock API key (saved, or AWS_BEARER_TOKEN_BEDROCK) instead of AWS credentials. */
  get usesApiKey(): boolean {
    return Boolean(this.bedrockKey || this.opts.env.AWS_BEARER_TOKEN_BEDROCK);
  }

  get hasSavedKey(): boolean {
    return Boolean(this.bedrockKey);
  }

  /**
   * Opens the connection to Bedrock ahead of need (when the proxy listens, after a sign-in, a
   * profile, region or endpoint change, a wake from sleep: `afterSleep`); only with credentials at hand.
   */
  warm(opts?: WarmOptions): void {
    void this.gateway.warm(opts).then((opened) => opened && this.opts.onWarm?.());
  }

  /** Uses (or with undefined, stops using) a Bedrock API key from the next request on. */
  setApiKey(key: string | undefined): void {
    this.bedrockKey = key || undefined;
    this.gateway.swap(this.makeGateway());
    if (this.opts.listening()) this.warm();
  }

  /**
   * Follows a settings change: a new profile, region, endpoint or proxy rebuilds network,
   * credentials and gateway (CA files are read again too). Returns whether it did.
   */
  applySettings(next: Settings): boolean {
    const key = this.keyOf(next);
    if (key === this.key) return false;
    this.key = key;
    this.networkImpl = resolveNetwork(next, this.opts.env);
    for (const problem of this.networkImpl.problems) this.opts.onWarning(problem);
    this.credentialsImpl.dispose();
    this.credentialsImpl = this.makeCredentials();
    this.gateway.swap(this.makeGateway());
    if (this.opts.listening()) this.warm();
    return true;
  }

  dispose(): void {
    this.credentialsImpl.dispose();
    this.gateway.close();
  }

  private keyOf(s: Settings): string {
    return JSON.stringify([this.opts.region ?? s.region, this.opts.profile ?? s.profile, s.bedrockEndpoint, s.httpsProxy, s.noProxy]);
  }

  private makeCredentials(): AwsCredentials {
    const { env, log } = this.opts;
    const creds = new AwsCredentials({
      profile: this.opts.profile ?? this.opts.settings().profile,
      env,
      network: this.networkImpl.config,
      sessionExpiry: (name) => sessionEndOf(name, env),
    });
    let usable = false;
    let last: CredentialState['status'] | undefined;
    creds.on('state', (state) => {
      if (state.status !== last) log.info({ profile: state.profile, status: state.status, expiresAt: state.expiresAt, message: state.message }, 'AWS credentials');
      last = state.status;
      // Credentials that start working (a sign-in) open the way to Bedrock at once.
      const now = state.status === 'valid' || state.status === 'expiring';
      if (now && !usable && this.opts.listening()) this.warm();
      usable = now;
      this.opts.onCredentials(state);
    });
    return creds;
  }

  private makeGateway(): BedrockGateway {
    const s = this.opts.settings();
    return lazyGateway({
      region: this.opts.region ?? s.region,
      profile: this.opts.profile ?? s.profile,
      endpoint: s.bedrockEndpoint,
      credentials: this.credentialsImpl.providerFactory(),
      onCredentialsRejected: (err) => this.credentialsImpl.rejected(err),
      advise: this.opts.advise,
      network: this.networkImpl.config,
      // Read per call: a changed limit applies to the next request without a new gateway.
      timeouts: () => timeoutsFromSettings(this.opts.settings().bedrockTimeouts),
      ...(this.bedrockKey ? { apiKey: this.bedrockKey } : {}),
      env: this.opts.env,
      log: this.opts.log,
    });
  }
}

export type { WarmOptions };
