import { describe, expect, it } from 'vitest';
import { OTHER_MODELS, stackByModel, stackData } from '../../src-renderer/screens/usage/usage-charts';
import type { UsageBucket, UsageRow, UsageSummary } from '../../src-shared/admin';

// The usage charts stack each model's share of a bucket: one segment per model (the biggest
// first, the rest as "Other models"), named as the table names them.

const row = (key: string, over: Partial<UsageRow> = {}): UsageRow => ({ key, requests: 1, errors: 0, unpriced: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0, cacheSavingsUsd: 0, ...over });
const bucket = (h: number, models: UsageRow[]): UsageBucket => ({ key: `h${h}`, start: Date.UTC(2026, 2, 10, h), total: row('t'), byModel: models });

describe('stackByModel', () => {
  const summary = {
    bucket: 'hour',
    byModel: [row('a', { displayName: 'Model A' }), row('b', { displayName: 'Model B' }), row('c')],
    timeline: [bucket(0, [row('a', { inputTokens: 10 }), row('b', { inputTokens: 30 })]), bucket(1, []), bucket(2, [row('a', { inputTokens: 5 }), row('c', { outputTokens: 7 })])],
  } as unknown as UsageSummary;

  it('one series per model with some of the metric, biggest first, stacked top-down', () => {
    const s = stackByModel(summary, 'inputTokens');
    expect(s.bucket).toBe('hour');
    expect(s.x).toEqual([0, 1, 2].map((h) => Date.UTC(2026, 2, 10, h) / 1000));
    // b has 30, a 15; c has no input tokens and is left out.
    expect(s.series).toEqual([
      { key: 'b', label: 'Model B', title: 'b' },
      { key: 'a', label: 'Model A', title: 'a' },
    ]);
    expect(s.values).toEqual([
      [30, 0, 0],
      [10, 0, 5],
    ]);
    // The first series' segment tops the stack; nothing is drawn where a model has none.
    expect(s.tops).toEqual([
      [40, null, null],
      [10, null, 5],
    ]);
    expect(stackData(s)).toEqual([s.x, ...s.tops]);
    expect(stackByModel(summary, 'outputTokens').series.map((x) => x.label)).toEqual(['c']);
  });

  it('models past the limit share one "Other models" series', () => {
    const many = {
      bucket: 'day',
      byModel: ['m1', 'm2', 'm3', 'm4'].map((k) => row(k)),
      timeline: [bucket(0, [row('m1', { costUsd: 4 }), row('m2', { costUsd: 3 }), row('m3', { costUsd: 2 }), row('m4', { costUsd: 1 })])],
    } as unknown as UsageSummary;
    const s = stackByModel(many, 'costUsd', 3);
    expect(s.series.map((x) => x.key)).toEqual(['m1', 'm2', OTHER_MODELS]);
    expect(s.series[2].title).toBe('m3\nm4');
    expect(s.values.map((v) => v[0])).toEqual([4, 3, 3]);
    expect(s.tops.map((v) => v[0])).toEqual([10, 6, 3]);
  });
});
