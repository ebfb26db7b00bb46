import type { AdminBackend, AdminEvent, AdminStatus, Diagnosis, LogQuery, ModelView, NumberedEvent, PricesReply, SettingsPatch, SignInStart, SignInView, UsageSummary } from '../../src-shared/admin';
import type { ProfileSummary } from '../../src-shared/aws';
import type { RequestLogEntry } from '../../src-shared/request-log';
import { defaultSettings, settingsSchema, type Settings } from '../../src-shared/settings';

type Method = keyof AdminBackend;

/** An error with a `param`, as the core throws for bad input. */
export function paramError(message: string, param: string): Error {
  return Object.assign(new Error(message), { param });
}

/**
 * An in-memory AdminBackend for the admin API's tests: records every call, keeps events in a
 * numbered list it can replay, counts subscriptions, and can be told to fail the next call.
 */
export class FakeAdminBackend implements AdminBackend {
  readonly calls: Array<{ method: Method; args: unknown[] }> = [];
  settings: Settings = defaultSettings();
  bedrockApiKey: string | undefined;
  readonly events: NumberedEvent[] = [];
  readonly signIns = new Map<string, SignInView>();
  logs: RequestLogEntry[] = [];
  models: ModelView[] = [
    { id: 'claude-sonnet', kind: 'chat', source: 'alias', target: 'us.anthropic.claude-sonnet-4-20250514-v1:0', provider: 'Anthropic', access: 'available', via: 'us.anthropic.claude-sonnet-4-20250514-v1:0' },
    { id: 'titan-embed', kind: 'embedding', source: 'catalog', target: 'amazon.titan-embed-text-v2:0', access: 'unknown' },
  ];
  profiles: ProfileSummary[] = [
    { name: 'default', kind: 'static', region: 'us-east-1' },
    { name: 'dev', kind: 'sso', ssoSession: 'corp', startUrl: 'https://corp.awsapps.com/start' },
  ];
  subscribes = 0;
  unsubscribes = 0;
  private readonly listeners = new Set<(e: NumberedEvent) => void>();
  private readonly failures = new Map<Method, unknown>();
  private nextSignIn = 1;

  /** Makes the next call of `method` throw `error`. */
  failNext(method: Method, error: unknown): void {
    this.failures.set(method, error);
  }

  /** Numbers an event, keeps it for replay, and hands it to every subscriber. */
  emit(event: AdminEvent): NumberedEvent {
    const numbered = { id: this.events.length + 1, event };
    this.events.push(numbered);
    for (const listener of this.listeners) listener(numbered);
    return numbered;
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  /** The calls made to one method, in order. */
  callsOf(method: Method): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  async status(): Promise<AdminStatus> {
    this.record('status', []);
    return {
      version: '0.1.0-test',
      url: 'http://127.0.0.1:8797',
      host: '127.0.0.1',
      port: 8797,
      profile: this.settings.profile ?? 'default',
      region: 'us-east-1',
      credentials: { profile: 'default', status: 'valid' },
      usesApiKey: this.bedrockApiKey !== undefined,
      defaultModel: this.settings.defaultModel,
      settingsFile: '/tmp/outcrop/settings.json',
      startedAt: '2025-01-01T00:00:00.000Z',
      backend: { kind: 'aws', label: 'AWS' },
      diagnosticLog: { file: this.logFile, level: this.settings.logLevel, levelFrom: 'settings', canReveal: this.canReveal },
    };
  }

  async diagnose(): Promise<Diagnosis> {
    this.record('diagnose', []);
    return {
      mode: 'headless',
      backend: { kind: 'aws', label: 'AWS' },
      checks: [{ id: 'region', state: 'fail', summary: 'No AWS region is set.', fix: 'restart with `--region us-east-1`' }],
      checkedAt: '2025-01-01T00:00:00.000Z',
    };
  }

  getSettings(): Settings {
    this.record('getSettings', []);
    return this.settings;
  }

  async patchSettings(patch: SettingsPatch): Promise<Settings> {
    this.record('patchSettings', [patch]);
    if (patch.defaultModel === 'no-such-model') throw paramError('There is no model called no-such-model.', 'defaultModel');
    this.settings = settingsSchema.parse({ ...this.settings, ...patch });
    return this.settings;
  }

  async listProfiles(): Promise<{ active: string; profiles: ProfileSummary[]; problems: string[] }> {
    this.record('listProfiles', []);
    return { active: 'default', profiles: this.profiles, problems: ['~/.aws/config line 12: [profile broken] has no region'] };
  }

  async startSignIn(req: SignInStart): Promise<SignInView> {
    this.record('startSignIn', [req]);
    const profile = req.profile ?? 'default';
    if (profile === 'static-only') throw paramError('Profile static-only does not use SSO; there is nothing to sign in to.', 'profile');
    const view: SignInView = {
      id: `sign-in-${this.nextSignIn++}`,
      profile,
      flow: req.deviceCode ? 'device' : 'pkce',
      url: 'https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH',
      userCode: req.deviceCode ? 'ABCD-EFGH' : undefined,
      state: 'pending',
    };
    this.signIns.set(view.id, view);
    return view;
  }

  getSignIn(id: string): SignInView | undefined {
    this.record('getSignIn', [id]);
    return this.signIns.get(id);
  }

  cancelSignIn(id: string): boolean {
    this.record('cancelSignIn', [id]);
    const view = this.signIns.get(id);
    if (!view) return false;
    this.signIns.set(id, { ...view, state: 'cancelled' });
    return true;
  }

  async listModels(): Promise<ModelView[]> {
    this.record('listModels', []);
    return this.models;
  }

  queryLogs(q: LogQuery): RequestLogEntry[] {
    this.record('queryLogs', [q]);
    return this.logs.slice(0, q.limit ?? 100);
  }

  async usage(days: number): Promise<UsageSummary> {
    this.record('usage', [days]);
    const row = { key: 'total', requests: 2, errors: 0, unpriced: 0, inputTokens: 10, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.01, cacheSavingsUsd: 0 };
    return { from: '2025-01-01', to: '2025-01-30', total: row, byDay: [], byModel: [], bucket: 'day', timeline: [] };
  }

  async prices(models: string[]): Promise<PricesReply> {
    this.record('prices', [models]);
    return {
      data: models.map((model) => ({ model, price: { input: 3, output: 15, source: 'built-in', asOf: '2025-11-01' }, asked: true })),
      priceList: { enabled: false, models: 0, refreshing: false },
      builtInAsOf: '2025-11-01',
    };
  }

  async setBedrockApiKey(key: string | undefined): Promise<void> {
    this.record('setBedrockApiKey', [key]);
    this.bedrockApiKey = key;
  }

  /** The diagnostic log's path, and whether this "process" can show it in a file manager (the desktop app). */
  logFile = '/tmp/outcrop/logs/outcrop-serve.log';
  canReveal = false;

  async revealLogFile(): Promise<{ revealed: boolean; file?: string }> {
    this.record('revealLogFile', []);
    return { revealed: this.canReveal, file: this.logFile };
  }

  subscribe(listener: (e: NumberedEvent) => void, afterId?: number): () => void {
    this.record('subscribe', [afterId]);
    this.subscribes++;
    for (const e of this.events) if (afterId !== undefined && e.id > afterId) listener(e);
    this.listeners.add(listener);
    return () => {
      this.unsubscribes++;
      this.listeners.delete(listener);
    };
  }

  private record(method: Method, args: unknown[]): void {
    this.calls.push({ method, args });
    const failure = this.failures.get(method);
    if (failure !== undefined) {
      this.failures.delete(method);
      throw failure;
    }
  }
}
