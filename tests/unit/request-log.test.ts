import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DAY_MS } from '../../src-main/core/request-log/day-files';
import { RequestLog, type RequestLogOptions } from '../../src-main/core/request-log/request-log';
import type { RequestLogEntry } from '../../src-shared/request-log';

const T0 = Date.UTC(2026, 2, 10, 9, 30, 0); // 2026-03-10
const SONNET = 'global.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA = 'us.amazon.nova-micro-v1:0';

let seq = 0;
const entry = (over: Partial<RequestLogEntry> = {}): RequestLogEntry => ({
  id: `req-${++seq}`, time: T0, endpoint: '/v1/chat/completions', stream: true, status: 200, latencyMs: 250, ...over,
});

const logs: RequestLog[] = [];
function openLog(over: Partial<RequestLogOptions> = {}): { log: RequestLog; dir: string; clock: { now: number } } {
  const dir = over.dir ?? mkdtempSync(join(tmpdir(), 'outcrop-log-'));
  const clock = { now: T0 };
  const log = new RequestLog({ dir, retentionDays: 30, now: () => clock.now, ...over });
  logs.push(log);
  return { log, dir, clock };
}
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(logs.splice(0).map((l) => l.close()));
});

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('RequestLog files', () => {
  it('appends one JSON line per entry to the UTC day file, created 0600, without add() waiting for it', async () => {
    const { log, dir } = openLog();
    const a = log.add(entry({ bedrockModel: SONNET, inputTokens: 1000, outputTokens: 100 }));
    log.add(entry({ bedrockModel: NOVA, status: 500, error: { code: 'bedrock_error', message: 'boom' } }));
    log.add(entry({ bedrockModel: 'acme.unknown-v1' }));
    const file = join(dir, 'requests-2026-03-10.jsonl');
    expect(existsSync(file)).toBe(false); // add() returned before any I/O
    expect(a.costUsd).toBeCloseTo(0.0045, 12);
    await log.flush();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const written = lines(file).map((l) => JSON.parse(l));
    expect(written).toHaveLength(3);
    expect(written[0]).toMatchObject({ id: a.id, bedrockModel: SONNET, costUsd: 0.0045 });
    expect(written[1]).toMatchObject({ status: 500, error: { code: 'bedrock_error', message: 'boom' }, costUsd: 0 });
    expect('costUsd' in written[2]).toBe(false);
    log.add(entry());
    await log.flush();
    expect(lines(file)).toHaveLength(4);
  });

  it('redacts kept bodies before they reach the live view or the file', async () => {
    const { log, dir } = openLog({ maxBodyChars: 2000 });
    const bodies = {
      request: { headers: { authorization: 'Bearer secret-value' }, messages: [{ content: [{ image: { source: { bytes: new Uint8Array(2048) } } }] }] },
      response: { text: 'x'.repeat(10_000) },
    };
    const stored = log.add(entry({ bodies }));
    expect(JSON.stringify(stored.bodies)).toContain('[image: 2048 bytes]');
    await log.flush();
    const text = readFileSync(join(dir, 'requests-2026-03-10.jsonl'), 'utf8');
    expect(text).not.toContain('secret-value');
    expect(text).toContain('[image: 2048 bytes]');
    expect(JSON.stringify(JSON.parse(text).bodies.response).length).toBeLessThanOrEqual(2000);
  });

  it('puts entries in the file of the day they are logged on', async () => {
    const { log, dir, clock } = openLog();
    log.add(entry());
    clock.now = T0 + DAY_MS;
    log.add(entry());
    log.add(entry());
    await log.flush();
    expect(lines(join(dir, 'requests-2026-03-10.jsonl'))).toHaveLength(1);
    expect(lines(join(dir, 'requests-2026-03-11.jsonl'))).toHaveLength(2);
  });

  it('restores the live view from the files after a restart', async () => {
    const { log, dir, clock } = openLog();
    log.add(entry({ id: 'old-day' }));
    clock.now = T0 + DAY_MS;
    log.add(entry({ id: 'today-1', time: T0 + DAY_MS }));
    await log.close();
    appendFileSync(join(dir, 'requests-2026-03-11.jsonl'), '{not json\n');
    const { log: next } = openLog({ dir, ringSize: 5, now: () => T0 + DAY_MS });
    next.add(entry({ id: 'new', time: T0 + DAY_MS + 5 }));
    expect(await next.restore()).toBe(2);
    expect(next.recent({}).map((e) => e.id)).toEqual(['new', 'today-1', 'old-day']);
  });
});

describe('RequestLog.query: beyond what memory holds', () => {
  it('finds matches in the day files before the oldest entry in memory, newest first, bounded by from, before and limit', async () => {
    const { log, clock } = openLog({ ringSize: 5 });
    // Three days, 6 requests a day (one of them a 500 each day); only the last 5 stay in memory.
    for (let d = 0; d < 3; d++) {
      for (let i = 0; i < 6; i++) {
        clock.now = T0 + d * DAY_MS + i * 60_000;
        log.add(entry({ time: clock.now, id: `d${d}-${i}`, status: i === 2 ? 500 : 200, model: i % 2 ? 'claude-haiku' : 'claude-sonnet' }));
      }
    }
    await log.flush();
    expect(log.recent({ limit: 100 })).toHaveLength(5);

    const all = await log.query({ limit: 100 });
    expect(all.map((e) => e.id)).toEqual([...[2, 1, 0].flatMap((d) => [5, 4, 3, 2, 1, 0].map((i) => `d${d}-${i}`))]);
    // The failures of every day, though memory holds only today's.
    expect((await log.query({ status: '5xx' })).map((e) => e.id)).toEqual(['d2-2', 'd1-2', 'd0-2']);
    // A time range reaching into yesterday only.
    expect((await log.query({ from: T0 + DAY_MS + 3 * 60_000, model: 'claude-haiku' })).map((e) => e.id)).toEqual(['d2-5', 'd2-3', 'd2-1', 'd1-5', 'd1-3']);
    // Paging back past memory, and the limit.
    expect((await log.query({ before: T0 + DAY_MS, limit: 2 })).map((e) => e.id)).toEqual(['d0-5', 'd0-4']);
    expect(await log.query({ limit: 7 })).toHaveLength(7);
  });

  it('memory alone answers while it is not full (it then holds every entry there is)', async () => {
    const { log, dir } = openLog({ ringSize: 50 });
    writeFileSync(join(dir, 'requests-2026-03-09.jsonl'), `${JSON.stringify(entry({ id: 'on-disk-only', time: T0 - DAY_MS }))}\n`);
    log.add(entry({ id: 'new' }));
    expect((await log.query({})).map((e) => e.id)).toEqual(['new']);
  });
});

describe('RequestLog.usage', () => {
  async function threeDays() {
    const opened = openLog();
    const { log, clock } = opened;
    clock.now = T0 - 2 * DAY_MS; // 03-08
    log.add(entry({ bedrockModel: SONNET, inputTokens: 1_000_000, outputTokens: 100_000 })); // 3 + 1.5
    log.add(entry({ bedrockModel: SONNET, status: 429 }));
    clock.now = T0 - DAY_MS; // 03-09
    log.add(entry({ bedrockModel: NOVA, inputTokens: 2_000_000, outputTokens: 1_000_000, cacheReadTokens: 1_000_000 })); // 0.07 + 0.14 + 0.00875
    clock.now = T0; // 03-10
    log.add(entry({ bedrockModel: SONNET, inputTokens: 10, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000 })); // 0.00003 + 0.3 + 3.75
    log.add(entry({ model: 'no-such-model', status: 404 }));
    return opened;
  }

  it('totals requests, errors, tokens, cost and cache savings per day and per model', async () => {
    const { log } = await threeDays();
    const usage = await log.usage(3); // entries still queued are counted: no flush first
    expect(usage.from).toBe('2026-03-08');
    expect(usage.to).toBe('2026-03-10');
    expect(usage.byDay.map((d) => [d.key, d.requests, d.errors])).toEqual([
      ['2026-03-08', 2, 1],
      ['2026-03-09', 1, 0],
      ['2026-03-10', 2, 1],
    ]);
    expect(usage.byDay[0].costUsd).toBeCloseTo(4.5, 9);
    expect(usage.byDay[1].costUsd).toBeCloseTo(0.21875, 9);
    expect(usage.byDay[2].costUsd).toBeCloseTo(4.05003, 9);
    expect(usage.total).toMatchObject({ key: 'total', requests: 5, errors: 2, inputTokens: 3_000_010, outputTokens: 1_100_000, cacheReadTokens: 2_000_000, cacheWriteTokens: 1_000_000 });
    expect(usage.total.costUsd).toBeCloseTo(4.5 + 0.21875 + 4.05003, 9);
    expect(usage.total.cacheSavingsUsd).toBeCloseTo(2.7 + 0.02625, 9);
    expect(usage.byModel.map((m) => [m.key, m.requests])).toEqual([
      [SONNET, 3],
      [NOVA, 1],
      ['no-such-model', 1],
    ]);
    expect(usage.byModel[0].errors).toBe(1);
  });

  it('covers only the asked days, with empty days as zero rows', async () => {
    const { log, clock } = await threeDays();
    const two = await log.usage(2);
    expect(two.byDay.map((d) => d.key)).toEqual(['2026-03-09', '2026-03-10']);
    expect(two.total.requests).toBe(3);
    clock.now = T0 + 3 * DAY_MS;
    const week = await log.usage(7);
    expect(week.byDay).toHaveLength(7);
    expect(week.byDay.slice(4).every((d) => d.requests === 0 && d.costUsd === 0)).toBe(true);
    expect(week.total.requests).toBe(5);
  });

  it('skips malformed lines and counts entries written again for a day already summed', async () => {
    const { log, dir, clock } = await threeDays();
    await log.flush();
    appendFileSync(join(dir, 'requests-2026-03-08.jsonl'), 'garbage\n[1,2]\n{"status":"x"\n\n');
    clock.now = T0 + 5 * DAY_MS;
    expect((await log.usage(10)).total.requests).toBe(5);
    clock.now = T0 - 2 * DAY_MS; // the clock went back: 03-08 gets a new entry
    log.add(entry({ bedrockModel: NOVA }));
    clock.now = T0 + 5 * DAY_MS;
    const again = await log.usage(10);
    expect(again.total.requests).toBe(6);
    expect(again.byDay.find((d) => d.key === '2026-03-08')?.requests).toBe(3);
  });
});

describe('RequestLog retention', () => {
  const seed = (dir: string, days: string[]) => {
    for (const day of days) writeFileSync(join(dir, `requests-${day}.jsonl`), '{}\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a log file');
  };

  it('deletes day files older than the retention at start and when it changes, keeping the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outcrop-log-ret-'));
    seed(dir, ['2025-12-31', '2026-03-03', '2026-03-04', '2026-03-09', '2026-03-10']);
    const { log } = openLog({ dir, retentionDays: 7 });
    await log.flush();
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'requests-2026-03-04.jsonl', 'requests-2026-03-09.jsonl', 'requests-2026-03-10.jsonl']);
    expect(await log.setRetention(2)).toEqual(['requests-2026-03-04.jsonl']);
    expect(log.retention).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'requests-2026-03-09.jsonl', 'requests-2026-03-10.jsonl']);
  });

  it('rotates again every day on its timer', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const dir = mkdtempSync(join(tmpdir(), 'outcrop-log-ret-'));
    seed(dir, ['2026-03-09', '2026-03-10']);
    const { log, clock } = openLog({ dir, retentionDays: 2 });
    await log.flush();
    expect(readdirSync(dir)).toHaveLength(3);
    clock.now = T0 + DAY_MS;
    vi.advanceTimersByTime(DAY_MS);
    await log.flush();
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'requests-2026-03-10.jsonl']);
  });
});

describe('RequestLog failures', () => {
  it('never throws out of add() when the folder cannot be written, and reports the failure once', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'outcrop-log-fail-'));
    const dir = join(parent, 'logs');
    writeFileSync(dir, 'a file where the folder should be');
    const onError = vi.fn();
    const { log } = openLog({ dir, onError });
    for (let i = 0; i < 3; i++) expect(() => log.add(entry())).not.toThrow();
    await log.flush();
    log.add(entry());
    await log.flush();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0][0]).toBeInstanceOf(Error);
    expect(String(onError.mock.calls[0][0].message)).toMatch(/Could not write the request log in .*logs/);
    expect(log.recent({})).toHaveLength(4); // the live view still works
    expect((await log.usage(1)).total.requests).toBe(0);
  });

  it('survives an onError that throws', async () => {
    const { log } = openLog({ dir: join(mkdtempSync(join(tmpdir(), 'outcrop-log-fail-')), 'x', '\0bad'), onError: () => { throw new Error('reporter down'); } });
    log.add(entry());
    await expect(log.flush()).resolves.toBeUndefined();
  });

  it('writes nothing after close but still shows entries', async () => {
    const { log, dir } = openLog();
    log.add(entry());
    await log.close();
    log.add(entry({ id: 'late' }));
    await log.flush();
    expect(lines(join(dir, 'requests-2026-03-10.jsonl'))).toHaveLength(1);
    expect(log.recent({})[0].id).toBe('late');
  });
});
