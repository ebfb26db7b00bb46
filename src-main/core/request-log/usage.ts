import type { UsageRow, UsageSummary } from '../../../src-shared/admin';
import { isClientClosed, type RequestLogEntry } from '../../../src-shared/request-log';
import { cacheSavings, costOf } from './prices';

// Usage accounting: per-day tallies of logged requests (totals and per model), merged into the
// summary the usage screen shows. Pure data; reading the files is the request log's job.

/** One day's totals, overall and per model. */
export interface DayTally {
  day: string;
  total: UsageRow;
  byModel: Map<string, UsageRow>;
}

/** The key usage groups a request under when it names no model at all. */
export const NO_MODEL = '(none)';

/** A row of zeros under a key. */
export function emptyRow(key: string): UsageRow {
  return { key, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0, cacheSavingsUsd: 0 };
}

/** An empty tally for a day. */
export function newDayTally(day: string): DayTally {
  return { day, total: emptyRow(day), byModel: new Map() };
}

/** Counts one logged request (a parsed JSONL line, trusted for nothing) into a day's tally. */
export function tallyEntry(tally: DayTally, raw: Record<string, unknown>): void {
  const entry = toEntry(raw);
  const key = entry.bedrockModel ?? entry.model ?? NO_MODEL;
  let modelRow = tally.byModel.get(key);
  if (!modelRow) tally.byModel.set(key, (modelRow = emptyRow(key)));
  // An entry logged before its model had a price is priced with today's table.
  const cost = entry.costUsd ?? costOf(entry) ?? 0;
  const savings = cacheSavings(entry) ?? 0;
  for (const row of [tally.total, modelRow]) {
    row.requests += 1;
    // A client that left (499 client_closed) is no failure of the proxy or Bedrock.
    if ((entry.status < 200 || entry.status >= 300) && !isClientClosed(entry)) row.errors += 1;
    row.inputTokens += entry.inputTokens ?? 0;
    row.outputTokens += entry.outputTokens ?? 0;
    row.cacheReadTokens += entry.cacheReadTokens ?? 0;
    row.cacheWriteTokens += entry.cacheWriteTokens ?? 0;
    row.costUsd += cost;
    row.cacheSavingsUsd += savings;
  }
}

/** The summary of a range of days (oldest first): every day in the range, models by cost then requests. */
export function summarize(days: string[], tallies: DayTally[]): UsageSummary {
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
    for (const [key, row] of tally.byModel) {
      let sum = models.get(key);
      if (!sum) models.set(key, (sum = emptyRow(key)));
      addRow(sum, row);
    }
  }
  const byModel = [...models.values()].map(rounded).sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests || a.key.localeCompare(b.key));
  return { from, to, total: rounded(total), byDay: dayRows, byModel };
}

function addRow(into: UsageRow, row: UsageRow): void {
  into.requests += row.requests;
  into.errors += row.errors;
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
