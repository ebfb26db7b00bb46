import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CATALOG, builtInAliases } from '../../src-proxy/models/catalog';
import { accessOf } from '../../src-proxy/models/access';
import { capabilitiesFor } from '../../src-proxy/models/families';
import { resolveModel } from '../../src-proxy/models/resolve';
import type { AdminBackend, AdminEvent, AdminStatus, SettingsPatch, Diagnosis, LogQuery, ModelView, NumberedEvent, PricesReply, SignInStart, SignInView, UsageSummary } from '../../src-shared/admin';
import type { Settings } from '../../src-shared/settings';
import { listProfiles } from './aws/profiles';
import { isLoopbackAddress } from '../../src-shared/loopback';
import type { ModelDirectory } from '../../src-proxy/models/directory';
import type { RunningProxy } from '../../src-proxy/server';
import type { AwsCredentials } from './aws/credentials';
import type { SignInHandle } from './aws/sso-login';
import type { CoreDiagnosis } from './diagnosis/core-diagnosis';
import type { EventHub } from './event-hub';
import type { AppLog } from './logging/app-log';
import type { PriceService } from './prices/price-service';
import { BUILT_IN_PRICES_AS_OF, builtInPricer } from './request-log/prices';
import type { RequestLog } from './request-log/request-log';
import { withModelNames } from './request-log/usage-names';
import { addInvocableViews } from './invocable-views';
import { SETTINGS_FILE, type SettingsStore } from './settings/store';
import { VERSION } from './version';

/**
 * What the admin backend needs from the core, and nothing more (OutcropCore has it all): the
 * settings store, the running proxy's address, the active profile and its credentials, sign-in,
 * the account's models, the request log and the event stream.
 */
export interface AdminCore {
  readonly settings: Pick<SettingsStore, 'get' | 'update' | 'dir' | 'problem'>;
  readonly proxy: Pick<RunningProxy, 'url' | 'host' | 'port'>;
  readonly activeProfile: string;
  readonly credentials: Pick<AwsCredentials, 'state'>;
  readonly usesApiKey: boolean;
  readonly diagnosis: Pick<CoreDiagnosis, 'backend' | 'diagnose'>;
  readonly models: Pick<ModelDirectory, 'get'>;
  readonly requestLog: Pick<RequestLog, 'query' | 'usage'>;
  /** The prices in use (absent in cores built without one: only the built-in table prices then). */
  readonly prices?: Pick<PriceService, 'rows' | 'status'>;
  readonly events: Pick<EventHub, 'subscribe'>;
  /** Settles once the request log's recent entries are read back from disk. */
  readonly logsRestored: Promise<void>;
  readonly appLog: { readonly file?: string; readonly level: AppLog['level']; readonly levelFrom: AppLog['levelFrom']; readonly problem?: string };
  readonly canRevealFiles: boolean;
  revealLogFile(): boolean;
  /** The region requests go to; rejects when none is configured. */
  region(): Promise<string>;
  signIn(profile: string, deviceCode: boolean): Promise<SignInHandle>;
  setBedrockApiKey(key: string | undefined): Promise<void>;
  publish(event: AdminEvent): void;
}

/** A validation error the admin API turns into a 400 naming the field. */
export class AdminInputError extends Error {
  constructor(readonly param: string, message: string) {
    super(message);
  }
}

// resolveModel takes a region only to choose an inference-profile prefix; no region (no
// geography: geosForRegion('') is empty) for answers that do not depend on it.
const NO_REGION = '';

// Sign-ins kept for the UI to look up; finished ones are dropped after a while.
const SIGN_IN_TTL_MS = 30 * 60_000;

/** The core, seen through the admin API contract (what the settings window and the tray use). */
export class CoreAdmin implements AdminBackend {
  private readonly signIns = new Map<string, { view: SignInView; cancel: () => void; finishedAt?: number }>();
  private readonly startedAt = new Date().toISOString();

  constructor(private readonly core: AdminCore) {}

  async status(): Promise<AdminStatus> {
    const s = this.core.settings.get();
    let region: string | undefined;
    try {
      region = await this.core.region();
    } catch {
      region = undefined;
    }
    return {
      version: VERSION,
      url: this.core.proxy.url,
      host: this.core.proxy.host,
      port: this.core.proxy.port,
      profile: this.core.activeProfile,
      region,
      credentials: this.core.credentials.state,
      usesApiKey: this.core.usesApiKey,
      defaultModel: s.defaultModel,
      settingsFile: join(this.core.settings.dir, SETTINGS_FILE),
      startedAt: this.startedAt,
      backend: (await this.core.diagnosis.backend()).backend,
      settingsProblem: this.core.settings.problem,
      diagnosticLog: { file: this.core.appLog.file, level: this.core.appLog.level, levelFrom: this.core.appLog.levelFrom, problem: this.core.appLog.problem, canReveal: this.core.canRevealFiles && this.core.appLog.file !== undefined },
    };
  }

  diagnose(): Promise<Diagnosis> {
    return this.core.diagnosis.diagnose();
  }

  getSettings(): Settings {
    return this.core.settings.get();
  }

  // The patch's shape was checked where it came in (the admin route's parseSettingsPatch); the
  // store checks the merged settings against the schema again before it writes. What is judged
  // here needs the core: whether aliases name models, and who can reach the listener.
  async patchSettings(patch: SettingsPatch): Promise<Settings> {
    if (patch.aliases !== undefined) this.checkAliases(patch.aliases);
    this.checkExposure({ ...this.core.settings.get(), ...patch }, patch);
    return this.core.settings.update(patch);
  }

  async listProfiles() {
    const { profiles, problems } = await listProfiles();
    return { active: this.core.activeProfile, profiles, problems };
  }

  async startSignIn(req: SignInStart): Promise<SignInView> {
    this.prune();
    const profile = req.profile ?? this.core.activeProfile;
    let handle;
    try {
      handle = await this.core.signIn(profile, req.deviceCode ?? false);
    } catch (err) {
      throw new AdminInputError('profile', (err as Error).message);
    }
    const view: SignInView = { id: randomUUID(), profile, flow: handle.flow, url: handle.url, userCode: handle.userCode, state: 'pending' };
    const record = { view, cancel: handle.cancel } as { view: SignInView; cancel: () => void; finishedAt?: number };
    this.signIns.set(view.id, record);
    this.core.publish({ type: 'sign-in', signIn: view });
    handle.done.then(
      (result) => this.finish(record, { state: 'done', expiresAt: result.sessionEndsAt, message: `Signed in to ${result.startUrl}.` }),
      (err: { code?: string; message: string }) => this.finish(record, { state: err.code === 'cancelled' ? 'cancelled' : 'failed', message: err.message }),
    );
    return view;
  }

  getSignIn(id: string): SignInView | undefined {
    return this.signIns.get(id)?.view;
  }

  cancelSignIn(id: string): boolean {
    const record = this.signIns.get(id);
    if (!record) return false;
    if (record.view.state === 'pending') record.cancel();
    return true;
  }

  // Targets carry the region's inference-profile prefix (eu., apac., …), so they are shown only
  // when the region is known; with none configured a name's target stays unresolved rather than
  // some region's guess, and whether it takes caching points (the same in every region) still shows.
  // Each name is marked with whether the account's listing offers its target (accessOf): the
  // listing is read first, so that names and the account's own models are judged by the same one.
  // Names resolve as requests do (the listing, the profile preference); the models the account can
  // invoke in the region follow the aliases under the names to type (rank: newest first).
  async listModels(): Promise<ModelView[]> {
    const s = this.core.settings.get();
    const region = await this.core.region().catch(() => undefined);
    const account = await this.core.models.get();
    const views: ModelView[] = [];
    const seen = new Set<string>();
    const add = (v: Omit<ModelView, 'access'>, caching = v.target ? capabilitiesFor(v.target).caching : undefined): void => {
      if (seen.has(v.id)) return;
      seen.add(v.id);
      const view: ModelView = { ...v, ...accessOf(v.target, account) };
      views.push(caching === undefined ? view : { ...view, caching });
    };
    const resolved = (name: string): { target?: string; caching?: boolean } => {
      try {
        // With the listing and the profile preference, as requests resolve (converse/model.ts).
        const r = resolveModel(name, { aliases: s.aliases, region: region ?? NO_REGION, account, profilePreference: s.profilePreference });
        return { ...(region ? { target: r.modelId } : {}), caching: r.caps.caching };
      } catch {
        return {};
      }
    };
    const named = (v: Omit<ModelView, 'target' | 'caching' | 'access'>): void => {
      const { target, caching } = resolved(v.id);
      add({ ...v, ...(target ? { target } : {}) }, caching);
    };
    for (const alias of Object.keys(s.aliases)) named({ id: alias, kind: 'chat', source: 'user-alias' });
    const byId = new Map(CATALOG.map((m) => [m.id, m]));
    for (const { alias, id } of builtInAliases()) {
      const m = byId.get(id)!;
      named({ id: alias, name: m.name, provider: m.provider, kind: m.kind, source: 'alias' });
    }
    if (account && region) addInvocableViews(views, account, region, s.profilePreference);
    for (const v of views) seen.add(v.id);
    if (account) {
      for (const p of account.inferenceProfiles) {
        const id = p.type === 'APPLICATION' ? p.inferenceProfileArn! : p.inferenceProfileId!;
        add({ id, name: p.inferenceProfileName, kind: 'chat', source: 'account', target: id });
      }
      for (const m of account.foundationModels) {
        if (!m.inferenceTypesSupported?.includes('ON_DEMAND')) continue;
        add({ id: m.modelId!, name: m.modelName, provider: m.providerName, kind: m.outputModalities?.includes('EMBEDDING') ? 'embedding' : 'chat', source: 'account', target: m.modelId });
      }
    } else {
      for (const m of CATALOG) named({ id: m.id, name: m.name, provider: m.provider, kind: m.kind, source: 'catalog' });
    }
    return views;
  }

  async queryLogs(q: LogQuery) {
    await this.core.logsRestored;
    return this.core.requestLog.query(q);
  }

  // Model rows get the names the Models screen uses (the listing, when read, names account-only models).
  async usage(days: number): Promise<UsageSummary> {
    const [summary, account] = await Promise.all([this.core.requestLog.usage(days), this.core.models.get().catch(() => undefined)]);
    return withModelNames(summary, { aliases: this.core.settings.get().aliases, account });
  }

  // The listing is read first: its names map the price list's names to the account's ids.
  async prices(models: string[]): Promise<PricesReply> {
    await this.core.models.get().catch(() => undefined);
    const prices = this.core.prices;
    if (!prices) {
      const data = models.map((model) => {
        const price = builtInPricer.price(model);
        return { model, ...(price ? { price } : {}), asked: true };
      });
      return { data, priceList: { enabled: false, models: 0, refreshing: false }, builtInAsOf: BUILT_IN_PRICES_AS_OF };
    }
    return { data: prices.rows(models), priceList: prices.status(), builtInAsOf: BUILT_IN_PRICES_AS_OF };
  }

  setBedrockApiKey(key: string | undefined): Promise<void> {
    return this.core.setBedrockApiKey(key);
  }

  async revealLogFile(): Promise<{ revealed: boolean; file?: string }> {
    return { revealed: this.core.revealLogFile(), file: this.core.appLog.file };
  }

  subscribe(listener: (e: NumberedEvent) => void, afterId?: number): () => void {
    return this.core.events.subscribe(listener, afterId);
  }

  // Listening beyond this machine is only allowed behind client API keys, and stays so: refuse
  // a change that would leave a non-loopback listener without keys.
  private checkExposure(next: SettingsPatch, patch: SettingsPatch): void {
    if (isLoopbackAddress(next.host ?? '127.0.0.1') || (next.requireApiKey && (next.apiKeys?.length ?? 0) > 0)) return;
    const param = 'host' in patch ? 'host' : 'requireApiKey' in patch ? 'requireApiKey' : 'apiKeys';
    throw new AdminInputError(param, `Outcrop listens on ${next.host}, which other machines can reach: that needs "require API key" on with at least one key. Turn those on first, or listen on 127.0.0.1.`);
  }

  // Whether a name resolves does not depend on the region (only the prefix of what it resolves
  // to does), so aliases are checked without one: the same answer with any region or none.
  private checkAliases(aliases: Record<string, string>): void {
    for (const [alias, target] of Object.entries(aliases)) {
      if (alias === 'default') throw new AdminInputError('aliases.default', '"default" is reserved for the default model; choose another alias name.');
      if (!/^\S+$/.test(alias)) throw new AdminInputError(`aliases.${alias}`, `Alias "${alias}" contains spaces; tools send model names without spaces.`);
      try {
        const { [alias]: _self, ...others } = aliases;
        resolveModel(target, { aliases: others, region: NO_REGION });
      } catch (err) {
        throw new AdminInputError(`aliases.${alias}`, `Alias "${alias}" points to "${target}", which is not a model Outcrop knows: ${(err as Error).message}`);
      }
    }
  }

  private finish(record: { view: SignInView; finishedAt?: number }, change: Partial<SignInView>): void {
    record.view = { ...record.view, ...change };
    record.finishedAt = Date.now();
    this.core.publish({ type: 'sign-in', signIn: record.view });
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, r] of this.signIns) if (r.finishedAt && now - r.finishedAt > SIGN_IN_TTL_MS) this.signIns.delete(id);
  }
}
