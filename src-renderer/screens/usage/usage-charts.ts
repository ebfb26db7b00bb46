import uPlot from 'uplot';
import type { UsageBucketSize, UsageSummary } from '../../../src-shared/admin';
import { withAlpha, type ChartTheme } from '../../components/chart-theme';
import type { ChartOptions } from '../../components/UPlotChart';
import { bucketLabel, dayLabel, hourLabel } from './usage-time';

// uPlot options and data for the usage screen's charts: one stacked bar per bucket (hour or day,
// as the server chose for the range), a segment per model. Days are UTC (as the request log files
// are) and drawn in UTC; hours are drawn in the viewer's time zone.

const HOUR_S = 3600;
const DAY_S = 86_400;

/** What a chart stacks per model. */
export type UsageMetric = 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'costUsd';

/** Models drawn apart; the rest share one "Other models" segment. */
export const MAX_MODEL_SERIES = 5;
export const OTHER_MODELS = 'Other models';

/** Per-model series over the timeline: x in epoch seconds, each series' own values and their stacked tops. */
export interface ModelStack {
  bucket: UsageBucketSize;
  x: number[];
  /** Per series: the model key (OTHER_MODELS for the rest), its label and full id (for the legend's title). */
  series: Array<{ key: string; label: string; title: string }>;
  /** values[i][b]: series i in bucket b. */
  values: number[][];
  /** tops[i][b]: the top of series i's segment (its value plus every series after it); null where nothing is drawn. */
  tops: Array<Array<number | null>>;
}

/**
 * Stacks a metric per model over the summary's timeline: the models with the most of it first (at
 * most MAX_MODEL_SERIES, then "Other models"), drawn top to bottom in that order; models with none
 * of it are left out.
 */
export function stackByModel(summary: UsageSummary, metric: UsageMetric, maxSeries = MAX_MODEL_SERIES): ModelStack {
  const x = summary.timeline.map((b) => b.start / 1000);
  const totals = new Map<string, number>();
  for (const b of summary.timeline) for (const r of b.byModel) totals.set(r.key, (totals.get(r.key) ?? 0) + r[metric]);
  const names = new Map(summary.byModel.map((r) => [r.key, r.displayName ?? r.key]));
  const ranked = [...totals].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key]) => key);
  const own = ranked.length > maxSeries ? ranked.slice(0, maxSeries - 1) : ranked;
  const rest = new Set(ranked.slice(own.length));
  const series = own.map((key) => ({ key, label: names.get(key) ?? key, title: key }));
  if (rest.size > 0) series.push({ key: OTHER_MODELS, label: OTHER_MODELS, title: [...rest].join('\n') });
  const index = new Map(own.map((key, i) => [key, i]));
  const values = series.map(() => summary.timeline.map(() => 0));
  summary.timeline.forEach((b, bi) => {
    for (const r of b.byModel) {
      const i = index.get(r.key) ?? (rest.has(r.key) ? series.length - 1 : -1);
      if (i >= 0) values[i][bi] += r[metric];
    }
  });
  const tops = values.map((_, i) => x.map((_, bi) => {
    let top = 0;
    for (let j = i; j < values.length; j++) top += values[j][bi];
    return values[i][bi] > 0 ? top : null;
  }));
  return { bucket: summary.bucket, x, series, values, tops };
}

/** The data uPlot draws for a stack: x, then each series' segment tops. */
export function stackData(stack: ModelStack): uPlot.AlignedData {
  return [stack.x, ...stack.tops];
}

// Zero to a bit above the top, so an empty range still draws a sensible axis.
const fromZero: uPlot.Scale.Range = (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1];

function xAxis(theme: ChartTheme, bucket: UsageBucketSize, common: uPlot.Axis): uPlot.Axis {
  if (bucket === 'day') {
    // Whole days only: 1, 2, 7, 14 or 30 days between labels, whatever fits.
    return { ...common, space: 56, incrs: [DAY_S, 2 * DAY_S, 7 * DAY_S, 14 * DAY_S, 30 * DAY_S], values: (_u, splits) => splits.map(dayLabel), grid: { show: false } };
  }
  return {
    ...common,
    space: 48,
    incrs: [HOUR_S, 2 * HOUR_S, 3 * HOUR_S, 6 * HOUR_S, 12 * HOUR_S, DAY_S],
    // The hour, and the date under a label that starts a new day.
    values: (_u, splits) => splits.map((s, i) => {
      const day = new Date(s * 1000).toDateString();
      const newDay = i === 0 || new Date(splits[i - 1] * 1000).toDateString() !== day;
      return newDay ? `${hourLabel(s)}\n${new Date(s * 1000).toLocaleDateString(undefined, { month: 'short', day: 'numeric' })}` : hourLabel(s);
    }),
    grid: { show: false },
    stroke: theme.muted,
  };
}

/** Stacked bars of a metric per model and bucket, with a legend of the models (their own values under the cursor). */
export function stackChart(theme: ChartTheme, stack: ModelStack, format: (v: number) => string, formatAxis: (v: number) => string): ChartOptions {
  const step = stack.bucket === 'hour' ? HOUR_S : DAY_S;
  const common: uPlot.Axis = { stroke: theme.muted, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1, size: 4 }, font: '11px system-ui, sans-serif' };
  const bars = uPlot.paths.bars!({ size: [0.7, 40], align: 0 });
  const colour = (i: number, key: string): string => (key === OTHER_MODELS ? theme.muted : theme.series[i % theme.series.length]);
  const total = (idx: number): number => stack.values.reduce((n, v) => n + v[idx], 0);
  return {
    // Days are UTC days; hours are shown in local time.
    ...(stack.bucket === 'day' ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC') } : {}),
    scales: {
      // Half a bucket of room either side, so the first and last bars are not cut in half.
      x: { time: true, range: (_u, min, max) => [min - step / 2, max + step / 2] },
      y: { range: fromZero },
    },
    axes: [xAxis(theme, stack.bucket, common), { ...common, size: 64, values: (_u, splits) => splits.map(formatAxis) }],
    series: [
      { label: stack.bucket === 'hour' ? 'Hour' : 'Day', value: (_u, v, _s, idx) => (v == null || idx == null ? '–' : `${bucketLabel(stack.bucket, v)} · total ${format(total(idx))}`) },
      ...stack.series.map((s, i): uPlot.Series => ({
        label: s.label,
        stroke: colour(i, s.key),
        fill: withAlpha(colour(i, s.key), 0.8),
        width: 1,
        paths: bars,
        points: { show: false },
        value: (_u, _v, sidx, idx) => (idx == null ? '–' : format(stack.values[sidx - 1][idx])),
      })),
    ],
    legend: { show: true },
    cursor: { points: { show: false } },
    // The legend shows names; the full Bedrock id is on hover.
    hooks: {
      init: [
        (u) => {
          u.root.querySelectorAll('.u-legend .u-series').forEach((row, i) => {
            if (i > 0 && stack.series[i - 1]) row.setAttribute('title', stack.series[i - 1].title);
          });
        },
      ],
    },
  };
}
