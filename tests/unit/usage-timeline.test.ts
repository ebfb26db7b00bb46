import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountModels } from '../../src-proxy/bedrock/gateway';
import { DAY_MS } from '../../src-main/core/request-log/day-files';
import { RequestLog } from '../../src-main/core/request-log/request-log';
import { usageModelName, withModelNames } from '../../src-main/core/request-log/usage-names';
import { newDayTally, summarize, tallyEntry } from '../../src-main/core/request-log/usage';
import type { UsageRow, UsageSummary } from '../../src-shared/admin';
import type { RequestLogEntry } from '../../src-shared/request-log';

// The usage summary's timeline (by hour for short ranges, by day otherwise, per model), its
// count of requests without a price, and the names its model rows get.

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 10, 14, 30, 0); // 2026-03-10 14:30 UTC
const SONNET = 'global.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA = 'us.amazon.nova-micro-v1:0';

let seq = 0;
const entry = (over: Partial<RequestLogEntry> = {}): RequestLogEntry => ({
  id: `req-${++seq}`, time: T0, endpoint: '/v1/chat/completions', stream: false, status: 200, latencyMs: 250, ...over,
});

const logs: RequestLog[] = [];
function openLog() {
  const clock = { now: T0 };
  const log = new RequestLog({ dir: mkdtempSync(join(tmpdir(), 'outcrop-usage-')), retentionDays: 30, now: () => clock.now });
  logs.push(log);
  return { log, clock };
}
afterEach(async () => {
  await Promise.all(logs.splice(0).map((l) => l.close()));
});

describe('usage timeline', () => {
  it('a range of up to two days is bucketed by hour, up to the current hour, per model', async () => {
    const { log, clock } = openLog();
    clock.now = T0 - DAY_MS; // yesterday 14:30
    log.add(entry({ time: clock.now, bedrockModel: NOVA, inputTokens: 100 }));
    clock.now = T0 - 3 * HOUR; // today 11:30
    log.add(entry({ time: clock.now, bedrockModel: SONNET, inputTokens: 1000, outputTokens: 10, cacheReadTokens: 500 }));
    log.add(entry({ time: clock.now, bedrockModel: NOVA, inputTokens: 50 }));
    clock.now = T0;
    log.add(entry({ time: clock.now, bedrockModel: SONNET, outputTokens: 20 }));

    const today = await log.usage(1);
    expect(today.bucket).toBe('hour');
    // 00:00 … 14:00 today: no empty future hours.
    expect(today.timeline.map((b) => b.key)).toEqual(Array.from({ length: 15 }, (_, h) => `2026-03-10T${String(h).padStart(2, '0')}:00Z`));
    expect(today.timeline[0].start).toBe(Date.UTC(2026, 2, 10, 0));
    const eleven = today.timeline[11];
    expect(eleven.total).toMatchObject({ requests: 2, inputTokens: 1050, outputTokens: 10, cacheReadTokens: 500 });
    expect(eleven.byModel.map((r) => [r.key, r.inputTokens])).toEqual([
      [SONNET, 1000],
      [NOVA, 50],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    expect(eleven.total.costUsd).toBeGreaterThan(0);
    expect(today.timeline[14].total.requests).toBe(1);
    expect(today.timeline.filter((b) => b.total.requests === 0)).toHaveLength(13);

    const two = await log.usage(2);
    expect(two.bucket).toBe('hour');
    expect(two.timeline).toHaveLength(24 + 15);
    expect(two.timeline[14]).toMatchObject({ key: '2026-03-09T14:00Z', total: { requests: 1, inputTokens: 100 } });
    // The buckets add up to the totals.
    expect(two.timeline.reduce((n, b) => n + b.total.requests, 0)).toBe(two.total.requests);
    expect(two.timeline.reduce((n, b) => n + b.total.costUsd, 0)).toBeCloseTo(two.total.costUsd, 9);

    const week = await log.usage(7);
    expect(week.bucket).toBe('day');
    expect(week.timeline.map((b) => b.key)).toEqual(week.byDay.map((d) => d.key));
    expect(week.timeline.at(-1)).toMatchObject({ key: '2026-03-10', start: Date.UTC(2026, 2, 10), total: { requests: 3 } });
    expect(week.timeline.at(-1)!.byModel.map((r) => [r.key, r.requests])).toEqual([
      [SONNET, 2],
      [NOVA, 1],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
  });

  it('a request that started before midnight stays in the hours of the day whose file holds it', () => {
    const t = newDayTally('2026-03-10');
    tallyEntry(t, entry({ time: Date.UTC(2026, 2, 9, 23, 59, 59), bedrockModel: NOVA }) as unknown as Record<string, unknown>);
    const s = summarize(['2026-03-10'], [t], { bucket: 'hour', now: T0 });
    expect(s.timeline[0].total.requests).toBe(1);
    expect(s.timeline.reduce((n, b) => n + b.total.requests, 0)).toBe(1);
  });

  it('counts requests whose model has no price apart, so their cost is unknown rather than $0', () => {
    const t = newDayTally('2026-03-10');
    for (const e of [entry({ bedrockModel: 'acme.unknown-v1', inputTokens: 1000 }), entry({ bedrockModel: NOVA, inputTokens: 1000 }), entry({ model: 'no-such-model', status: 404 })]) {
      tallyEntry(t, e as unknown as Record<string, unknown>);
    }
    const s = summarize(['2026-03-10'], [t]);
    // The 404 never reached Bedrock: it used no tokens and cost nothing, price or not.
    expect(s.total).toMatchObject({ requests: 3, unpriced: 1 });
    const row = (key: string) => s.byModel.find((r) => r.key === key)!;
    expect(row('acme.unknown-v1')).toMatchObject({ requests: 1, unpriced: 1, costUsd: 0 });
    expect(row('no-such-model')).toMatchObject({ requests: 1, unpriced: 0, costUsd: 0 });
    expect(row(NOVA)).toMatchObject({ requests: 1, unpriced: 0 });
    expect(row(NOVA).costUsd).toBeGreaterThan(0);
    expect(s.timeline[0].total.unpriced).toBe(1);
  });
});

describe('usage model names', () => {
  const account: AccountModels = {
    foundationModels: [{ modelId: 'acme.rocket-v1:0', modelName: 'Rocket 1', providerName: 'Acme' }],
    inferenceProfiles: [
      { inferenceProfileId: 'us.acme.rocket-v1:0', inferenceProfileName: 'US Acme Rocket', type: 'SYSTEM_DEFINED' },
      { inferenceProfileArn: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123', inferenceProfileId: 'abc123', inferenceProfileName: 'team-sonnet', type: 'APPLICATION' },
    ],
  } as AccountModels;

  it('names a row from the catalogue, the listing, or a user alias', () => {
    const src = { aliases: { fast: 'us.amazon.nova-lite-v1:0', mine: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/zzz' }, account };
    expect(usageModelName(SONNET, src)).toBe('Claude Sonnet 4.5');
    expect(usageModelName('anthropic.claude-sonnet-4-5-20250929-v1:0', src)).toBe('Claude Sonnet 4.5');
    expect(usageModelName('us.acme.rocket-v1:0', src)).toBe('Rocket 1');
    expect(usageModelName('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123', src)).toBe('team-sonnet');
    expect(usageModelName('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/zzz', src)).toBe('mine');
    expect(usageModelName('claude-haiku', src)).toBe('Claude Haiku 4.5');
    expect(usageModelName('acme.unknown-v1', { aliases: {} })).toBeUndefined();
  });

  it('rows that would share a name say which way they went; others keep the plain name', () => {
    const row = (key: string): UsageRow => ({ key, requests: 1, errors: 0, unpriced: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0, cacheSavingsUsd: 0 });
    const summary = { byModel: [row(SONNET), row('us.anthropic.claude-sonnet-4-5-20250929-v1:0'), row('anthropic.claude-sonnet-4-5-20250929-v1:0'), row(NOVA), row('acme.unknown-v1')] } as UsageSummary;
    expect(withModelNames(summary, { aliases: {} }).byModel.map((r) => r.displayName)).toEqual([
      'Claude Sonnet 4.5 (global)',
      'Claude Sonnet 4.5 (us)',
      'Claude Sonnet 4.5 (in-region)',
      'Nova Micro',
      undefined,
    ]);
  });
});
