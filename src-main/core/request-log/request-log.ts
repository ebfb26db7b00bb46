import type { LogQuery, UsageSummary } from '../../../src-shared/admin';
import type { RequestLogEntry } from '../../../src-shared/request-log';
import { appendDayLines, DAY_MS, dayRange, deleteDayFile, listDayFiles, readDayEntries, utcDay } from './day-files';
import { builtInPricer, costOf, type Pricer } from './prices';
import { redactBody } from './redact';
import { clampLimit, compileQuery, EntryRing, queryEntries } from './ring';
import { bucketFor, newDayTally, summarize, tallyEntry, type DayTally } from './usage';

export interface RequestLogOptions {
  /** Folder of the day files (requests-YYYY-MM-DD.jsonl). */
  dir: string;
  /** Days of files to keep, today included (settings.logRetentionDays). */
  retentionDays: number;
  /** Entries kept in memory for the live view. */
  ringSize?: number;
  /** The clock (epoch ms); picks the day file an entry goes to, the usage range and what rotation deletes. */
  now?: () => number;
  /** Told about the first failure of a run of failed writes (or clean-ups); never throws into add(). */
  onError?: (err: Error) => void;
  /** Cap on each kept body's JSON, in characters. */
  maxBodyChars?: number;
  /** A model id to price an entry by when its own cannot be priced (an application inference profile ARN). */
  priceHint?: (entry: RequestLogEntry) => string | undefined;
  /** Prices entries (user overrides, AWS price list, built-in table); the built-in table when not given. */
  pricer?: Pricer;
}

export const DEFAULT_RING_SIZE = 1000;
export const DEFAULT_MAX_BODY_CHARS = 32_000;
const MAX_DAYS = 3660;

/**
 * The request log: a ring of recent entries for the live view, and one JSON line per request in
 * a file per UTC day for usage totals. `add` never waits for the disk and never throws; all file
 * work (appends, usage reads, rotation) runs one operation at a time, in the order asked.
 */
export class RequestLog {
  readonly dir: string;
  private retentionDays: number;
  private readonly ring: EntryRing;
  private readonly now: () => number;
  private readonly onError?: (err: Error) => void;
  private readonly maxBodyChars: number;
  private readonly priceHint?: (entry: RequestLogEntry) => string | undefined;
  private readonly pricer: Pricer;
  private pending: Array<{ day: string; entry: RequestLogEntry }> = [];
  private writeQueued = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** Tallies of days that can no longer change (before yesterday), so the usage screen reads each file once. */
  private readonly settledDays = new Map<string, DayTally>();
  private failing = false;
  private closed = false;
  private readonly timer: NodeJS.Timeout;

  constructor(opts: RequestLogOptions) {
    this.dir = opts.dir;
    this.retentionDays = clampDays(opts.retentionDays);
    this.ring = new EntryRing(Math.max(1, Math.floor(opts.ringSize ?? DEFAULT_RING_SIZE)));
    this.now = opts.now ?? Date.now;
    this.onError = opts.onError;
    this.maxBodyChars = opts.maxBodyChars ?? DEFAULT_MAX_BODY_CHARS;
    this.priceHint = opts.priceHint;
    this.pricer = opts.pricer ?? builtInPricer;
    void this.rotate();
    this.timer = setInterval(() => void this.rotate(), DAY_MS);
    this.timer.unref();
  }

  /** Days of files kept. */
  get retention(): number {
    return this.retentionDays;
  }

  /** Records a finished request: prices it, redacts its bodies, keeps it for the live view and queues its line for today's file. Returns the stored entry; never throws, never waits. */
  add(entry: RequestLogEntry): RequestLogEntry {
    let stored = entry;
    try {
      stored = { ...entry };
      if (stored.costUsd === undefined) {
        const cost = costOf(stored, this.priceHint?.(stored), this.pricer);
        if (cost !== undefined) stored.costUsd = cost;
      }
      if (stored.bodies) stored.bodies = this.redactBodies(stored.bodies);
      this.ring.push(stored);
      if (!this.closed) this.queueWrite(utcDay(this.now()), stored);
    } catch (err) {
      this.report(err, 'record an entry in');
    }
    return stored;
  }

  /** Recent entries (from memory) matching a query, newest first. */
  recent(q: LogQuery = {}): RequestLogEntry[] {
    return queryEntries(this.ring.toArray(), q);
  }

  /**
   * Entries matching a query, newest first: from memory, and — when memory holds fewer matches
   * than asked and does not reach back far enough (a full ring) — from the day files before the
   * oldest entry in memory, newest day first, no further back than `from`. So "last 7 days" or a
   * model filter on a busy install finds entries the live view has already let go.
   */
  async query(q: LogQuery = {}): Promise<RequestLogEntry[]> {
    const inMemory = this.ring.toArray();
    const hits = queryEntries(inMemory, q);
    const limit = clampLimit(q.limit);
    if (hits.length >= limit || inMemory.length < this.ring.size) return hits;
    // Memory covers everything from its oldest entry on; the files give what came before.
    const coveredFrom = Math.min(...inMemory.map((e) => e.time));
    const matches = compileQuery(q);
    const older: RequestLogEntry[] = [];
    const fromDay = q.from !== undefined && Number.isFinite(q.from) ? utcDay(q.from) : '';
    const upTo = Math.min(coveredFrom, q.before ?? Infinity);
    for (const { day } of (await listDayFiles(this.dir)).reverse()) {
      if (day > utcDay(upTo)) continue;
      if (day < fromDay) break;
      for await (const raw of readDayEntries(this.dir, day)) {
        if (isEntry(raw) && raw.time < upTo && matches(raw)) older.push(raw);
      }
      if (hits.length + older.length >= limit) break;
    }
    older.sort((a, b) => b.time - a.time);
    return [...hits, ...older].slice(0, limit);
  }

  /** Totals per day and per model over the last `days` UTC days (today included), with a timeline by hour (up to 2 days) or by day, read from the day files after every entry added so far is written. */
  usage(days: number): Promise<UsageSummary> {
    const count = clampDays(days);
    return this.enqueue(async () => {
      const now = this.now();
      const range = dayRange(now, count);
      const settledBefore = utcDay(now - DAY_MS);
      const tallies: DayTally[] = [];
      for (const day of range) {
        let tally = this.settledDays.get(day);
        if (!tally) {
          tally = newDayTally(day);
          for await (const raw of readDayEntries(this.dir, day)) tallyEntry(tally, raw, this.pricer);
          if (day < settledBefore) this.settledDays.set(day, tally);
        }
        tallies.push(tally);
      }
      return summarize(range, tallies, { bucket: bucketFor(count), now });
    });
  }

  /** Forgets the usage tallies kept for past days: prices changed, and entries logged without a price are priced anew. */
  repriced(): void {
    void this.enqueue(async () => this.settledDays.clear());
  }

  /** Deletes day files older than the retention (today counts as one day); resolves with the names deleted, never rejects. */
  rotate(): Promise<string[]> {
    return this.enqueue(async () => {
      const keepFrom = utcDay(this.now() - (this.retentionDays - 1) * DAY_MS);
      const deleted: string[] = [];
      for (const { day, name } of await listDayFiles(this.dir)) {
        if (day >= keepFrom) continue;
        await deleteDayFile(this.dir, day);
        deleted.push(name);
      }
      for (const day of this.settledDays.keys()) if (day < keepFrom) this.settledDays.delete(day);
      return deleted;
    }).catch((err: unknown) => {
      this.report(err, 'clean up');
      return [];
    });
  }

  /** Changes the days of files kept and deletes what falls outside at once. */
  setRetention(days: number): Promise<string[]> {
    this.retentionDays = clampDays(days);
    return this.rotate();
  }

  /** Refills the live view from the newest day files (call once at start-up); entries added meanwhile stay the newest. Resolves with the number restored. */
  restore(): Promise<number> {
    return this.enqueue(async () => {
      const size = this.ring.size;
      const have = new Set(this.ring.toArray().map((e) => `${e.id}@${e.time}`));
      let restored: RequestLogEntry[] = [];
      for (const { day } of (await listDayFiles(this.dir)).reverse()) {
        const dayEntries: RequestLogEntry[] = [];
        for await (const raw of readDayEntries(this.dir, day)) {
          if (!isEntry(raw) || have.has(`${raw.id}@${raw.time}`)) continue;
          dayEntries.push(raw);
          if (dayEntries.length > 2 * size) dayEntries.splice(0, dayEntries.length - size);
        }
        restored = [...dayEntries, ...restored].slice(-size);
        if (restored.length >= size) break;
      }
      this.ring.prepend(restored);
      return restored.length;
    });
  }

  /** Resolves when every entry added so far is written (or its write has failed and been reported). */
  async flush(): Promise<void> {
    for (;;) {
      const tail = this.queue;
      await tail;
      if (tail === this.queue) return;
    }
  }

  /** Stops the daily rotation and writes what is queued; entries added afterwards reach the live view only. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.flush();
  }

  private redactBodies(bodies: NonNullable<RequestLogEntry['bodies']>): RequestLogEntry['bodies'] {
    const out: NonNullable<RequestLogEntry['bodies']> = {};
    if (bodies.request !== undefined) out.request = redactBody(bodies.request, this.maxBodyChars);
    if (bodies.response !== undefined) out.response = redactBody(bodies.response, this.maxBodyChars);
    return out;
  }

  // Entries wait in `pending`; one queued write takes everything pending when it runs, so a burst
  // of requests costs one append per day file, not one per request.
  private queueWrite(day: string, entry: RequestLogEntry): void {
    this.pending.push({ day, entry });
    if (this.writeQueued) return;
    this.writeQueued = true;
    this.enqueue(() => this.writePending()).catch((err: unknown) => this.report(err, 'write'));
  }

  private async writePending(): Promise<void> {
    this.writeQueued = false;
    const batch = this.pending;
    this.pending = [];
    const byDay = new Map<string, string[]>();
    for (const { day, entry } of batch) {
      let line: string;
      try {
        line = JSON.stringify(entry);
      } catch (err) {
        this.report(err, 'serialize an entry for');
        continue;
      }
      const lines = byDay.get(day) ?? [];
      lines.push(line);
      byDay.set(day, lines);
    }
    for (const [day, lines] of byDay) {
      this.settledDays.delete(day);
      try {
        await appendDayLines(this.dir, day, lines);
        this.failing = false;
      } catch (err) {
        this.report(err, 'write');
      }
    }
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  // One report per run of failures: a full disk must not call onError for every request.
  private report(err: unknown, action: string): void {
    if (this.failing) return;
    this.failing = true;
    const reason = err instanceof Error ? err.message : String(err);
    try {
      this.onError?.(new Error(`Could not ${action} the request log in ${this.dir}: ${reason}`, { cause: err }));
    } catch {
      // The reporter's own failure must not reach add()'s caller either.
    }
  }
}

function clampDays(days: number): number {
  if (!Number.isFinite(days)) return 1;
  return Math.min(MAX_DAYS, Math.max(1, Math.floor(days)));
}

function isEntry(raw: Record<string, unknown>): raw is Record<string, unknown> & RequestLogEntry {
  return typeof raw.id === 'string' && typeof raw.time === 'number' && typeof raw.endpoint === 'string' && typeof raw.status === 'number';
}
