import type { LogQuery } from '../../../src-shared/admin';
import { protocolForPath, type RequestLogEntry, type RequestProtocol } from '../../../src-shared/request-log';

// The log screen's filters. The server applies them to what it sends (api.logs); live entries
// are checked here with the same rules, so the table never shows what a reload would hide.

/** The status choices: ok (2xx), error (not 2xx), a class, or one code. */
export const STATUS_FILTERS = ['ok', 'error', '4xx', '5xx', '429', '499'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** The time choices: the last 15 minutes … 7 days, or a custom from–to. */
export const TIME_RANGES = ['15m', '1h', '24h', '7d', 'custom'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

const RANGE_MS: Record<Exclude<TimeRange, 'custom'>, number> = { '15m': 15 * 60_000, '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };

export interface LogFilters {
  model: string;
  status: '' | StatusFilter;
  protocol: '' | RequestProtocol;
  /** Part of the client's short name. */
  client: string;
  range: '' | TimeRange;
  /** A custom range's ends as <input type="datetime-local"> values (the user's clock, to the minute); either may be empty. */
  from: string;
  to: string;
  text: string;
}

export const NO_FILTERS: LogFilters = { model: '', status: '', protocol: '', client: '', range: '', from: '', to: '', text: '' };

/** The time window the filters ask for, in epoch ms (`to` takes in its whole minute); open ends undefined. */
export function timeWindow(f: Pick<LogFilters, 'range' | 'from' | 'to'>, now: number): { from?: number; to?: number } {
  if (!f.range) return {};
  if (f.range !== 'custom') return { from: now - RANGE_MS[f.range] };
  const from = localTime(f.from);
  const to = localTime(f.to);
  return { from, to: to === undefined ? undefined : to + 59_999 };
}

// "2026-03-10T12:30" (no zone) is read in the user's clock, as the input shows it.
function localTime(value: string): number | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

/** The filters as an admin API query; a relative time range counts back from `now`. */
export function toQuery(f: LogFilters, now = Date.now()): LogQuery {
  const q: LogQuery = {
    model: f.model.trim() || undefined,
    status: f.status || undefined,
    protocol: f.protocol || undefined,
    client: f.client.trim() || undefined,
    text: f.text.trim() || undefined,
    ...timeWindow(f, now),
  };
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) as LogQuery;
}

const REGION_PREFIX = /^(us-gov|us|eu|apac|jp|au|ca|global)\./;

// A Bedrock model id without its cross-region prefix (us.anthropic… is anthropic…).
function baseId(id: string): string {
  let lower = id.trim().toLowerCase();
  const arn = /^arn:[^:]+:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)\/(.+)$/.exec(lower);
  if (arn) lower = arn[1];
  return lower.replace(REGION_PREFIX, '');
}

function statusMatches(status: number, f: StatusFilter): boolean {
  switch (f) {
    case 'ok':
      return status >= 200 && status < 300;
    case 'error':
      return status < 200 || status >= 300;
    case '4xx':
    case '5xx':
      return Math.floor(status / 100) === Number(f[0]);
    default:
      return status === Number(f);
  }
}

/** Whether an entry passes the filters (as the server's query would decide); a relative time range counts back from `now`. */
export function matchesFilters(e: RequestLogEntry, f: LogFilters, now = Date.now()): boolean {
  const model = f.model.trim().toLowerCase();
  if (model) {
    const wanted = baseId(model);
    const hit = [e.model, e.bedrockModel].some((id) => id !== undefined && (id.toLowerCase() === model || baseId(id) === wanted));
    if (!hit) return false;
  }
  if (f.status && !statusMatches(e.status, f.status)) return false;
  if (f.protocol && (e.protocol ?? protocolForPath(e.endpoint)) !== f.protocol) return false;
  const client = f.client.trim().toLowerCase();
  if (client && !e.client?.toLowerCase().includes(client)) return false;
  const { from, to } = timeWindow(f, now);
  if (from !== undefined && e.time < from) return false;
  if (to !== undefined && e.time > to) return false;
  const needle = f.text.trim().toLowerCase();
  if (needle) {
    const fields = [e.model, e.bedrockModel, e.client, e.userAgent, e.endpoint, e.error?.message, e.error?.code];
    if (!fields.some((field) => field !== undefined && field.toLowerCase().includes(needle))) return false;
  }
  return true;
}

/** Whether any filter is set. */
export function hasFilters(f: LogFilters): boolean {
  return Boolean(f.model.trim() || f.status || f.protocol || f.client.trim() || f.range || f.text.trim());
}
