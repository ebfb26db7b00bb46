import { EventEmitter } from 'node:events';
import type { BedrockGateway } from '../../src-proxy/bedrock/gateway';
import { timeoutsFromSettings } from '../../src-proxy/bedrock/deadlines';
import { SwitchableGateway } from '../../src-proxy/bedrock/switchable';
import { ModelDirectory } from '../../src-proxy/models/directory';
import { startProxy, type RunningProxy } from '../../src-proxy/server';
import type { AdminEvent } from '../../src-shared/admin';
import type { RequestLogEntry } from '../../src-shared/request-log';
import type { Settings } from '../../src-shared/settings';
import { join } from 'node:path';
import { CoreAdmin } from './admin-backend';
import { lazyGateway, loadGatewayModule } from './lazy-gateway';
import { loadAdminToken } from './admin-token';
import { loadReasoningKey } from './reasoning-key';
import { RESPONSES_DIR, ResponseFiles } from './response-files';
import { loadAwsFiles } from './aws/aws-files';
import { AwsCredentials, type CredentialState } from './aws/credentials';
import { describeProfile, sessionEndOf } from './aws/profiles';
import { CoreDiagnosis } from './diagnosis/core-diagnosis';
import type { RunMode } from './diagnosis/facts';
import { RegistrationStore } from './aws/registrations';
import { startSignIn, type SignInHandle } from './aws/sso-login';
import { EventHub } from './event-hub';
import { resolveNetwork, type ResolvedNetwork } from './network';
import { RequestLog } from './request-log/request-log';
import { BEDROCK_API_KEY, FileSecretStore, type SecretStore } from './secrets';
import { SettingsStore } from './settings/store';
import { VERSION } from './version';
import { openAppLog, type AppLog } from './logging/app-log';
import { isLoopbackAddress } from '../../src-shared/loopback';

export interface CoreEvents {
  /** The proxy moved to a new address (port or host changed in settings). */
  listening: [string];
  request: [RequestLogEntry];
  credentials: [CredentialState];
  settings: [Settings];
  warning: [string];
}

export interface CoreOptions {
  home: string;
  /** Command-line overrides; they win over settings for this run. */
  host?: string;
  port?: number;
  region?: string;
  profile?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the Bedrock API key is kept (the desktop app passes one sealed by the OS keychain). */
  secrets?: SecretStore;
  /** The built settings UI to serve at /ui/ (dist/renderer). */
  uiDir?: string;
  /** Start listening in start() (the default); the desktop app calls startProxy() itself to handle a taken port. */
  listen?: boolean;
  /** Headless (`npm run serve`, the default) or the desktop app: setup advice names a command or a click. */
  mode?: RunMode;
  /** The diagnostic log (logs/outcrop-serve.log or outcrop-desktop.log under home); one is opened when not given. */
  appLog?: AppLog;
}

/** The port is taken by another program (often another Outcrop). */
export class PortInUseError extends Error {
  readonly code = 'port-in-use';
  constructor(readonly host: string, readonly port: number) {
    super(`Port ${port} on ${host} is already in use (is Outcrop already running?). Stop the other program or pick another port.`);
  }
}

/**
 * How long after listening work that can wait (loading the AWS SDK, the start-up checks) waits:
 * it takes the process for tens of milliseconds, and a health check or the settings page asked
 * for as soon as the server listens is answered first.
 */
export const AFTER_LISTEN_MS = 100;

/**
 * The app's core: settings, AWS credentials and sign-in, and the proxy wired to them. The tray,
 * the settings window and the headless CLI all drive this one object and listen to its events.
 */
export class OutcropCore extends EventEmitter<CoreEvents> {
  readonly registrations: RegistrationStore;
  readonly models: ModelDirectory;
  readonly events = new EventHub(500, 50, (err) => this.log.error({ err }, 'a listener of the admin events failed'));
  readonly requestLog: RequestLog;
  readonly admin: CoreAdmin;
  /** The doctor's checks on this core: the Overview's checklist, the tray's state, the proxy's setup errors. */
  readonly diagnosis: CoreDiagnosis;
  adminToken = '';
  /** Seals Responses reasoning handed to clients (kept 0600 in the Outcrop home). */
  private reasoningKey?: Buffer;
  /** Responses API responses kept on disk when the user opts in (responsesStore.keepOnDisk). */
  private readonly responseFiles: ResponseFiles;
  /** Settles once the request log's recent entries are read back from disk (begun when start() has listened); the log API waits for it. */
  logsRestored: Promise<void> = Promise.resolve();
  /** Warnings raised while start() runs, returned by it (nobody listens to events yet). */
  private startWarnings?: string[] = [];
  private keepsResponsesOnDisk: boolean;
  private credentialsImpl: AwsCredentials;
  private readonly gateway: SwitchableGateway;
  private proxyImpl?: RunningProxy;
  private bound = { host: '', port: -1 };
  private gatewayKey: string;
  private networkImpl: ResolvedNetwork;
  /** The diagnostic log of this process (errors with their causes, warnings, what the proxy adjusted). */
  readonly appLog: AppLog;

  private constructor(readonly settings: SettingsStore, readonly secrets: SecretStore, private readonly opts: CoreOptions, private bedrockKey: string | undefined) {
    super();
    this.appLog = opts.appLog ?? openAppLog({ home: opts.home, process: opts.mode === 'desktop' ? 'desktop' : 'serve', level: settings.get().logLevel, env: this.env });
    this.gatewayKey = gatewayKeyOf(settings.get(), opts);
    this.networkImpl = resolveNetwork(settings.get(), this.env);
    this.registrations = new RegistrationStore(opts.home);
    this.requestLog = new RequestLog({
      dir: join(opts.home, 'logs'),
      retentionDays: settings.get().logRetentionDays,
      onError: (err) => this.warn(`The request log could not be written: ${err.message}`),
    });
    this.diagnosis = new CoreDiagnosis({
      mode: opts.mode ?? 'headless',
      settings: () => this.settings.get(),
      env: this.env,
      profile: opts.profile,
      region: opts.region,
      savedApiKey: () => Boolean(this.bedrockKey),
      loadCredentials: async () => ({ expiresAt: (await this.credentialsImpl.providerFactory()()()).expiration?.toISOString() }),
      listModels: () => this.gateway.listModels(),
      port: () => (this.proxyImpl ? { listening: true, url: this.proxyImpl.url } : { listening: false, host: this.opts.host ?? this.settings.get().host, port: this.opts.port ?? this.settings.get().port }),
    });
    this.admin = new CoreAdmin(this);
    this.keepsResponsesOnDisk = settings.get().responsesStore.keepOnDisk;
    this.responseFiles = new ResponseFiles({
      dir: join(opts.home, RESPONSES_DIR),
      enabled: () => this.settings.get().responsesStore.keepOnDisk,
      limits: () => {
        const s = this.settings.get().responsesStore;
        return { maxResponses: s.maxResponses, maxBytes: s.maxMegabytes * 1024 * 1024 };
      },
      warn: (message) => (this.startWarnings ? this.startWarnings.push(message) : this.warn(message)),
    });
    this.credentialsImpl = this.makeCredentials();
    this.gateway = new SwitchableGateway(this.makeGateway());
    this.models = new ModelDirectory(this.gateway);
    settings.on('changed', (s) => this.onSettings(s));
    settings.on('warning', (w) => this.warn(w));
    settings.on('problem', (problem) => this.publish({ type: 'settings-problem', problem }));
  }

  /** Opens the settings, starts listening, and reports settings warnings as events. */
  static async start(opts: CoreOptions): Promise<{ core: OutcropCore; warnings: string[] }> {
    const { store, warnings } = await SettingsStore.open(opts.home);
    await store.watch();
    const secrets = opts.secrets ?? new FileSecretStore(opts.home);
    const core = new OutcropCore(store, secrets, opts, await secrets.get(BEDROCK_API_KEY));
    core.log.info({ version: VERSION, mode: opts.mode ?? 'headless', node: process.versions.node, platform: process.platform, level: core.appLog.level, levelFrom: core.appLog.levelFrom }, 'Outcrop starting');
    if (core.appLog.problem) warnings.push(core.appLog.problem);
    try {
      core.adminToken = await loadAdminToken(opts.home);
      core.reasoningKey = await loadReasoningKey(opts.home);
      if (opts.listen !== false) await core.listen();
    } catch (err) {
      core.log.error({ err }, 'Outcrop could not start');
      core.dispose();
      core.appLog.close();
      throw err;
    }
    core.log.info({ url: core.proxyImpl?.url }, 'listening');
    // Read back once listening: a busy day's log takes tens of milliseconds to parse. Requests
    // logged meanwhile stay the newest entries (see RequestLog.restore).
    core.logsRestored = core.requestLog.restore().then(
      () => undefined,
      (err: Error) => core.warn(`The request log's recent entries could not be read back: ${err.message}`),
    );
    const late = core.startWarnings ?? [];
    core.startWarnings = undefined;
    const all = [...warnings, ...core.network.problems, ...late];
    for (const w of all) core.log.warn(w);
    return { core, warnings: all };
  }

  /** Proxy, NO_PROXY and extra CAs in use (settings and environment), with where they came from. */
  get network(): ResolvedNetwork {
    return this.networkImpl;
  }

  /** Shows a file in the system's file manager (the desktop app sets it; headless has none). */
  private fileRevealer?: (path: string) => void;

  setFileRevealer(reveal: ((path: string) => void) | undefined): void {
    this.fileRevealer = reveal;
  }

  /** True when "Show in folder" can work here (the desktop app). */
  get canRevealFiles(): boolean {
    return this.fileRevealer !== undefined;
  }

  /** Shows the diagnostic log in the file manager; false when this process cannot (headless) or there is no file. */
  revealLogFile(): boolean {
    if (!this.fileRevealer || !this.appLog.file) return false;
    this.fileRevealer(this.appLog.file);
    return true;
  }

  /** The diagnostic logger (pino). */
  get log(): AppLog['logger'] {
    return this.appLog.logger;
  }

  get proxy(): RunningProxy {
    return this.proxyImpl!;
  }

  /** True while the proxy listens. */
  get running(): boolean {
    return this.proxyImpl !== undefined;
  }

  /** Starts listening where the settings say (no-op when running); resolves with the address. Throws PortInUseError when the port is taken. */
  async startProxy(): Promise<string> {
    if (!this.proxyImpl) {
      await this.listen();
      this.emit('listening', this.proxy.url);
      this.publish({ type: 'listening', url: this.proxy.url });
    }
    return this.proxy.url;
  }

  /** Stops listening; connections still open, requests in flight included, are cut (the proxy app closes with forceCloseConnections). */
  async stopProxy(): Promise<void> {
    const proxy = this.proxyImpl;
    this.proxyImpl = undefined;
    await proxy?.close();
  }

  get credentials(): AwsCredentials {
    return this.credentialsImpl;
  }

  /** The profile requests use: command line, else settings, else AWS_PROFILE, else default. */
  get activeProfile(): string {
    return this.credentialsImpl.profileName;
  }

  /** The region requests go to (settings, the profile, or the environment). */
  region(): Promise<string> {
    return this.gateway.region();
  }

  /** The settings UI address, with the admin token in the fragment (never sent to a server log). */
  get settingsUrl(): string {
    return `${this.proxy.url}/ui/#token=${this.adminToken}`;
  }

  /** Hands an event to the admin stream's subscribers. */
  publish(event: AdminEvent): void {
    this.events.publish(event);
  }

  /** Starts signing in to a profile (the active one by default); the state updates when it finishes. */
  async signIn(profile = this.activeProfile, deviceCode = false): Promise<SignInHandle> {
    const files = await loadAwsFiles(this.env);
    const handle = await startSignIn(describeProfile(files, profile), { registrations: this.registrations, deviceCode, env: this.env, network: this.networkImpl.config });
    void handle.done.then(
      (result) => {
        this.log.info({ profile, expiresAt: result.expiresAt }, 'signed in');
        if (profile === this.activeProfile) this.credentialsImpl.signedIn(result.expiresAt);
      },
      // The caller shows the failure (the UI's sign-in view, the CLI); the log keeps it with its cause.
      (err: Error) => this.log.info({ profile, err }, 'sign-in did not finish'),
    );
    return handle;
  }

  /** Saves (or with undefined, removes) the Bedrock API key; requests use it from the next one on. */
  async setBedrockApiKey(key: string | undefined): Promise<void> {
    await this.secrets.set(BEDROCK_API_KEY, key);
    this.bedrockKey = key || undefined;
    this.gateway.swap(this.makeGateway());
    if (this.running) this.warmUpstream();
  }

  /** True when requests use a Bedrock API key (saved, or AWS_BEARER_TOKEN_BEDROCK) instead of AWS credentials. */
  get usesApiKey(): boolean {
    return Boolean(this.bedrockKey || this.env.AWS_BEARER_TOKEN_BEDROCK);
  }

  /** Stops the proxy (see stopProxy), then flushes the request log and the kept responses. */
  async close(): Promise<void> {
    await this.stopProxy();
    this.dispose();
    await this.responseFiles.flush();
    await this.requestLog.close();
    this.log.info('Outcrop stopped');
    this.appLog.close();
  }

  private warn(message: string): void {
    this.log.warn(message);
    this.emit('warning', message);
    this.publish({ type: 'warning', message });
  }

  private get env(): NodeJS.ProcessEnv {
    return this.opts.env ?? process.env;
  }

  private dispose(): void {
    this.settings.close();
    this.credentialsImpl.dispose();
    this.gateway.close();
  }

  private async listen(): Promise<void> {
    const s = this.settings.get();
    this.proxyImpl = await this.startListener(this.opts.host ?? s.host, this.opts.port ?? s.port);
    this.bound = { host: this.opts.host ?? s.host, port: this.opts.port ?? s.port };
    // The AWS SDK loads in the background (lazy-gateway.ts) once the first requests had their
    // turn; a load that fails tells the first request that needs it. Then the way to Bedrock is
    // opened, so the first request does not pay the handshake.
    // A load that fails is told to the first request that needs the SDK, and to the log now.
    setTimeout(() => void loadGatewayModule().then(() => this.running && this.warmUpstream(), (err: Error) => this.log.error({ err }, 'the AWS SDK could not be loaded')), AFTER_LISTEN_MS).unref();
  }

  /**
   * Opens the connection to Bedrock ahead of need (when it listens, after a sign-in, a profile,
   * region or endpoint change, a wake from sleep); only with credentials at hand (gateway.warm).
   */
  warmUpstream(): void {
    void this.gateway.warm();
  }

  private async startListener(host: string, port: number): Promise<RunningProxy> {
    const s = this.settings.get();
    if (!isLoopbackAddress(host) && !(s.requireApiKey && s.apiKeys.length > 0)) {
      const why = this.settings.problem ? ` (${this.settings.problem})` : '';
      throw new Error(`Refusing to listen on ${host}: other machines could spend your AWS credits. Turn on "require API key" and create a key in Outcrop settings first, or listen on 127.0.0.1.${why}`);
    }
    try {
      return await startProxy({
        host,
        port,
        bedrock: this.gateway,
        models: this.models,
        settings: () => this.settings.get(),
        network: () => this.networkImpl.config,
        version: VERSION,
        log: (e) => this.onRequest(e),
        admin: { backend: this.admin, token: this.adminToken, uiDir: this.opts.uiDir },
        logger: this.log,
        reasoningKey: this.reasoningKey,
        responsePersistence: this.responseFiles,
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(host, port);
      throw err;
    }
  }

  // A port or host change: listen on the new address first, then close the old listener, so a
  // failure (port taken) leaves Outcrop serving where it was.
  private async relisten(host: string, port: number): Promise<void> {
    const old = this.proxyImpl;
    try {
      this.proxyImpl = await this.startListener(host, port);
    } catch (err) {
      this.warn(`Could not move to ${host}:${port}: ${(err as Error).message} Outcrop keeps listening on ${old?.url}.`);
      return;
    }
    this.bound = { host, port };
    this.emit('listening', this.proxyImpl.url);
    this.publish({ type: 'listening', url: this.proxyImpl.url });
    await old?.close();
  }

  private makeCredentials(): AwsCredentials {
    const creds = new AwsCredentials({
      profile: this.opts.profile ?? this.settings.get().profile,
      env: this.env,
      network: this.networkImpl.config,
      sessionExpiry: (name) => sessionEndOf(name, this.env),
    });
    let usable = false;
    let last: CredentialState['status'] | undefined;
    creds.on('state', (state) => {
      // Credentials that start working (a sign-in) open the way to Bedrock at once.
      const now = state.status === 'valid' || state.status === 'expiring';
      if (state.status !== last) this.log.info({ profile: state.profile, status: state.status, expiresAt: state.expiresAt, message: state.message }, 'AWS credentials');
      last = state.status;
      if (now && !usable && this.running) this.warmUpstream();
      usable = now;
      this.emit('credentials', state);
      this.publish({ type: 'credentials', state });
    });
    return creds;
  }

  private makeGateway(): BedrockGateway {
    const s = this.settings.get();
    return lazyGateway({
      region: this.opts.region ?? s.region,
      profile: this.opts.profile ?? s.profile,
      endpoint: s.bedrockEndpoint,
      credentials: this.credentialsImpl.providerFactory(),
      onCredentialsRejected: (err) => this.credentialsImpl.rejected(err),
      advise: this.diagnosis.advisor(),
      network: this.networkImpl.config,
      // Read per call: a changed limit applies to the next request without a new gateway.
      timeouts: () => timeoutsFromSettings(this.settings.get().bedrockTimeouts),
      ...(this.bedrockKey ? { apiKey: this.bedrockKey } : {}),
      env: this.env,
      log: this.log,
    });
  }

  private onRequest(raw: RequestLogEntry): void {
    const entry = this.requestLog.add(raw);
    this.emit('request', entry);
    this.publish({ type: 'request', entry });
  }

  private onSettings(next: Settings): void {
    this.emit('settings', next);
    this.publish({ type: 'settings', settings: next });
    if (next.logRetentionDays !== this.requestLog.retention) void this.requestLog.setRetention(next.logRetentionDays);
    this.appLog.setLevel(next.logLevel);
    // Turning "keep on disk" off deletes what was kept; responses in memory stay until a restart.
    if (this.keepsResponsesOnDisk && !next.responsesStore.keepOnDisk) void this.responseFiles.clear();
    this.keepsResponsesOnDisk = next.responsesStore.keepOnDisk;
    const host = this.opts.host ?? next.host;
    const port = this.opts.port ?? next.port;
    if (this.proxyImpl && (host !== this.bound.host || port !== this.bound.port)) void this.relisten(host, port);
    if (this.gatewayKey === gatewayKeyOf(next, this.opts)) return;
    // Profile, region, endpoint or proxy changed: the next request uses the new one, no restart.
    // CA files are read again too (a renewed company CA needs no restart after a proxy change).
    this.networkImpl = resolveNetwork(next, this.env);
    for (const problem of this.networkImpl.problems) this.warn(problem);
    this.credentialsImpl.dispose();
    this.credentialsImpl = this.makeCredentials();
    this.gateway.swap(this.makeGateway());
    if (this.running) this.warmUpstream();
    this.gatewayKey = gatewayKeyOf(next, this.opts);
    this.models.invalidate();
    this.emit('credentials', this.credentialsImpl.state);
  }
}

function gatewayKeyOf(s: Settings, opts: CoreOptions): string {
  return JSON.stringify([opts.region ?? s.region, opts.profile ?? s.profile, s.bedrockEndpoint, s.httpsProxy, s.noProxy]);
}
