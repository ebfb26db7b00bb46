import type { Logger } from 'pino';
import type { AccountModels } from '../../../src-proxy/bedrock/gateway';
import { CATALOG } from '../../../src-proxy/models/catalog';
import type { NetworkConfig } from '../../../src-proxy/net/proxy-rules';
import type { ModelPriceRow, PriceListStatus } from '../../../src-shared/admin';
import type { PriceOverride } from '../../../src-shared/settings';
import { baseModelId, builtInPricer, isGlobalProfile, type Pricer, type SourcedPrice } from '../request-log/prices';
import { cacheFile, CACHE_FORMAT, readPriceCache, writePriceCache, type PriceCache } from './cache-file';
import type { DownloadLimits } from './download';
import { matchModels, type PriceCandidate } from './match';
import { OFFER_CODES, parseOffer, type ListedModel } from './offer';
import { findOverride, stemOf } from './overrides';

// The prices costs use, most trusted first: the user's own (settings.priceOverrides, applied
// live), AWS's published price list for the configured region (downloaded in the background at
// most daily, cached on disk with its date; see offer.ts and cache-file.ts), then the built-in
// table (request-log/prices.ts). Every price says which it is and as of when. Nothing here ever
// holds a request up: pricing is a synchronous lookup, downloads run on their own.

/** A cached list older than this is downloaded again. */
export const MAX_AGE_MS = 24 * 3_600_000;
/** After a failed download, the next try waits this long (also across restarts). */
export const RETRY_AFTER_FAILURE_MS = 3_600_000;
const CHECK_EVERY_MS = 3_600_000;
/** AWS's Price List Bulk API; OUTCROP_PRICE_LIST_URL replaces it (`off` turns fetching off). */
export const DEFAULT_PRICE_LIST_URL = 'https://pricing.us-east-1.amazonaws.com';
// The downloader (https, gzip, the host guard) is loaded when a download starts, not before the server listens.
const loadDownload = () => import('./download');

export interface PriceServiceOptions {
  /** The Outcrop home (the cache goes in prices/). */
  home: string;
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** The user's proxy and CAs, read per download. */
  network: () => NetworkConfig | undefined;
  /** settings.priceOverrides, read per lookup (a change applies to the next request). */
  overrides: () => Record<string, PriceOverride>;
  /** settings.aliases: an override may be keyed by an alias. */
  aliases: () => Record<string, string>;
  /** The account's model listing when one was read (its names map the list's names to ids). */
  listing: () => AccountModels | undefined;
  /** Told when the price list in use changed (downloaded, or another region's loaded). */
  onChange?: () => void;
  now?: () => number;
  limits?: DownloadLimits;
}

interface Mapped {
  cache: PriceCache;
  listing: AccountModels | undefined;
  byId: Map<string, { model: ListedModel; asOf: string }>;
  byStem: Map<string, { model: ListedModel; asOf: string }>;
}

/** Whether a region's price list should be downloaded now: never downloaded, older than a day, or a failure (not within the last hour). */
export function refreshDue(cache: PriceCache | undefined, now: number): boolean {
  const failedAt = cache?.lastFailure ? Date.parse(cache.lastFailure.at) : Number.NaN;
  if (Number.isFinite(failedAt) && failedAt <= now && now - failedAt < RETRY_AFTER_FAILURE_MS) return false;
  if (cache?.lastFailure) return true;
  const fetchedAt = cache?.fetchedAt ? Date.parse(cache.fetchedAt) : Number.NaN;
  // A fetch time in the future is a clock that went back: the age cannot be told, so download.
  return !Number.isFinite(fetchedAt) || fetchedAt > now || now - fetchedAt >= MAX_AGE_MS;
}

/** The price list's base URL from OUTCROP_PRICE_LIST_URL (AWS's by default); undefined when `off` (or not an http(s) URL). */
export function priceListUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.OUTCROP_PRICE_LIST_URL?.trim();
  if (!raw) return DEFAULT_PRICE_LIST_URL;
  if (/^(off|false|0|no|none)$/i.test(raw)) return undefined;
  return /^https?:\/\/[^/]/i.test(raw) ? raw.replace(/\/+$/, '') : undefined;
}

// Models called by id (ON_DEMAND) or only through a profile (INFERENCE_PROFILE, newer than the SDK's types).
const invocable = (types: readonly string[] | undefined): boolean => Boolean(types?.some((t) => t === 'ON_DEMAND' || t === 'INFERENCE_PROFILE'));

const stem = stemOf;

/** Prices from overrides, the AWS price list and the built-in table; see the file comment. */
export class PriceService implements Pricer {
  private region?: string;
  private cache?: PriceCache;
  private mapped?: Mapped;
  private refreshing?: Promise<void>;
  private loading: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private readonly closing = new AbortController();
  private readonly now: () => number;
  readonly url: string | undefined;

  constructor(private readonly opts: PriceServiceOptions) {
    this.now = opts.now ?? Date.now;
    this.url = priceListUrl(opts.env);
    const raw = opts.env.OUTCROP_PRICE_LIST_URL?.trim();
    if (raw && !this.url && !/^(off|false|0|no|none)$/i.test(raw)) opts.log.warn({ value: raw.slice(0, 200) }, 'OUTCROP_PRICE_LIST_URL is not an http(s) URL or "off"; the AWS price list is not downloaded');
    this.timer = setInterval(() => this.refreshIfDue(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  /** Uses a region's price list: loads its cache (resolves when loaded) and starts a download in the background when due. Undefined: no region, built-in prices only. */
  useRegion(region: string | undefined): Promise<void> {
    if (region === this.region) return this.loading;
    this.region = region;
    this.cache = undefined;
    this.mapped = undefined;
    this.loading = (async () => {
      if (!region) return;
      try {
        const cache = await readPriceCache(cacheFile(this.opts.home, region));
        if (this.region !== region) return;
        this.cache = cache && cache.region === region ? cache : undefined;
        if (this.cache) this.opts.onChange?.();
      } catch (err) {
        this.opts.log.warn({ err, region }, 'the cached AWS price list could not be read; it is downloaded again');
      }
      this.refreshIfDue();
    })();
    return this.loading;
  }

  /** Starts a download when one is due (see refreshDue) and fetching is on. */
  refreshIfDue(): void {
    if (!this.url || !this.region || this.refreshing) return;
    const cache = this.cache?.url === this.url ? this.cache : undefined;
    if (refreshDue(cache, this.now())) void this.refresh();
  }

  /** Downloads the region's offer files now (one download at a time); never rejects. */
  refresh(): Promise<void> {
    const { url, region } = this;
    if (!url || !region || this.closing.signal.aborted) return Promise.resolve();
    this.refreshing ??= this.download(url, region).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** The price costs use for a model id (any profile prefix or ARN): override, else AWS price list, else built-in; undefined when none. */
  price(modelId: string): SourcedPrice | undefined {
    const own = this.override(modelId)?.price;
    if (own) return own;
    return this.listPrice(modelId) ?? builtInPricer.price(modelId);
  }

  /** The AWS price list's price for a model id, when the list (as cached) prices it. */
  listPrice(modelId: string): SourcedPrice | undefined {
    const base = baseModelId(modelId);
    const mapped = this.mapping();
    if (!base || !mapped) return undefined;
    const hit = mapped.byId.get(base) ?? mapped.byStem.get(stem(base));
    if (!hit) return undefined;
    const { regional, global } = hit.model;
    const p = isGlobalProfile(modelId) ? (global ?? regional) : (regional ?? global);
    return p ? { ...p, source: 'aws-price-list', asOf: hit.asOf } : undefined;
  }

  /** The price list's state for the UI. */
  status(): PriceListStatus {
    const cache = this.cache;
    const dates = Object.values(cache?.offers ?? {}).map((o) => o.publicationDate).sort();
    return {
      enabled: this.url !== undefined,
      ...(this.url ? { url: this.url } : {}),
      ...(this.region ? { region: this.region } : {}),
      ...(cache?.fetchedAt ? { fetchedAt: cache.fetchedAt } : {}),
      ...(dates.length ? { publicationDate: dates[dates.length - 1] } : {}),
      models: this.mapping()?.byId.size ?? 0,
      refreshing: this.refreshing !== undefined,
      ...(cache?.lastFailure ? { lastError: cache.lastFailure.error, lastErrorAt: cache.lastFailure.at } : {}),
    };
  }

  /** Rows for the UI: the ids asked for (usage keys), then the account's (else the catalogue's) other models. */
  rows(asked: string[]): ModelPriceRow[] {
    const listing = this.opts.listing();
    const names = new Map<string, string>();
    for (const m of CATALOG) names.set(m.id.toLowerCase(), m.name);
    for (const m of listing?.foundationModels ?? []) if (m.modelId && m.modelName) names.set(m.modelId.toLowerCase(), m.modelName);
    const rows: ModelPriceRow[] = [];
    const seen = new Set<string>();
    const add = (model: string, isAsked: boolean): void => {
      if (seen.has(model)) return;
      seen.add(model);
      const base = baseModelId(model);
      const name = base ? names.get(base) : undefined;
      const price = this.price(model);
      const overrideKey = this.override(model)?.key;
      rows.push({ model, ...(name ? { name } : {}), ...(price ? { price } : {}), ...(overrideKey ? { overrideKey } : {}), asked: isAsked });
    };
    for (const id of asked) add(id, true);
    const others = listing
      ? listing.foundationModels.filter((m) => m.modelId && invocable(m.inferenceTypesSupported) && (m.outputModalities?.includes('TEXT') || m.outputModalities?.includes('EMBEDDING'))).map((m) => m.modelId!)
      : CATALOG.map((m) => m.id);
    for (const id of others) add(id, false);
    return rows;
  }

  /** Stops the daily check; resolves when a download under way has ended. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.closing.abort();
    await this.refreshing;
  }

  private override(modelId: string): { key: string; price: SourcedPrice } | undefined {
    return findOverride(modelId, this.opts.overrides(), this.opts.aliases());
  }

  private mapping(): Mapped | undefined {
    const cache = this.cache;
    if (!cache) return undefined;
    const listing = this.opts.listing();
    if (this.mapped && this.mapped.cache === cache && this.mapped.listing === listing) return this.mapped;
    const candidates: PriceCandidate[] = [
      ...(listing?.foundationModels ?? []).filter((m) => m.modelId).map((m) => ({ id: m.modelId!.toLowerCase(), ...(m.modelName ? { name: m.modelName } : {}) })),
      ...CATALOG.map((m) => ({ id: m.id.toLowerCase(), name: m.name })),
    ];
    const byId = new Map<string, { model: ListedModel; asOf: string }>();
    // The Marketplace offer first: it carries the current generations where both list a model.
    for (const code of OFFER_CODES) {
      const offer = cache.offers[code];
      if (!offer) continue;
      const asOf = offer.publicationDate.slice(0, 10);
      for (const [id, model] of matchModels(offer.models, candidates)) if (!byId.has(id)) byId.set(id, { model, asOf });
    }
    const byStem = new Map<string, { model: ListedModel; asOf: string }>();
    for (const [id, hit] of byId) if (!byStem.has(stem(id))) byStem.set(stem(id), hit);
    this.mapped = { cache, listing, byId, byStem };
    return this.mapped;
  }

  private async download(url: string, region: string): Promise<void> {
    const started = this.now();
    const previous = this.cache?.url === url ? this.cache : undefined;
    const offers: PriceCache['offers'] = { ...(previous?.offers ?? {}) };
    const errors: string[] = [];
    let read = 0;
    for (const code of OFFER_CODES) {
      try {
        const { DEFAULT_LIMITS, downloadOffer, offerUrl } = await loadDownload();
        const raw = await downloadOffer(offerUrl(url, code, region), this.opts.network(), this.opts.limits ?? DEFAULT_LIMITS, this.closing.signal);
        if (raw === undefined) {
          // AWS publishes no such offer for the region: it prices nothing there.
          delete offers[code];
          read += 1;
          continue;
        }
        const parsed = parseOffer(raw, code);
        offers[code] = { publicationDate: parsed.publicationDate, ...(parsed.version ? { version: parsed.version } : {}), models: parsed.models };
        read += 1;
        this.opts.log.info({ offer: code, region, models: parsed.models.length, skipped: parsed.skipped, publicationDate: parsed.publicationDate }, 'AWS price list read');
      } catch (err) {
        const reason = (err as Error).message;
        errors.push(`${code}: ${reason}`);
        this.opts.log.warn({ err, offer: code, region }, 'the AWS price list could not be read; the cached or built-in prices stay in use');
      }
    }
    if (this.region !== region || this.closing.signal.aborted) return;
    const at = new Date(started).toISOString();
    // Partly read: what was read is new, a failed offer keeps its previous prices, and the failure is retried in an hour.
    const fetchedAt = read > 0 ? at : previous?.fetchedAt;
    const next: PriceCache = {
      format: CACHE_FORMAT,
      region,
      url,
      ...(fetchedAt ? { fetchedAt } : {}),
      offers,
      ...(errors.length ? { lastFailure: { at, error: errors.join('; ').slice(0, 2000) } } : {}),
    };
    this.cache = next;
    this.mapped = undefined;
    try {
      await writePriceCache(cacheFile(this.opts.home, region), next);
    } catch (err) {
      this.opts.log.warn({ err, region }, 'the AWS price list could not be saved; it is downloaded again on the next start');
    }
    this.opts.onChange?.();
  }
}
