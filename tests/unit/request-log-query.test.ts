import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestLog } from '../../src-main/core/request-log/request-log';
import { EntryRing } from '../../src-main/core/request-log/ring';
import type { RequestLogEntry } from '../../src-shared/request-log';

const T0 = Date.UTC(2026, 2, 10, 12, 0, 0);
let seq = 0;
const entry = (over: Partial<RequestLogEntry> = {}): RequestLogEntry => ({
  id: `req-${++seq}`, time: T0 + seq * 1000, endpoint: '/v1/chat/completions', client: 'OpenAI/JS 6.1.0', stream: false, status: 200, latencyMs: 100, ...over,
});

const logs: RequestLog[] = [];
function openLog(ringSize?: number): RequestLog {
  const log = new RequestLog({ dir: mkdtempSync(join(tmpdir(), 'outcrop-log-q-')), retentionDays: 30, ringSize, now: () => T0 });
  logs.push(log);
  return log;
}
afterEach(async () => {
  await Promise.all(logs.splice(0).map((l) => l.close()));
});

describe('EntryRing', () => {
  it('keeps the newest entries, in order, and drops the oldest when full', () => {
    const ring = new EntryRing(3);
    const [a, b, c, d, e] = [entry(), entry(), entry(), entry(), entry()];
    for (const x of [a, b, c, d, e]) ring.push(x);
    expect(ring.toArray()).toEqual([c, d, e]);
    ring.prepend([a, b]);
    expect(ring.toArray()).toEqual([c, d, e]);
    const small = new EntryRing(4);
    small.push(d);
    small.prepend([a, b, c]);
    expect(small.toArray()).toEqual([a, b, c, d]);
  });
});

describe('RequestLog.recent', () => {
  it('returns the newest first, at most limit (default 100, max 1000), and fills costUsd', () => {
    const log = openLog(2000);
    for (let i = 0; i < 1200; i++) log.add(entry({ bedrockModel: 'us.amazon.nova-micro-v1:0', inputTokens: 1_000_000 }));
    const page = log.recent({});
    expect(page).toHaveLength(100);
    expect(page[0].time).toBeGreaterThan(page[1].time);
    expect(page[0].costUsd).toBeCloseTo(0.035, 10);
    expect(log.recent({ limit: 5000 })).toHaveLength(1000);
    expect(log.recent({ limit: 0 })).toHaveLength(1);
  });

  it('pages back with before, by request time even when requests finish out of order', () => {
    const log = openLog();
    const slow = entry({ time: T0 - 60_000, id: 'slow-stream' }); // arrived first, finished last
    const fast = [entry(), entry(), entry(), entry()];
    for (const e of fast) log.add(e);
    log.add(slow);
    const first = log.recent({ limit: 2 });
    expect(first.map((e) => e.id)).toEqual([fast[3].id, fast[2].id]);
    const second = log.recent({ limit: 2, before: first[1].time });
    expect(second.map((e) => e.id)).toEqual([fast[1].id, fast[0].id]);
    const third = log.recent({ limit: 2, before: second[1].time });
    expect(third.map((e) => e.id)).toEqual(['slow-stream']);
  });

  it('filters by the asked model or the Bedrock model, with or without a region prefix', () => {
    const log = openLog();
    log.add(entry({ id: 'a', model: 'claude-sonnet', bedrockModel: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' }));
    log.add(entry({ id: 'b', model: 'gpt-4o', bedrockModel: 'us.amazon.nova-pro-v1:0' }));
    log.add(entry({ id: 'c', model: 'amazon.nova-pro-v1:0', bedrockModel: 'amazon.nova-pro-v1:0' }));
    const ids = (model: string) => log.recent({ model }).map((e) => e.id).sort();
    expect(ids('claude-sonnet')).toEqual(['a']);
    expect(ids('US.anthropic.claude-sonnet-4-5-20250929-v1:0')).toEqual(['a']);
    expect(ids('anthropic.claude-sonnet-4-5-20250929-v1:0')).toEqual(['a']);
    expect(ids('amazon.nova-pro-v1:0')).toEqual(['b', 'c']);
    expect(ids('gpt-4o')).toEqual(['b']);
    expect(ids('nova')).toEqual([]);
  });

  it('filters by status: ok, error, a class or an exact code', () => {
    const log = openLog();
    for (const status of [200, 201, 400, 429, 500, 503]) log.add(entry({ id: `s${status}`, status }));
    const ids = (status: string) => log.recent({ status }).map((e) => e.id).sort();
    expect(ids('ok')).toEqual(['s200', 's201']);
    expect(ids('error')).toEqual(['s400', 's429', 's500', 's503']);
    expect(ids('429')).toEqual(['s429']);
    expect(ids('5xx')).toEqual(['s500', 's503']);
    expect(ids('teapot')).toEqual([]);
    expect(log.recent({ status: '' })).toHaveLength(6);
  });

  it('matches free text against model, client, endpoint and error, ignoring case', () => {
    const log = openLog();
    log.add(entry({ id: 'm', model: 'Claude-Haiku' }));
    log.add(entry({ id: 'c', client: 'Cline/3.2' }));
    log.add(entry({ id: 'e', endpoint: '/v1/embeddings' }));
    log.add(entry({ id: 'x', status: 403, error: { code: 'sso_expired', message: 'AWS SSO session for profile dev expired' } }));
    const ids = (text: string) => log.recent({ text }).map((e) => e.id).sort();
    expect(ids('haiku')).toEqual(['m']);
    expect(ids('CLINE')).toEqual(['c']);
    expect(ids('embeddings')).toEqual(['e']);
    expect(ids('session for profile')).toEqual(['x']);
    expect(ids('sso_expired')).toEqual(['x']);
    expect(log.recent({ text: 'cline', status: 'error' })).toEqual([]);
  });

  it('filters by client: part of the short name, any case', () => {
    const log = openLog();
    log.add(entry({ id: 'a', client: 'claude-cli/2.1.3' }));
    log.add(entry({ id: 'b', client: 'claude-cli/2.0.9' }));
    log.add(entry({ id: 'c', client: 'Cline/3.40.1', userAgent: 'OpenAI/JS 4.96.0' }));
    log.add(entry({ id: 'd', client: undefined }));
    const ids = (client: string) => log.recent({ client }).map((e) => e.id).sort();
    expect(ids('claude-cli')).toEqual(['a', 'b']);
    expect(ids('CLINE')).toEqual(['c']);
    expect(ids('openai')).toEqual([]);
    expect(log.recent({ client: '' })).toHaveLength(4);
  });

  it('filters by time: from and to, both ends included, with before for paging', () => {
    const log = openLog();
    for (let i = 0; i < 6; i++) log.add(entry({ id: `t${i}`, time: T0 + i * 60_000 }));
    const ids = (q: { from?: number; to?: number; before?: number }) => log.recent(q).map((e) => e.id);
    expect(ids({ from: T0 + 120_000 })).toEqual(['t5', 't4', 't3', 't2']);
    expect(ids({ to: T0 + 120_000 })).toEqual(['t2', 't1', 't0']);
    expect(ids({ from: T0 + 60_000, to: T0 + 180_000 })).toEqual(['t3', 't2', 't1']);
    expect(ids({ from: T0 + 60_000, to: T0 + 180_000, before: T0 + 180_000 })).toEqual(['t2', 't1']);
    expect(ids({ from: T0 + 1, to: T0 + 59_999 })).toEqual([]);
  });

  it('pages back across a restart: new r… ids and old req-N ids of two runs, newest first, none lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outcrop-log-q-'));
    const first = new RequestLog({ dir, retentionDays: 30, now: () => T0 });
    // Two earlier runs that both had a req-1 (per-process ids), then a run with r… ids.
    first.add(entry({ id: 'req-1', time: T0 + 1 }));
    first.add(entry({ id: 'req-2', time: T0 + 2 }));
    first.add(entry({ id: 'req-1', time: T0 + 3 }));
    first.add(entry({ id: 'r0mlk0c7xs000abcd', time: T0 + 4 }));
    await first.close();
    const second = new RequestLog({ dir, retentionDays: 30, now: () => T0 });
    logs.push(second);
    expect(await second.restore()).toBe(4);
    second.add(entry({ id: 'r0mlk0c7xt000wxyz', time: T0 + 5 }));
    const page1 = second.recent({ limit: 2 });
    const page2 = second.recent({ limit: 2, before: page1[1].time });
    const page3 = second.recent({ limit: 2, before: page2[1].time });
    expect([...page1, ...page2, ...page3].map((e) => `${e.id}@${e.time - T0}`)).toEqual(['r0mlk0c7xt000wxyz@5', 'r0mlk0c7xs000abcd@4', 'req-1@3', 'req-2@2', 'req-1@1']);
  });
});

