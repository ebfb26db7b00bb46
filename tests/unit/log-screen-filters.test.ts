import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src-main/core/request-log/ring';
import { logsQuery } from '../../src-proxy/routes/admin/schemas';
import type { RequestLogEntry } from '../../src-shared/request-log';
import { matchesFilters, NO_FILTERS, STATUS_FILTERS, TIME_RANGES, timeWindow, toQuery, type LogFilters } from '../../src-renderer/screens/logs/log-filter';
import { entryKey, mergeEntries, streamTtft } from '../../src-renderer/screens/logs/log-format';

// The Logs screen's filters decide about live entries exactly as the server's query decides about
// the ones it sends (else a reload shows a different table); and rows are told apart by id and time.

const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);
const MIN = 60_000;
const entry = (over: Partial<RequestLogEntry>): RequestLogEntry => ({ id: 'r', time: NOW, endpoint: '/v1/chat/completions', stream: false, status: 200, latencyMs: 1, ...over });

const ENTRIES: RequestLogEntry[] = [
  entry({ id: 'a', time: NOW - 5 * MIN, model: 'claude-sonnet', client: 'claude-cli/2.1.3', protocol: 'messages', endpoint: '/v1/messages' }),
  entry({ id: 'b', time: NOW - 30 * MIN, model: 'nova-pro', client: 'Cline/3.40.1', status: 429, error: { code: 'throttled', message: 'Slow down' } }),
  entry({ id: 'c', time: NOW - 3 * 3_600_000, status: 499, error: { code: 'client_closed', message: 'left' }, client: 'curl/8.5.0' }),
  entry({ id: 'd', time: NOW - 2 * 86_400_000, status: 500, model: 'nova-pro', error: { code: 'internal', message: 'x' } }),
  entry({ id: 'e', time: NOW - 10 * 86_400_000, status: 400, model: 'claude-sonnet', client: 'OpenAI/JS 6.1.0' }),
  entry({ id: 'f', time: NOW, status: 201, endpoint: '/v1/embeddings' }),
];

function local(ms: number): string {
  // A datetime-local value in this process's zone, as the input would hold it.
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const FILTER_SETS: LogFilters[] = [
  NO_FILTERS,
  ...STATUS_FILTERS.map((status) => ({ ...NO_FILTERS, status })),
  ...TIME_RANGES.filter((r) => r !== 'custom').map((range) => ({ ...NO_FILTERS, range })),
  { ...NO_FILTERS, range: 'custom', from: local(NOW - 60 * MIN), to: local(NOW - 30 * MIN) },
  { ...NO_FILTERS, range: 'custom', from: local(NOW - 3 * 86_400_000) },
  { ...NO_FILTERS, range: 'custom', to: local(NOW - 86_400_000) },
  { ...NO_FILTERS, client: 'CLAUDE-cli' },
  { ...NO_FILTERS, client: 'cline', status: '4xx' },
  { ...NO_FILTERS, model: 'nova-pro', range: '7d' },
  { ...NO_FILTERS, text: 'slow', range: '1h' },
  { ...NO_FILTERS, protocol: 'embeddings', status: 'ok' },
];

describe('screen filters agree with the server', () => {
  it('for every status, time range, client and combination, live entries pass exactly when the query keeps them', () => {
    for (const f of FILTER_SETS) {
      const q = toQuery(f, NOW);
      // What the screen sends is what the admin API accepts.
      const raw = Object.fromEntries(Object.entries(q).map(([k, v]) => [k, String(v)]));
      expect(logsQuery.safeParse(raw).success, JSON.stringify(f)).toBe(true);
      const server = ENTRIES.filter(compileQuery(q)).map((e) => e.id);
      const screen = ENTRIES.filter((e) => matchesFilters(e, f, NOW)).map((e) => e.id);
      expect(screen, JSON.stringify(f)).toEqual(server);
    }
  });

  it('each filter narrows as it says', () => {
    const ids = (f: Partial<LogFilters>) => ENTRIES.filter((e) => matchesFilters(e, { ...NO_FILTERS, ...f }, NOW)).map((e) => e.id);
    expect(ids({ status: '4xx' })).toEqual(['b', 'c', 'e']);
    expect(ids({ status: '5xx' })).toEqual(['d']);
    expect(ids({ status: '429' })).toEqual(['b']);
    expect(ids({ status: '499' })).toEqual(['c']);
    expect(ids({ range: '15m' })).toEqual(['a', 'f']);
    expect(ids({ range: '1h' })).toEqual(['a', 'b', 'f']);
    expect(ids({ range: '24h' })).toEqual(['a', 'b', 'c', 'f']);
    expect(ids({ range: '7d' })).toEqual(['a', 'b', 'c', 'd', 'f']);
    expect(ids({ client: 'claude-cli' })).toEqual(['a']);
    // A custom "to" takes in its whole minute.
    expect(ids({ range: 'custom', from: local(NOW - 30 * MIN), to: local(NOW - 30 * MIN) })).toEqual(['b']);
    expect(timeWindow({ range: 'custom', from: '', to: '' }, NOW)).toEqual({ from: undefined, to: undefined });
    expect(toQuery({ ...NO_FILTERS, range: '1h' }, NOW)).toEqual({ from: NOW - 60 * MIN });
  });
});

describe('rows', () => {
  it('are told apart by id and time: a new run\'s req-1 is not the old run\'s; one entry twice is shown once', () => {
    const old1 = entry({ id: 'req-1', time: NOW - 1000 });
    const new1 = entry({ id: 'req-1', time: NOW });
    expect(entryKey(old1)).not.toBe(entryKey(new1));
    expect(mergeEntries([new1], [old1])).toEqual([new1, old1]);
    expect(mergeEntries([new1, new1], [new1, old1])).toEqual([new1, old1]);
    expect(mergeEntries([new1], [old1], 1)).toEqual([new1]);
  });

  it('time to first token is shown for streams only, also for old entries that carry it for whole answers', () => {
    expect(streamTtft(entry({ stream: true, ttftMs: 120 }))).toBe(120);
    expect(streamTtft(entry({ stream: false, ttftMs: 900 }))).toBeUndefined();
  });
});
