import type { UsageBucket, UsageBucketSize, UsageRow, UsageSummary } from '../../../src-shared/admin';
import { isClientClosed, type RequestLogEntry } from '../../../src-shared/request-log';
import { builtInPricer, cacheSavings, costOf, type Pricer } from './prices';

// Usage accounting: per-day tallies of logged requests (totals and per model), merged into the
// summary the usage screen shows. Pure data; reading the files is the request log's job.

/** Totals of one bucket (a day or an hour), overall and per model. */
export interface BucketTally {
  total: UsageRow;
  byModel: Map<string, UsageRow>;
}

/** One day's totals, overall and per model, and the same per UTC hour (keyed by the hour's start, epoch ms). */
export interface DayTally extends BucketTally {
  day: string;
  hours: Map<number, BucketTally>;
}

/** The key usage groups a request under when it names no model at all. */
export const NO_MODEL = '(none)';

/** Ranges of up to this many days get an hourly timeline; longer ones a daily one. */
export const MAX_HOURLY_DAYS = 2;

const HOUR_MS = 3_600_000;

/** The timeline's bucket for a range of `days` days. */
export function bucketFor(days: number): UsageBucketSize {
  return days <= MAX_HOURLY_DAYS ? 'hour' : 'day';
}

/** A row of zeros under a key. */
export function emptyRow(key: string): UsageRow {
  return { key, requests: 0, errors: 0, unpriced: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0, cacheSavingsUsd: 0 };
}

/** An empty tally for a day. */
export function newDayTally(day: string): DayTally {
  return { day, total: emptyRow(day), byModel: new Map(), hours: new Map() };
}

const dayStart = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const hourKey = (start: number): string => `${new Date(start).toISOString().slice(0, 13)}:00Z`;

function modelRow(rows: Map<string, UsageRow>, key: string): UsageRow {
  let row = rows.get(key);
  if (!row) rows.set(key, (row = emptyRow(key)));
  return row;
}

/** Counts one logged request (a parsed JSONL line, trusted for nothing) into a day's tally. */
export function tallyEntry(tally: DayTally, raw: Record<string, unknown>, pricer: Pricer = builtInPricer): void {
  const entry = toEntry(raw);
  const key = entry.bedrockModel ?? entry.model ?? NO_MODEL;
  // The hour it started in, kept inside the day whose file holds it (a request that started
  // before midnight is written to the next day's file), so the hours add up to the day.
  const start = dayStart(tally.day);
  const hourStart = Math.min(start + 23 * HOUR_MS, Math.max(start, Math.floor(entry.time / HOUR_MS) * HOUR_MS));
  let hour = tally.hours.get(hourStart);
  if (!hour) tally.hours.set(hourStart, (hour = { total: emptyRow(hourKey(hourStart)), byModel: new Map() }));
  // An entry logged before its model had a price is priced with today's prices.
  const cost = entry.costUsd ?? costOf(entry, undefined, pricer);
  const savings = cacheSavings(entry, undefined, pricer) ?? 0;
  for (const row of [tally.total, modelRow(tally.byModel, key), hour.total, modelRow(hour.byModel, key)]) {
    row.requests += 1;
    // A client that left (499 client_closed) is no failure of the proxy or Bedrock.
    if ((entry.status < 200 || entry.status >= 300) && !isClientClosed(entry)) row.errors += 1;
    // Unpriced only when it used tokens: a request refused before Bedrock (a 404 for an unknown
    // model) cost nothing, whatever its model's price.
    if (cost === undefined && usedTokens(entry)) row.unpriced += 1;
    row.inputTokens += entry.inputTokens ?? 0;
    row.outputTokens += entry.outputTokens ?? 0;
    row.cacheReadTokens += entry.cacheReadTokens ?? 0;
    row.cacheWriteTokens += entry.cacheWriteTokens ?? 0;
    row.costUsd += cost ?? 0;
    row.cacheSavingsUsd += savings;
  }
}

export interface SummaryOptions {
  /** The timeline's bucket (default: by day). */
  bucket?: UsageBucketSize;
  /** Now (epoch ms): an hourly timeline ends with the hour this falls in (default: the end of the last day). */
  now?: number;
}

/** The summary of a range of days (oldest first): every day in the range, models by cost then requests, and the timeline by day or hour. */
export function summarize(days: string[], tallies: DayTally[], opts: SummaryOptions = {}): UsageSummary {
  const from = days[0] ?? '';
  const to = days[days.length - 1] ?? from;
  const byDay = new Map(tallies.map((t) => [t.day, t]));
  const total = emptyRow('total');
  const models = new Map<string, UsageRow>();
  const dayRows: UsageRow[] = [];
  for (const day of days) {
    const tally = byDay.get(day);
    dayRows.push(rounded(tally ? tally.total : emptyRow(day)));
    if (!tally) continue;
    addRow(total, tally.total);
    for (const [key, row] of tally.byModel) addRow(modelRow(models, key), row);
  }
  const byModel = [...models.values()].map(rounded).sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests || a.key.localeCompare(b.key));
  const bucket = opts.bucket ?? 'day';
  const timeline = bucket === 'day' ? days.map((day) => bucketOf(day, dayStart(day), byDay.get(day))) : hourly(days, byDay, opts.now);
  return { from, to, total: rounded(total), byDay: dayRows, byModel, bucket, timeline };
}

function hourly(days: string[], byDay: Map<string, DayTally>, now: number | undefined): UsageBucket[] {
  const out: UsageBucket[] = [];
  const last = now === undefined ? Number.POSITIVE_INFINITY : Math.floor(now / HOUR_MS) * HOUR_MS;
  for (const day of days) {
    const start = dayStart(day);
    for (let h = start; h < start + 24 * HOUR_MS && h <= last; h += HOUR_MS) out.push(bucketOf(hourKey(h), h, byDay.get(day)?.hours.get(h)));
  }
  return out;
}

function bucketOf(key: string, start: number, tally: BucketTally | undefined): UsageBucket {
  const byModel = tally ? [...tally.byModel.values()].map(rounded).sort((a, b) => a.key.localeCompare(b.key)) : [];
  return { key, start, total: rounded({ ...(tally?.total ?? emptyRow(key)), key }), byModel };
}

function addRow(into: UsageRow, row: UsageRow): void {
  into.requests += row.requests;
  into.errors += row.errors;
  into.unpriced += row.unpriced;
  into.inputTokens += row.inputTokens;
  into.outputTokens += row.outputTokens;
  into.cacheReadTokens += row.cacheReadTokens;
  into.cacheWriteTokens += row.cacheWriteTokens;
  into.costUsd += row.costUsd;
  into.cacheSavingsUsd += row.cacheSavingsUsd;
}

// Sums of small floats drift (0.1 + 0.2); a tenth of a nano-dollar is precision enough.
function rounded(row: UsageRow): UsageRow {
  return { ...row, costUsd: Math.round(row.costUsd * 1e10) / 1e10, cacheSavingsUsd: Math.round(row.cacheSavingsUsd * 1e10) / 1e10 };
}

const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function toEntry(raw: Record<string, unknown>): RequestLogEntry {
  return {
    id: text(raw.id) ?? '',
    time: count(raw.time) ?? 0,
    endpoint: text(raw.endpoint) ?? '',
    model: text(raw.model),
    bedrockModel: text(raw.bedrockModel),
    stream: raw.stream === true,
    status: count(raw.status) ?? 0,
    latencyMs: count(raw.latencyMs) ?? 0,
    inputTokens: count(raw.inputTokens),
    outputTokens: count(raw.outputTokens),
    cacheReadTokens: count(raw.cacheReadTokens),
    cacheWriteTokens: count(raw.cacheWriteTokens),
    costUsd: count(raw.costUsd),
    error: errorOf(raw.error),
  };
}

// Only the error's code matters here (a client that left is not counted as an error).
function errorOf(v: unknown): RequestLogEntry['error'] {
  if (!v || typeof v !== 'object') return undefined;
  const code = text((v as { code?: unknown }).code);
  return code ? { code, message: text((v as { message?: unknown }).message) ?? '' } : undefined;
}

function usedTokens(entry: RequestLogEntry): boolean {
  return Boolean(entry.inputTokens || entry.outputTokens || entry.cacheReadTokens || entry.cacheWriteTokens);
}
