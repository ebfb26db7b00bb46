import type { ProfileSummary } from './aws';
import type { RequestLogEntry, RequestProtocol } from './request-log';
import type { LogLevel, Settings } from './settings';

// The admin API's contract: what the core offers the settings window and the tray through the
// proxy's /admin/api routes. Types only; the core implements AdminBackend, the proxy serves it.

export interface CredentialStatus {
  profile: string;
  status: 'unknown' | 'valid' | 'expiring' | 'needs-sign-in' | 'error';
  expiresAt?: string;
  message?: string;
}

/** Where Bedrock calls go: real AWS, or the Bedrock emulator (nothing is billed, costs are simulated). */
export interface BackendInfo {
  kind: 'aws' | 'emulator';
  /** What the UI shows where the account would: "Emulator (no AWS)" or "AWS". */
  label: string;
  /** The Bedrock endpoint override, when one is set. */
  endpoint?: string;
}

export type CheckId = 'credentials' | 'region' | 'model-access' | 'port' | 'backend';

/** One line of the doctor's checklist: what was found and the one action that fixes it. */
export interface DiagnosisCheck {
  id: CheckId;
  state: 'ok' | 'warn' | 'fail' | 'unknown';
  /** What was found, as a sentence. */
  summary: string;
  /** The command or UI action that fixes it, for the way Outcrop runs (headless or desktop). */
  fix?: string;
}

/** The doctor's checklist (CLI doctor, the Overview, the tray, and the proxy's setup errors share it). */
export interface Diagnosis {
  mode: 'headless' | 'desktop';
  backend: BackendInfo;
  checks: DiagnosisCheck[];
  checkedAt: string;
}

export interface AdminStatus {
  version: string;
  url: string;
  host: string;
  port: number;
  profile: string;
  region?: string;
  credentials: CredentialStatus;
  /** True when requests use a Bedrock API key instead of AWS credentials. */
  usesApiKey: boolean;
  defaultModel: string;
  settingsFile: string;
  startedAt: string;
  /** Real AWS or the emulator. */
  backend: BackendInfo;
  /** What is wrong with settings.json while it lasts (Outcrop keeps the last good settings meanwhile). */
  settingsProblem?: string;
  diagnosticLog: DiagnosticLogStatus;
}

/** The process's diagnostic log (logs/outcrop-serve.log or outcrop-desktop.log): what to attach to a bug report. */
export interface DiagnosticLogStatus {
  /** Absent when the file could not be opened (see problem). */
  file?: string;
  level: LogLevel;
  /** OUTCROP_LOG_LEVEL decides while it is set; the setting applies otherwise. */
  levelFrom: 'env' | 'settings';
  problem?: string;
  /** The desktop app can show the file in the file manager; in a browser on a headless server, copy the path. */
  canReveal: boolean;
}

/**
 * A settings change the admin API has validated key by key against the settings schema (the
 * route's parseSettingsPatch is the one place that does): only the keys to change, each a valid
 * value, or undefined for "back to the default" (unset, for optional keys). `version` belongs to
 * the settings file's migrations and is never in a patch.
 */
export type SettingsPatch = { [K in Exclude<keyof Settings, 'version'>]?: Settings[K] | undefined };

export interface SignInStart {
  profile?: string;
  deviceCode?: boolean;
}

export interface SignInView {
  id: string;
  profile: string;
  flow: 'pkce' | 'device';
  url: string;
  userCode?: string;
  state: 'pending' | 'done' | 'failed' | 'cancelled';
  message?: string;
  expiresAt?: string;
}

export interface ModelView {
  id: string;
  name?: string;
  provider?: string;
  kind: 'chat' | 'embedding';
  /** Where the name comes from: the user's alias, a built-in alias, the catalogue, or the account listing. */
  source: 'user-alias' | 'alias' | 'catalog' | 'account';
  /** What it resolves to on Bedrock. */
  target?: string;
  /** The model takes prompt-caching points. */
  caching?: boolean;
  /**
   * Whether the account can call `target` in the region, from Bedrock's listing of the account's
   * models (ListFoundationModels, ListInferenceProfiles): `available`, `not-listed` (the listing was
   * read and does not offer it), or `unknown` (no listing: no credentials or region; or an id the
   * listing cannot speak for). See src-proxy/models/access.ts.
   */
  access: ModelAccess;
  /** The inference profile `target` goes through: a region-prefixed id (`us.…`, `eu.…`, `global.…`) or an application profile ARN. Absent when the model runs on demand by its bare id. */
  via?: string;
  /**
   * Set on the models the account can invoke in the region, as GET /v1/models lists them: their
   * place in that list, newest first from 0. `id` is then the name to type for the model.
   */
  rank?: number;
  /** The base Bedrock model id (no profile prefix), on the models the account can invoke. */
  model?: string;
  /** Bedrock lists the model as LEGACY: it is being retired. */
  legacy?: boolean;
  /** The model can reason (extended thinking or a reasoning effort). */
  reasoning?: boolean;
  /** The model takes images; absent when not known. */
  images?: boolean;
}

export type ModelAccess = 'available' | 'not-listed' | 'unknown';

export interface LogQuery {
  limit?: number;
  /** Entries older than this time (epoch ms), for paging back. */
  before?: number;
  model?: string;
  /** "ok" (2xx), "error" (not 2xx), a class ("4xx", "5xx") or an exact status code. */
  status?: string;
  /** Only requests that spoke this API (chat, messages, …; `unknown` for routes that do not exist). */
  protocol?: RequestProtocol;
  /** Only requests from this client: part of its short name ("cline", "claude-cli/2"), any case. */
  client?: string;
  /** Only requests that arrived at or after this time (epoch ms). */
  from?: number;
  /** Only requests that arrived at or before this time (epoch ms). */
  to?: number;
  /** Free text matched against model, client, user-agent, endpoint and error. */
  text?: string;
}

export interface UsageRow {
  /** A day (YYYY-MM-DD), an hour (YYYY-MM-DDTHH:00Z) or a model id, depending on the grouping. */
  key: string;
  /** Model rows: what the UI calls the model (catalogue, account listing or user alias); absent when only the id is known. */
  displayName?: string;
  requests: number;
  errors: number;
  /** Requests whose model has no known price: their cost is not in costUsd (all of them: the cost is unknown, not zero). */
  unpriced: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
  /** What the cache reads saved compared with paying full input price. */
  cacheSavingsUsd: number;
}

export type UsageBucketSize = 'hour' | 'day';

/** One bucket of the usage timeline: its totals and each model used in it. */
export interface UsageBucket {
  /** YYYY-MM-DD for a day, YYYY-MM-DDTHH:00Z for an hour (UTC). */
  key: string;
  /** Start of the bucket, epoch ms. */
  start: number;
  total: UsageRow;
  /** Models with requests in this bucket (keys as in UsageSummary.byModel). */
  byModel: UsageRow[];
}

export interface UsageSummary {
  from: string;
  to: string;
  total: UsageRow;
  byDay: UsageRow[];
  byModel: UsageRow[];
  /** The timeline's bucket, chosen by the server from the range: by hour up to 2 days, else by day. */
  bucket: UsageBucketSize;
  /** Every bucket of the range, oldest first, up to the current one. */
  timeline: UsageBucket[];
}

/** Where a price comes from, most trusted first: the user's own, AWS's published price list (cached), Outcrop's built-in table. */
export type PriceSource = 'override' | 'aws-price-list' | 'built-in';

/** A model's on-demand price in USD per 1M tokens, with where it comes from and as of when. */
export interface PriceView {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  source: PriceSource;
  /** The price list's publication date, or the built-in table's "as known on" date (YYYY-MM-DD); absent for the user's own price. */
  asOf?: string;
}

/** One model in GET /admin/api/prices. */
export interface ModelPriceRow {
  /** The model id as asked (usage keys keep their profile prefix: global. prices differ) or as the account lists it. */
  model: string;
  /** The account's or catalogue's name, when known. */
  name?: string;
  /** The price costs use for this id; absent: no price ("no price", never $0). */
  price?: PriceView;
  /** The settings.priceOverrides key that applies to this id, when one does. */
  overrideKey?: string;
  /** True for models asked for (seen in usage); false for the account's other models. */
  asked: boolean;
}

/** The AWS price list's state (fetched daily, cached on disk). */
export interface PriceListStatus {
  /** False when OUTCROP_PRICE_LIST_URL=off (no fetching; a cached list is still used). */
  enabled: boolean;
  /** The base URL fetched from. */
  url?: string;
  region?: string;
  /** When the cached list was downloaded (ISO). */
  fetchedAt?: string;
  /** The newest publication date of the offer files in use (ISO). */
  publicationDate?: string;
  /** Models of the account or catalogue the list priced. */
  models: number;
  refreshing: boolean;
  /** The last download's failure (network, HTTP status, malformed file), with when (ISO). */
  lastError?: string;
  lastErrorAt?: string;
}

export interface PricesReply {
  data: ModelPriceRow[];
  priceList: PriceListStatus;
  /** The built-in table's "as known on" date (YYYY-MM-DD). */
  builtInAsOf: string;
}

export type AdminEvent =
  | { type: 'request'; entry: RequestLogEntry }
  | { type: 'credentials'; state: CredentialStatus }
  | { type: 'settings'; settings: Settings }
  | { type: 'sign-in'; signIn: SignInView }
  | { type: 'warning'; message: string }
  /** settings.json became unreadable (problem) or readable again (no problem). */
  | { type: 'settings-problem'; problem?: string }
  | { type: 'listening'; url: string };

/** An event with its sequence number (the SSE id, for Last-Event-ID replay). */
export interface NumberedEvent {
  id: number;
  event: AdminEvent;
}

/** What the core offers the admin API. Methods throw errors with a `param` for bad input. */
export interface AdminBackend {
  status(): Promise<AdminStatus>;
  /** The doctor's checklist, with live checks (credentials load, Bedrock answers). */
  diagnose(): Promise<Diagnosis>;
  getSettings(): Settings;
  /**
   * Applies a validated change (see SettingsPatch). Throws an error naming the field for what only
   * the core can judge: an alias to no known model, a listener other machines reach without keys.
   */
  patchSettings(patch: SettingsPatch): Promise<Settings>;
  listProfiles(): Promise<{ active: string; profiles: ProfileSummary[]; problems: string[] }>;
  startSignIn(req: SignInStart): Promise<SignInView>;
  getSignIn(id: string): SignInView | undefined;
  cancelSignIn(id: string): boolean;
  listModels(): Promise<ModelView[]>;
  queryLogs(q: LogQuery): RequestLogEntry[] | Promise<RequestLogEntry[]>;
  usage(days: number): Promise<UsageSummary>;
  /** Prices in use for these model ids (usage keys) and the account's models, with source and date, and the AWS price list's state. */
  prices(models: string[]): Promise<PricesReply>;
  setBedrockApiKey(key: string | undefined): Promise<void>;
  /** Shows the diagnostic log in the file manager (desktop app); `revealed: false` where this process cannot. */
  revealLogFile(): Promise<{ revealed: boolean; file?: string }>;
  /** Subscribes to live events; events after `afterId` are replayed first. Returns an unsubscribe function. */
  subscribe(listener: (e: NumberedEvent) => void, afterId?: number): () => void;
}
