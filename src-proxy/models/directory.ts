import type { AccountModels, BedrockGateway } from '../bedrock/gateway';

export interface DirectoryOptions {
  /** How long a listing is fresh; after that it is refreshed in the background. */
  ttlMs?: number;
  /** How long a request waits for the very first listing before answering from the catalogue. */
  firstWaitMs?: number;
  now?: () => number;
}

/**
 * What the account can use, from ListFoundationModels and ListInferenceProfiles: cached for
 * minutes, refreshed in the background, and never a reason for a request to fail (callers fall
 * back to the built-in catalogue when nothing was listed yet).
 */
export class ModelDirectory {
  private listing?: AccountModels;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private pending?: Promise<void>;
  private lastError?: string;
  private tried = false;
  private readonly ttlMs: number;
  private readonly firstWaitMs: number;
  private readonly now: () => number;

  constructor(private readonly bedrock: Pick<BedrockGateway, 'listModels'>, opts: DirectoryOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 10 * 60_000;
    this.firstWaitMs = opts.firstWaitMs ?? 3_000;
    this.now = opts.now ?? Date.now;
  }

  /** The latest listing (undefined when none succeeded yet); starts a refresh when stale. */
  async get(): Promise<AccountModels | undefined> {
    const stale = this.now() - this.fetchedAt > this.ttlMs;
    if (stale) this.refresh();
    if (!this.listing && this.pending) {
      await Promise.race([this.pending, new Promise((r) => setTimeout(r, this.firstWaitMs).unref())]);
    }
    return this.listing;
  }

  /**
   * The listing for a request that it could change: waits (bounded by the first wait) only while the
   * very first listing is under way or not yet asked for, so the first request after start resolves
   * names as every later one will; never waits again once a listing was tried, failed or not.
   */
  async first(): Promise<AccountModels | undefined> {
    if (this.listing || this.tried) return this.current();
    return this.get();
  }

  /**
   * The latest listing without waiting (undefined when none succeeded yet); starts a refresh when
   * stale. For model resolution, which must not hold a request up for a listing.
   */
  current(): AccountModels | undefined {
    if (this.now() - this.fetchedAt > this.ttlMs) void this.refresh();
    return this.listing;
  }

  /** Why the last listing failed, if it did (shown by doctor and the UI). */
  get error(): string | undefined {
    return this.lastError;
  }

  /** Forgets the listing (the account or region changed); the next get() lists again. */
  invalidate(): void {
    this.listing = undefined;
    this.tried = false;
    this.fetchedAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * Lists ahead of need (the way to Bedrock was just opened), so that the first request after a
   * start or a region change finds the listing read: only when none is held and none was tried
   * lately (a failed listing is tried again after the same pause as for requests).
   */
  prefetch(): void {
    if (!this.listing && this.now() - this.fetchedAt > this.ttlMs) void this.refresh();
  }

  /** Starts a background refresh unless one is running. */
  refresh(): Promise<void> {
    this.pending ??= this.bedrock
      .listModels()
      .then((listing) => {
        this.listing = listing;
        this.lastError = undefined;
      })
      .catch((err: Error) => {
        this.lastError = err.message;
      })
      .finally(() => {
        // Failed listings are retried after a short pause, not on every request.
        this.fetchedAt = this.listing && !this.lastError ? this.now() : this.now() - this.ttlMs + 30_000;
        this.pending = undefined;
        this.tried = true;
      });
    return this.pending;
  }
}
