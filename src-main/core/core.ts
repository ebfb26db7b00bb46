import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { ModelDirectory } from '../../src-proxy/models/directory';
import type { RunningProxy } from '../../src-proxy/server';
import type { AdminEvent } from '../../src-shared/admin';
import type { RequestLogEntry } from '../../src-shared/request-log';
import type { Settings } from '../../src-shared/settings';
import { CoreAdmin } from './admin-backend';
import { loadAdminToken } from './admin-token';
import { loadAwsFiles } from './aws/aws-files';
import type { AwsCredentials, CredentialState } from './aws/credentials';
import { describeProfile } from './aws/profiles';
import { RegistrationStore } from './aws/registrations';
import type { SignInHandle } from './aws/sso-login';
import { CoreDiagnosis } from './diagnosis/core-diagnosis';
import type { RunMode } from './diagnosis/facts';
import { EventHub } from './event-hub';
import { loadGatewayModule } from './lazy-gateway';
import { ProxyListener } from './listener';
import { openAppLog, type AppLog } from './logging/app-log';
import type { ResolvedNetwork } from './network';
import { PriceService } from './prices/price-service';
import { loadReasoningKey } from './reasoning-key';
import { RequestLog } from './request-log/request-log';
import { RESPONSES_DIR, ResponseFiles } from './response-files';
import { BEDROCK_API_KEY, FileSecretStore, type SecretStore } from './secrets';
import { SettingsStore } from './settings/store';
import { Upstream, type WarmOptions } from './upstream';
import { VERSION } from './version';

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

export { PortInUseError } from './listener';

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
  /** The prices costs use: the user's overrides, AWS's price list (cached daily), the built-in table. */
  readonly prices: PriceService;
  /** Settles once the region's cached price list is loaded (begun when start() has listened). */
  pricesLoaded: Promise<void> = Promise.resolve();
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
  private readonly listener: ProxyListener;
  /** Network, credentials and gateway: the way to Bedrock, rebuilt when profile, region, endpoint or proxy change. */
  private readonly upstream: Upstream;
  /** The diagnostic log of this process (errors with their causes, warnings, what the proxy adjusted). */
  readonly appLog: AppLog;

  private constructor(readonly settings: SettingsStore, readonly secrets: SecretStore, private readonly opts: CoreOptions, bedrockKey: string | undefined) {
    super();
    this.appLog = opts.appLog ?? openAppLog({ home: opts.home, process: opts.mode === 'desktop' ? 'desktop' : 'serve', level: settings.get().logLevel, env: this.env });
    this.registrations = new RegistrationStore(opts.home);
    this.prices = new PriceService({
      home: opts.home,
      env: this.env,
      log: this.log,
      network: () => this.upstream.network.config,
      overrides: () => this.settings.get().priceOverrides,
      aliases: () => this.settings.get().aliases,
      listing: () => this.models.current(),
      onChange: () => this.requestLog.repriced(),
    });
    this.requestLog = new RequestLog({
      dir: join(opts.home, 'logs'),
      retentionDays: settings.get().logRetentionDays,
      onError: (err) => this.warn(`The request log could not be written: ${err.message}`),
      pricer: this.prices,
    });
    this.diagnosis = new CoreDiagnosis({
      mode: opts.mode ?? 'headless',
      settings: () => this.settings.get(),
      env: this.env,
      profile: opts.profile,
      region: opts.region,
      savedApiKey: () => this.upstream.hasSavedKey,
      loadCredentials: async () => ({ expiresAt: (await this.credentials.providerFactory()()()).expiration?.toISOString() }),
      listModels: () => this.upstream.gateway.listModels(),
      port: () => (this.running ? { listening: true, url: this.proxy.url } : { listening: false, ...this.address() }),
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
    this.upstream = new Upstream({
      settings: () => this.settings.get(),
      region: opts.region,
      profile: opts.profile,
      env: this.env,
      log: this.log,
      advise: this.diagnosis.advisor(),
      bedrockKey,
      listening: () => this.running,
      onCredentials: (state) => {
        this.emit('credentials', state);
        this.publish({ type: 'credentials', state });
      },
      onWarning: (message) => this.warn(message),
      onWarm: () => this.models.prefetch(), // the account's model list too: the first request need not wait for it
    });
    this.models = new ModelDirectory(this.upstream.gateway);
    this.listener = new ProxyListener({
      settings: () => this.settings.get(),
      settingsProblem: () => this.settings.problem,
      app: () => ({
        bedrock: this.upstream.gateway,
        models: this.models,
        settings: () => this.settings.get(),
        network: () => this.upstream.network.config,
        version: VERSION,
        log: (e) => this.onRequest(e),
        admin: { backend: this.admin, token: this.adminToken, uiDir: this.opts.uiDir },
        logger: this.log,
        reasoningKey: this.reasoningKey,
        responsePersistence: this.responseFiles,
      }),
      onMoved: (url) => {
        this.emit('listening', url);
        this.publish({ type: 'listening', url });
      },
      onWarning: (message) => this.warn(message),
    });
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
    core.log.info({ url: core.listener.proxy?.url }, 'listening');
    // Read back once listening: a busy day's log takes tens of milliseconds to parse. Requests
    // logged meanwhile stay the newest entries (see RequestLog.restore).
    core.logsRestored = core.requestLog.restore().then(
      () => undefined,
      (err: Error) => core.warn(`The request log's recent entries could not be read back: ${err.message}`),
    );
    // The region's price list after the first requests' turn: finding the region loads the AWS SDK.
    core.pricesLoaded = new Promise<void>((r) => setTimeout(r, AFTER_LISTEN_MS).unref()).then(() => core.followRegionPrices());
    const late = core.startWarnings ?? [];
    core.startWarnings = undefined;
    const all = [...warnings, ...core.network.problems, ...late];
    for (const w of all) core.log.warn(w);
    return { core, warnings: all };
  }

  /** Proxy, NO_PROXY and extra CAs in use (settings and environment), with where they came from. */
  get network(): ResolvedNetwork {
    return this.upstream.network;
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
    return this.listener.proxy!;
  }

  /** True while the proxy listens. */
  get running(): boolean {
    return this.listener.proxy !== undefined;
  }

  /** Starts listening where the settings say (no-op when running); resolves with the address. Throws PortInUseError when the port is taken. */
  async startProxy(): Promise<string> {
    if (!this.running) {
      await this.listen();
      this.emit('listening', this.proxy.url);
      this.publish({ type: 'listening', url: this.proxy.url });
    }
    return this.proxy.url;
  }

  /** Stops listening; connections still open, requests in flight included, are cut (the proxy app closes with forceCloseConnections). */
  stopProxy(): Promise<void> {
    return this.listener.stop();
  }

  get credentials(): AwsCredentials {
    return this.upstream.credentials;
  }

  /** The profile requests use: command line, else settings, else AWS_PROFILE, else default. */
  get activeProfile(): string {
    return this.credentials.profileName;
  }

  /** The region requests go to (settings, the profile, or the environment). */
  region(): Promise<string> {
    return this.upstream.gateway.region();
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
    const [files, { startSignIn }] = await Promise.all([loadAwsFiles(this.env), import('./aws/sso-login')]); // sign-in loads on first use, not before the server listens
    const handle = await startSignIn(describeProfile(files, profile), { registrations: this.registrations, deviceCode, env: this.env, network: this.network.config });
    void handle.done.then(
      (result) => {
        this.log.info({ profile, expiresAt: result.expiresAt, sessionEndsAt: result.sessionEndsAt }, 'signed in');
        if (profile === this.activeProfile) this.credentials.signedIn(result.sessionEndsAt);
      },
      // The caller shows the failure (the UI's sign-in view, the CLI); the log keeps it with its cause.
      (err: Error) => this.log.info({ profile, err }, 'sign-in did not finish'),
    );
    return handle;
  }

  /** Saves (or with undefined, removes) the Bedrock API key; requests use it from the next one on. */
  async setBedrockApiKey(key: string | undefined): Promise<void> {
    await this.secrets.set(BEDROCK_API_KEY, key);
    this.upstream.setApiKey(key);
  }

  /** True when requests use a Bedrock API key (saved, or AWS_BEARER_TOKEN_BEDROCK) instead of AWS credentials. */
  get usesApiKey(): boolean {
    return this.upstream.usesApiKey;
  }

  /** Stops the proxy (see stopProxy), then flushes the request log and the kept responses. */
  async close(): Promise<void> {
    await this.stopProxy();
    this.dispose();
    await this.prices.close();
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
    this.upstream.dispose();
  }

  /** Where the settings (or the command line) say to listen. */
  private address(): { host: string; port: number } {
    const s = this.settings.get();
    return { host: this.opts.host ?? s.host, port: this.opts.port ?? s.port };
  }

  private async listen(): Promise<void> {
    const { host, port } = this.address();
    await this.listener.start(host, port);
    // The AWS SDK loads in the background (lazy-gateway.ts) once the first requests had their
    // turn; a load that fails tells the first request that needs it (and the log, now). Then the
    // way to Bedrock is opened, so the first request does not pay the handshake.
    setTimeout(() => void loadGatewayModule().then(() => this.running && this.warmUpstream(), (err: Error) => this.log.error({ err }, 'the AWS SDK could not be loaded')), AFTER_LISTEN_MS).unref();
  }

  /**
   * Opens the connection to Bedrock ahead of need (when it listens, after a sign-in, a profile,
   * region or endpoint change, a wake from sleep: `afterSleep`); only with credentials at hand (gateway.warm).
   */
  warmUpstream(opts?: WarmOptions): void {
    this.upstream.warm(opts);
  }

  private onRequest(raw: RequestLogEntry): void {
    const entry = this.requestLog.add(raw);
    this.emit('request', entry);
    this.publish({ type: 'request', entry });
  }

  /** Loads the price list of the region requests go to (none when no region is configured). */
  private followRegionPrices(): Promise<void> {
    return this.region().then((region) => this.prices.useRegion(region), () => this.prices.useRegion(undefined));
  }

  private onSettings(next: Settings): void {
    this.emit('settings', next);
    // A changed override prices the next request; past days' entries without a price are priced anew.
    this.requestLog.repriced();
    this.publish({ type: 'settings', settings: next });
    if (next.logRetentionDays !== this.requestLog.retention) void this.requestLog.setRetention(next.logRetentionDays);
    this.appLog.setLevel(next.logLevel);
    // Turning "keep on disk" off deletes what was kept; responses in memory stay until a restart.
    if (this.keepsResponsesOnDisk && !next.responsesStore.keepOnDisk) void this.responseFiles.clear();
    this.keepsResponsesOnDisk = next.responsesStore.keepOnDisk;
    void this.listener.follow(this.opts.host ?? next.host, this.opts.port ?? next.port);
    // Profile, region, endpoint or proxy changed: the next request uses the new one, no restart.
    if (!this.upstream.applySettings(next)) return;
    this.models.invalidate();
    this.pricesLoaded = this.followRegionPrices();
    this.emit('credentials', this.credentials.state);
  }
}
